package app.tandem.ui;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import java.util.Optional;

/**
 * The signed-in account of this browser session, kept in the VaadinSession (so every tab of the session and
 * every view see the same person). Must be called from a thread that holds the session lock (UI code does).
 */
public final class CurrentUser {
    private CurrentUser() {
    }

    public static Optional<Account> get() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(Account.class));
    }

    /** The signed-in account, or UNAUTHENTICATED (the route guard normally redirects before this can happen). */
    public static Account require() {
        return get().orElseThrow(() -> new TandemException(ErrorCode.UNAUTHENTICATED, "Please log in first."));
    }

    /**
     * Signs the account in. The HTTP session id is rotated first, so an id planted in the browser before login
     * (session fixation) is worthless afterwards; the VaadinSession and its UIs move to the new id.
     */
    public static void login(Account account) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            VaadinService.reinitializeSession(request);
        }
        VaadinSession.getCurrent().setAttribute(Account.class, account);
    }

    /**
     * Signs out: forgets the account and invalidates the HTTP session (every tab of it), then sends the browser to
     * the login page with a full reload so no state of the old session survives in the page.
     */
    public static void logout() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(Account.class, null);
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.getPage().setLocation("login");
        }
        WrappedSession http = session.getSession();
        if (http != null) {
            http.invalidate();
        }
    }
}
