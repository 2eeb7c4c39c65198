package app.tandem.cluster.engine;

import app.tandem.auth.Role;
import java.util.UUID;

/**
 * The sequencer's authorization question: the account's role on the board's workspace. Throws a
 * {@link app.tandem.TandemException} NOT_FOUND when the account is not a member (or there is no such board).
 * Called on a virtual thread, so it may query the database. Production:
 * {@code (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId), boardId)}.
 */
@FunctionalInterface
public interface BoardRoles {
    Role roleOn(UUID accountId, UUID boardId);
}
