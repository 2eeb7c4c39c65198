package app.tandem.ui.login;

import app.tandem.ErrorCode;
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
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.Locale;
import java.util.Optional;

/**
 * Create a local account (accounts belong to people, not schools). Obvious mistakes are flagged on their field
 * before the server is asked; the server's rules still decide (EMAIL_TAKEN on the email field, anything else it
 * rejects is shown above the button). A new account is signed in straight away.
 */
@Route("signup")
@PageTitle("Sign up · Tandem")
public class SignupView extends VerticalLayout implements BeforeEnterObserver {
    static final int MIN_PASSWORD = 8;

    final TextField email = new TextField("Email");
    final TextField displayName = new TextField("Your name");
    final PasswordField password = new PasswordField("Password");
    final Button submit = new Button("Create account");
    final Div error = new Div();
    private final RouterLink login = new RouterLink("Log in", LoginView.class);
    private String next = "";

    public SignupView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        // We set invalid/error ourselves; stop the fields' built-in validation from clearing it on blur.
        email.setManualValidation(true);
        displayName.setManualValidation(true);
        password.setManualValidation(true);
        email.setMaxLength(254);
        displayName.setMaxLength(100);
        password.setMaxLength(200);
        email.setId("signup-email");
        email.setWidth("20em");
        email.setAutofocus(true);
        displayName.setId("signup-name");
        displayName.setWidth("20em");
        displayName.setHelperText("Shown to the people you work with");
        password.setId("signup-password");
        password.setWidth("20em");
        password.setHelperText("At least " + MIN_PASSWORD + " characters");

        submit.setId("signup-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setWidth("20em");
        submit.addClickShortcut(Key.ENTER);
        submit.addClickListener(e -> signUp());

        error.setId("signup-error");
        error.getElement().setAttribute("role", "alert");
        error.addClassNames(LumoUtility.TextColor.ERROR);
        error.setWidth("20em");

        login.setId("login-link");
        add(new H1("Join Tandem"), email, displayName, password, error, submit,
                new Div(new Span("Already have an account? "), login));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        next = ReturnTo.from(event.getLocation().getQueryParameters());
        if (CurrentUser.get().isPresent()) {
            event.forwardTo(next);
            return;
        }
        login.setQueryParameters(ReturnTo.of(next));
    }

    private void signUp() {
        clearErrors();
        String mail = email.getValue().trim();
        String name = displayName.getValue().trim();
        boolean ok = true;
        if (!mail.matches("[^@\\s]+@[^@\\s]+")) {
            fieldError(email, "Enter an email address like name@school.org.");
            ok = false;
        }
        if (name.isEmpty()) {
            fieldError(displayName, "Enter the name your colleagues know you by.");
            ok = false;
        }
        if (password.getValue().length() < MIN_PASSWORD) {
            fieldError(password, "Use at least " + MIN_PASSWORD + " characters.");
            ok = false;
        }
        if (!ok) {
            return;
        }
        Account account;
        try {
            account = UiServices.get().accounts().signUp(mail, name, password.getValue());
        } catch (TandemException e) {
            fieldFor(e).ifPresentOrElse(f -> fieldError(f, e.getMessage()), () -> error.setText(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        CurrentUser.login(account);
        UI.getCurrent().navigate(next);
    }

    /**
     * The field a refusal is about. The service reports VALIDATION_FAILED without naming a field, so its message
     * (written for people, naming what is wrong) decides; anything unrecognised goes above the button.
     */
    private Optional<TextFieldBase<?, ?>> fieldFor(TandemException e) {
        if (e.code() == ErrorCode.EMAIL_TAKEN) {
            return Optional.of(email);
        }
        if (e.code() != ErrorCode.VALIDATION_FAILED) {
            return Optional.empty();
        }
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("password")) {
            return Optional.of(password);
        }
        if (m.contains("email")) {
            return Optional.of(email);
        }
        if (m.contains("name")) {
            return Optional.of(displayName);
        }
        return Optional.empty();
    }

    private void clearErrors() {
        error.setText("");
        for (var f : new TextFieldBase<?, ?>[] {email, displayName, password}) {
            f.setInvalid(false);
            f.setErrorMessage(null);
        }
    }

    private static void fieldError(TextFieldBase<?, ?> field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
