package app.tandem.ui;

import app.tandem.auth.Account;
import app.tandem.ui.login.LoginView;
import app.tandem.ui.workspace.WorkspacesView;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * The frame of every signed-in page: app name, who is signed in, log out. It is also the route guard: every view
 * inside it is for signed-in people only, so an anonymous visitor is forwarded to the login page, which
 * remembers the intended route and returns there afterwards.
 *
 * <p>Views inside this layout are constructed before this guard runs (Vaadin builds the whole route chain
 * first), so they must not read {@link CurrentUser} in their constructors; they load data in beforeEnter.
 */
public class MainLayout extends AppLayout implements BeforeEnterObserver {
    private final Span userName = new Span();

    public MainLayout() {
        RouterLink home = new RouterLink("Tandem", WorkspacesView.class);
        home.setId("home-link");
        home.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD,
                LumoUtility.TextColor.HEADER);
        home.getStyle().set("text-decoration", "none");

        userName.setId("current-user");
        userName.addClassNames(LumoUtility.TextColor.SECONDARY);

        Button logout = new Button("Log out", e -> CurrentUser.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout bar = new HorizontalLayout(home, userName, logout);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(userName);
        userName.getStyle().set("text-align", "right");
        bar.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM);
        addToNavbar(bar);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var account = CurrentUser.get();
        if (account.isEmpty()) {
            event.forwardTo(LoginView.class, ReturnTo.remember(event.getLocation()));
            return;
        }
        Account a = account.get();
        userName.setText(a.displayName());
        userName.setTitle(a.email());
    }
}
