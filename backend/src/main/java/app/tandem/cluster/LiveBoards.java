package app.tandem.cluster;

import app.tandem.auth.Account;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Live board state shared across the cluster. A change is applied to the board's entry in Hazelcast, then
 * fanned out on the Vert.x event bus to one consumer per board per node, which calls that node's listeners.
 */
public interface LiveBoards {

    CompletionStage<BoardSnapshot> load(Account actor, UUID boardId);

    /** Checks the actor may edit the board (FORBIDDEN for observers, NOT_FOUND for non-members), then applies. */
    CompletionStage<BoardSnapshot> apply(Account actor, UUID boardId, CardChange change);

    /**
     * Calls {@code listener} with every later snapshot of the board, from the event-bus thread; listeners
     * must hand off (e.g. {@code UI.access}) and never block. The returned handle unsubscribes.
     */
    AutoCloseable subscribe(UUID boardId, Consumer<BoardSnapshot> listener);
}
