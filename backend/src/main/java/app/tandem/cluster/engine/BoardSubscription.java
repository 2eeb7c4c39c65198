package app.tandem.cluster.engine;

import java.util.concurrent.CompletionStage;

/** A listener's handle on a board's ops. {@link #close} unsubscribes (idempotent, never blocks). */
public interface BoardSubscription extends AutoCloseable {

    /**
     * Completes once the listener has caught up to this node's replica and the node's consumer is registered
     * cluster-wide: from then on every op committed anywhere reaches it.
     */
    CompletionStage<Void> ready();

    @Override
    void close();
}
