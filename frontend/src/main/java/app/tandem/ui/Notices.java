package app.tandem.ui;

import app.tandem.TandemException;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Short messages to the user as Vaadin notifications (text only, never HTML). */
public final class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    private Notices() {
    }

    public static Notification info(String text) {
        Notification n = Notification.show(text, 3000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        return n;
    }

    public static Notification error(String text) {
        Notification n = Notification.show(text, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        return n;
    }

    /**
     * Shows a failure: a {@link TandemException}'s message is meant for people and is shown as is; anything else is
     * a bug or an outage, logged in full and reported to the user without internals.
     */
    public static Notification error(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof TandemException te) {
            return error(te.getMessage());
        }
        log.warn("Unexpected failure in the UI", t);
        return error("Something went wrong on the server. Please try again.");
    }

    /** The cause behind the wrappers that CompletionStage and Future add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
