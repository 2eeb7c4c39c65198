package app.tandem.cluster;

import java.util.concurrent.CompletionStage;

/** A listener's handle on a board's snapshots. {@link #close} unsubscribes (idempotent, never blocks). */
public interface BoardSubscription extends AutoCloseable {

    /**
     * Completes once this node's event-bus consumer for the board is registered across the cluster: only from
     * then on do changes applied on other nodes reach the listener (registration spreads asynchronously).
     */
    CompletionStage<Void> ready();

    @Override
    void close();
}
