package app.tandem.api.ws;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.BoardInfo;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;

/**
 * Everything the WebSocket protocol needs from the collaboration engine, presence and the board catalogue, in
 * protocol terms (JSON documents and ops as JSON text, TEAM.md contracts 2 and 3, passed through unparsed). The endpoint ({@link WsEndpoint}) is coded
 * against this interface only; the composition root hands it the implementation over the real engine.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Every method checks the actor's access on the server: NOT_FOUND for a board the actor may not see,
 *       FORBIDDEN for a write the actor's role does not allow. Failures are {@link app.tandem.TandemException}s
 *       with a contract error code (a failed stage), and a failed call changes nothing.</li>
 *   <li>Methods never block the caller: blocking work (JDBC, synchronous cluster calls) runs elsewhere.
 *       Stages and listeners may complete on any thread; the endpoint hops back to its connection's event loop.</li>
 *   <li>A {@link OpListener} of one subscription is never called concurrently, and sees every op with
 *       {@code rev > fromRev} exactly once, in strict rev order with no gaps (gap repair from the op log is the
 *       implementation's job).</li>
 * </ul>
 */
public interface BoardGateway {

    /** The board's current document (contract 2 JSON) at revision {@code rev}, and the actor's role on it. */
    CompletionStage<Snapshot> open(Account actor, UUID boardId);

    /**
     * Submits one op (contract 3): transformed against everything sequenced after {@code baseRev}, applied,
     * committed to the durable op log, then acknowledged. A resend of the same (clientId, clientSeq) completes with
     * the original ack ({@code duplicate == true}) and applies nothing. Errors: NOT_FOUND, FORBIDDEN, INVALID_OP,
     * STALE_REVISION, TEXT_TOO_LONG, UNAVAILABLE.
     */
    CompletionStage<Ack> submit(Account actor, UUID boardId, String clientId, long clientSeq, long baseRev,
                                String opJson);

    /**
     * Streams every sequenced op of the board with {@code rev > fromRev}, in order, in batches (one batch = one
     * call of {@link OpListener#onOps}, typically everything that arrived together). The stage completes once the
     * stream is live; ops sequenced after that are never missed. STALE_REVISION if {@code fromRev} is ahead of the
     * head or older than what the op log retains.
     */
    CompletionStage<Subscription> subscribe(Account actor, UUID boardId, long fromRev, OpListener listener);

    /**
     * Joins the board's presence as session {@code sessionId} (unique per connection) with an empty state.
     * The listener first gets a JOIN for every session already present (its own excluded), then JOIN / UPDATE /
     * LEAVE events of the others as they happen; a session whose member leaves the cluster or that stops
     * refreshing leaves on its own (TTL).
     */
    CompletionStage<PresenceSession> joinPresence(Account actor, UUID boardId, String sessionId,
                                                  PresenceListener listener);

    /** Creates an empty board (revision 0: the root only) in a workspace; any member but an observer. */
    CompletionStage<BoardInfo> createBoard(Account actor, UUID workspaceId, String title, String type);

    // ---- values ----

    /** @param docJson the whole board document as the collab core writes it (contract 2 nodes, root id "root") */
    record Snapshot(UUID boardId, long rev, String docJson, Role role) {
    }

    /** @param opJson the op as sequenced (transformed against what was sequenced after its base revision) */
    record Ack(long rev, String opJson, boolean duplicate) {
    }

    /** One sequenced op as every subscriber sees it. */
    record SequencedOp(long rev, UUID authorId, String clientId, long clientSeq, String opJson) {
    }

    interface OpListener {
        void onOps(List<SequencedOp> ops);

        /** The stream ended for good (access revoked, board deleted, engine lost it): no more calls follow. */
        default void onClosed(app.tandem.TandemException why) {
        }
    }

    /** A live op stream; {@link #close} is idempotent and never blocks. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    enum PresenceKind { JOIN, UPDATE, LEAVE }

    /**
     * @param color CSS colour, the same for one account on every node
     * @param state what the session last published: {@code {"focus":{"node":..,"field":..}|null,
     *              "selection":{"anchor":n,"head":n}|null}}; empty object for a fresh JOIN and for LEAVE
     */
    record PresenceEvent(PresenceKind kind, String sessionId, UUID accountId, String name, String color,
                         JsonNode state) {
    }

    interface PresenceListener {
        void onPresence(PresenceEvent event);
    }

    /** One connection's presence on one board. */
    interface PresenceSession {
        /** Publishes the session's new state (an UPDATE to the others). */
        CompletionStage<Void> update(JsonNode state);

        /** Leaves (a LEAVE to the others); idempotent, never blocks. */
        void leave();
    }
}
