package app.tandem.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.Workspace;
import app.tandem.ui.login.LoginView;
import app.tandem.ui.login.SignupView;
import app.tandem.ui.workspace.WorkspaceView;
import app.tandem.ui.workspace.WorkspacesView;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Log in, log out, sign up and the route guard, through the views as a person uses them. */
class AuthViewsTest extends UiTestBase {

    private void typeLogin(String email, String password) {
        test($(TextField.class).id("login-email")).setValue(email);
        test($(PasswordField.class).id("login-password")).setValue(password);
    }

    @Test
    void loginWithTheRightPasswordOpensTheWorkspaceListAndRotatesTheSessionId() {
        signUp("ada@school.example", "Ada Lovelace");
        navigate(LoginView.class);
        String sessionIdBefore = VaadinSession.getCurrent().getSession().getId();

        typeLogin("ada@school.example", "correct horse battery");
        test($(Button.class).id("login-submit")).click();

        assertInstanceOf(WorkspacesView.class, getCurrentView());
        assertEquals("Ada Lovelace", CurrentUser.get().orElseThrow().displayName());
        assertEquals("Ada Lovelace", $(Span.class).id("current-user").getText());
        assertNotEquals(sessionIdBefore, VaadinSession.getCurrent().getSession().getId(),
                "login must give the session a new id (session fixation)");
    }

    @Test
    void aWrongPasswordShowsAClearErrorAndSignsNobodyIn() {
        signUp("ada@school.example", "Ada Lovelace");
        navigate(LoginView.class);

        typeLogin("ada@school.example", "not the password");
        test($(Button.class).id("login-submit")).click();

        assertInstanceOf(LoginView.class, getCurrentView());
        assertTrue(CurrentUser.get().isEmpty());
        String error = $(Div.class).id("login-error").getText();
        assertFalse(error.isBlank(), "the error must be shown in #login-error");
        assertEquals("", $(PasswordField.class).id("login-password").getValue(), "the wrong password is cleared");

        // An unknown email gets the same message, so the page does not reveal who has an account.
        typeLogin("nobody@school.example", "not the password");
        test($(Button.class).id("login-submit")).click();
        assertEquals(error, $(Div.class).id("login-error").getText());
    }

    @Test
    void enterSubmitsTheLoginForm() {
        signUp("ada@school.example", "Ada Lovelace");
        navigate(LoginView.class);
        typeLogin("ada@school.example", "correct horse battery");

        fireShortcut(Key.ENTER);

        assertInstanceOf(WorkspacesView.class, getCurrentView());
        assertTrue(CurrentUser.get().isPresent());
    }

    @Test
    void anAnonymousVisitorIsSentToLoginAndReturnedToTheRouteTheyWanted() {
        Account owner = signUp("ada@school.example", "Ada Lovelace");
        Workspace w = workspaces.create(owner, "Questioning in science", "");

        UI.getCurrent().navigate("workspace/" + w.id());

        assertInstanceOf(LoginView.class, getCurrentView());
        var here = UI.getCurrent().getInternals().getActiveViewLocation();
        assertEquals("login", here.getPath());
        assertEquals("workspace/" + w.id(), ReturnTo.from(here.getQueryParameters()));

        typeLogin("ada@school.example", "correct horse battery");
        test($(Button.class).id("login-submit")).click();

        WorkspaceView view = assertInstanceOf(WorkspaceView.class, getCurrentView());
        assertEquals("workspace/" + w.id(), currentPath());
        assertTrue(view.isAttached());
    }

    @Test
    void everySignedInRouteIsGuarded() {
        for (String route : new String[] {"", "workspace/" + UUID.randomUUID(),
                "board/" + UUID.randomUUID()}) {
            UI.getCurrent().navigate(route);
            assertInstanceOf(LoginView.class, getCurrentView(), route);
        }
    }

