package app.tandem.ui.login;

import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.Notices;
import app.tandem.ui.ReturnTo;
import app.tandem.ui.UiServices;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * Log in with email and password. A wrong password and an unknown email get the same message (the service does
 * not tell them apart either). Afterwards the visitor goes to the route they wanted ({@link ReturnTo}).
 */
@Route("login")
@PageTitle("Log in · Tandem")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {
    final TextField email = new TextField("Email");
    final PasswordField password = new PasswordField("Password");
    final Button submit = new Button("Log in");
    final Div error = new Div();
    private final RouterLink signup = new RouterLink("Create an account", SignupView.class);
    private String next = "";

    public LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        H1 title = new H1("Tandem");
        Paragraph intro = new Paragraph("Plan, try, review and share practice together.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);

        email.setId("login-email");
        email.setAutocomplete(Autocomplete.EMAIL);
        email.setWidth("20em");
        email.setAutofocus(true);
        password.setId("login-password");
        password.setWidth("20em");

        submit.setId("login-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setWidth("20em");
        submit.addClickShortcut(Key.ENTER);
        submit.addClickListener(e -> logIn());

        error.setId("login-error");
        error.getElement().setAttribute("role", "alert");
        error.addClassNames(LumoUtility.TextColor.ERROR);
        error.setWidth("20em");

        signup.setId("signup-link");
        Span noAccount = new Span("New here? ");
        Div signupLine = new Div(noAccount, signup);

        add(title, intro, email, password, error, submit, signupLine);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        next = ReturnTo.from(event.getLocation().getQueryParameters());
        if (CurrentUser.get().isPresent()) {
            event.forwardTo(next);
            return;
        }
        signup.setQueryParameters(ReturnTo.of(next));
    }

    private void logIn() {
        error.setText("");
        String mail = email.getValue().trim();
        if (mail.isEmpty() || password.getValue().isEmpty()) {
            error.setText("Enter your email and password.");
            return;
        }
        Account account;
        try {
            account = UiServices.get().accounts().authenticate(mail, password.getValue());
        } catch (TandemException e) {
            error.setText(e.getMessage());
            password.clear();
            password.focus();
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        CurrentUser.login(account);
        UI.getCurrent().navigate(next);
    }
}
