package app.tandem.cluster.presence;

/**
 * Receives a board's presence changes on this node. Called on a Vert.x event loop: must not block (hand off to
 * {@code UI.access} or a WebSocket write). Events of one session arrive in the order they were published.
 */
@FunctionalInterface
public interface PresenceListener {
    void onPresence(PresenceEvent event);
}
