package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.WorkspaceService;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The gateway a node has before any engine: the real board catalogue (WorkspaceService on H2), real access checks,
 * and UNAVAILABLE for everything that needs the collaboration engine. Lets the endpoint's own behaviour (auth,
 * framing, limits, errors) be tested with no engine at all.
 */
final class CatalogOnlyGateway implements BoardGateway {
    private final WorkspaceService workspaces;
    private final Executor blocking = Executors.newVirtualThreadPerTaskExecutor();

    CatalogOnlyGateway(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    private TandemException unavailable() {
        return new TandemException(ErrorCode.UNAVAILABLE, "The collaboration engine is not running on this node.");
    }

    @Override
    public CompletionStage<Snapshot> open(Account actor, UUID boardId) {
        return CompletableFuture.supplyAsync(() -> {
            workspaces.roleOnBoard(actor, boardId);
            throw unavailable();
        }, blocking);
    }

    @Override
    public CompletionStage<Ack> submit(Account actor, UUID boardId, String clientId, long clientSeq, long baseRev,
                                       String opJson) {
        return CompletableFuture.supplyAsync(() -> {
            if (!workspaces.roleOnBoard(actor, boardId).canEditBoards()) {
                throw new TandemException(ErrorCode.FORBIDDEN, "Observers cannot edit boards.");
            }
            throw unavailable();
        }, blocking);
    }

    @Override
    public CompletionStage<Subscription> subscribe(Account actor, UUID boardId, long fromRev, OpListener listener) {
        return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public CompletionStage<PresenceSession> joinPresence(Account actor, UUID boardId, String sessionId,
                                                         PresenceListener listener) {
        return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public CompletionStage<BoardInfo> createBoard(Account actor, UUID workspaceId, String title, String type) {
        return CompletableFuture.supplyAsync(() -> workspaces.createBoard(actor, workspaceId, title, type), blocking);
    }
}