    @Test
    void theNextParameterCannotLeadOffSite() {
        signUp("ada@school.example", "Ada Lovelace");
        UI.getCurrent().navigate("login", QueryParameters.of("next", "//evil.example/x"));
        typeLogin("ada@school.example", "correct horse battery");
        test($(Button.class).id("login-submit")).click();

        assertInstanceOf(WorkspacesView.class, getCurrentView());
        assertEquals("", currentPath());
    }

    @Test
    void logoutForgetsTheAccountAndTheGuardAppliesAgain() {
        Account ada = signUp("ada@school.example", "Ada Lovelace");
        actAs(ada);
        navigate(WorkspacesView.class);

        test($(Button.class).id("logout")).click();

        assertTrue(CurrentUser.get().isEmpty());
        UI.getCurrent().navigate("");
        assertInstanceOf(LoginView.class, getCurrentView());
    }

    @Test
    void signUpCreatesTheAccountAndSignsIn() {
        navigate(SignupView.class);
        test($(TextField.class).id("signup-email")).setValue("grace@school.example");
        test($(TextField.class).id("signup-name")).setValue("Grace Hopper");
        test($(PasswordField.class).id("signup-password")).setValue("a long password");
        test($(Button.class).id("signup-submit")).click();

        assertInstanceOf(WorkspacesView.class, getCurrentView());
        assertEquals("Grace Hopper", CurrentUser.get().orElseThrow().displayName());
        assertTrue(accounts.findByEmail("grace@school.example").isPresent());
        assertEquals(accounts.authenticate("grace@school.example", "a long password").id(),
                CurrentUser.get().orElseThrow().id());
    }

    @Test
    void aTakenEmailIsFlaggedOnTheEmailFieldAndNothingChanges() {
        Account first = signUp("grace@school.example", "Grace Hopper");
        navigate(SignupView.class);
        TextField email = $(TextField.class).id("signup-email");
        test(email).setValue("GRACE@school.example");
        test($(TextField.class).id("signup-name")).setValue("Someone Else");
        test($(PasswordField.class).id("signup-password")).setValue("another long password");
        test($(Button.class).id("signup-submit")).click();

        assertInstanceOf(SignupView.class, getCurrentView());
        assertTrue(email.isInvalid());
        assertFalse(email.getErrorMessage() == null || email.getErrorMessage().isBlank());
        assertTrue(CurrentUser.get().isEmpty());
        assertEquals(first.id(), accounts.findByEmail("grace@school.example").orElseThrow().id());
        assertEquals("Grace Hopper", accounts.findByEmail("grace@school.example").orElseThrow().displayName());
    }

    @Test
    void badInputIsFlaggedPerFieldBeforeAnythingIsCreated() {
        navigate(SignupView.class);
        TextField email = $(TextField.class).id("signup-email");
        TextField name = $(TextField.class).id("signup-name");
        PasswordField password = $(PasswordField.class).id("signup-password");
        test(email).setValue("not-an-email");
        test(password).setValue("short");
        test($(Button.class).id("signup-submit")).click();

        assertTrue(email.isInvalid());
        assertTrue(name.isInvalid());
        assertTrue(password.isInvalid());
        assertTrue(CurrentUser.get().isEmpty());
        assertEquals(0, accounts.count());
    }

    @Test
    void signUpFromAnInviteLinkComesBackToTheInvite() {
        Account owner = signUp("ada@school.example", "Ada Lovelace");
        Workspace w = workspaces.create(owner, "Questioning in science", "");
        String token = workspaces.invite(owner, w.id(), Role.PARTNER,
                Duration.ofDays(7)).token();

        UI.getCurrent().navigate("signup", QueryParameters.of("next", "invite/" + token));
        test($(TextField.class).id("signup-email")).setValue("grace@school.example");
        test($(TextField.class).id("signup-name")).setValue("Grace Hopper");
        test($(PasswordField.class).id("signup-password")).setValue("a long password");
        test($(Button.class).id("signup-submit")).click();

        assertEquals("invite/" + token, currentPath());
    }
}
