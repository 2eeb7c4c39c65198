package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.BoardSubscription;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.WorkspaceService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The WebSocket protocol's gateway over the real parts: the distributed {@link BoardEngine} (sequencing, op log,
 * fan-out), the board catalogue and roles ({@link WorkspaceService}) and presence ({@link BoardPresence}).
 *
 * <p>Authorization: reads (open, subscribe, presence) check the actor's role on the board here, on a virtual
 * thread (JDBC); every submit is checked again by the board's sequencer (the engine's {@code BoardRoles}).
 */
public final class EngineGateway implements BoardGateway, AutoCloseable {
    private final BoardEngine engine;
    private final WorkspaceService workspaces;
    private final BoardPresence presence;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tandem-ws-gateway-", 0).factory());

    /** @param presence null: no presence on this node (joins fail with UNAVAILABLE, nothing else changes) */
    public EngineGateway(BoardEngine engine, WorkspaceService workspaces, BoardPresence presence) {
        this.engine = engine;
        this.workspaces = workspaces;
        this.presence = presence;
    }

    @Override
    public CompletionStage<Snapshot> open(Account actor, UUID boardId) {
        return onWorker(() -> workspaces.roleOnBoard(actor, boardId))
                .thenCompose(role -> engine.open(boardId)
                        .thenApply(view -> new Snapshot(boardId, view.rev(), view.docJson(), role)));
    }

    @Override
    public CompletionStage<Ack> submit(Account actor, UUID boardId, String clientId, long clientSeq, long baseRev,
                                       String opJson) {
        // The sequencer checks the author's role on every op (BoardRoles); no second JDBC round trip here.
        return engine.submit(new SubmitRequest(boardId, actor.id(), clientId, clientSeq, baseRev, opJson))
                .thenApply(a -> new Ack(a.rev(), a.opJson(), a.duplicate()));
    }

    @Override
    public CompletionStage<Subscription> subscribe(Account actor, UUID boardId, long fromRev, OpListener listener) {
        return onWorker(() -> workspaces.roleOnBoard(actor, boardId)).thenCompose(role -> {
            BoardSubscription sub = engine.subscribe(boardId, fromRev, (board, ops) -> {
                List<SequencedOp> out = new ArrayList<>(ops.size());
                for (app.tandem.cluster.engine.SequencedOp op : ops) {
                    out.add(new SequencedOp(op.rev(), op.authorId(), op.clientId(), op.clientSeq(), op.opJson()));
                }
                listener.onOps(out);
            });
            return sub.ready().handle((ok, err) -> {
                if (err != null) {
                    sub.close();
                    throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
                }
                return (Subscription) sub::close;
            });
        });
    }

    @Override
    public CompletionStage<PresenceSession> joinPresence(Account actor, UUID boardId, String sessionId,
                                                         PresenceListener listener) {
        if (presence == null) {
            return CompletableFuture.failedFuture(
                    new TandemException(ErrorCode.UNAVAILABLE, "Presence is not running on this node."));
        }
        return onWorker(() -> workspaces.roleOnBoard(actor, boardId))
                .thenCompose(role -> presence.join(actor, boardId, sessionId, listener));
    }

    @Override
    public CompletionStage<BoardInfo> createBoard(Account actor, UUID workspaceId, String title, String type) {
        return onWorker(() -> workspaces.createBoard(actor, workspaceId, title, type));
    }

    private <T> CompletableFuture<T> onWorker(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, blocking);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down."));
        }
    }

    /** Stops taking blocking work (the engine and presence are closed by their owner). */
    @Override
    public void close() {
        blocking.shutdown();
    }
}
