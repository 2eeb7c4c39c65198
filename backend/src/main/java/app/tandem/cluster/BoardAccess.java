package app.tandem.cluster;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import java.util.UUID;

/**
 * Who may do what on a board, as the live board path asks it: production passes
 * {@code WorkspaceService::roleOnBoard}. Called on a worker thread (it may query the database).
 */
@FunctionalInterface
public interface BoardAccess {

    /** The actor's role on the board's workspace; throws TandemException NOT_FOUND for non-members. */
    Role roleOn(Account actor, UUID boardId);
}
