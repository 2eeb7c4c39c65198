package app.tandem.cluster.engine;

import java.util.List;
import java.util.UUID;

/**
 * Receives a board's sequenced ops on this node, in strict revision order, without gaps or repeats, from the
 * revision it subscribed from. A burst arrives as one batch.
 *
 * <p><b>Must not block</b>: it is called on a Vert.x event loop or the engine's fetch thread while the board's
 * replica is locked, so it only hands off (a WebSocket write, {@code UI.access}, a queue). A listener that throws
 * is logged and stays subscribed.
 */
@FunctionalInterface
public interface BoardListener {
    void onOps(UUID boardId, List<SequencedOp> ops);
}
