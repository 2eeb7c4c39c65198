package app.tandem.domain;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Workspaces, memberships, invites and the board catalogue. Every method checks the actor's membership and
 * role on the server; a workspace the actor is not a member of answers NOT_FOUND (its existence is not leaked),
 * a member lacking the right role gets FORBIDDEN. A failed call changes nothing.
 */
public interface WorkspaceService {

    /** The creator becomes OWNER. @throws app.tandem.TandemException VALIDATION_FAILED for a blank/too long name */
    Workspace create(Account actor, String name, String description);

    List<Workspace> listFor(Account actor);

    Workspace get(Account actor, UUID workspaceId);

    List<Member> members(Account actor, UUID workspaceId);

    /** Owner or broker only. OWNER cannot be granted by invite. */
    Invite invite(Account actor, UUID workspaceId, Role role, Duration validFor);

    /** Looks an invite up without using it (for the invite landing page). NOT_FOUND, INVITE_EXPIRED, INVITE_USED. */
    Invite peekInvite(String token);

    /** Single use: NOT_FOUND, INVITE_EXPIRED, INVITE_USED, ALREADY_MEMBER. */
    Workspace acceptInvite(Account actor, String token);

    /** Owner or broker; the last owner cannot be demoted or removed. */
    void changeRole(Account actor, UUID workspaceId, UUID memberAccountId, Role role);

    void removeMember(Account actor, UUID workspaceId, UUID memberAccountId);

    /** The actor's role in the workspace: NOT_FOUND if not a member. */
    Role requireMember(Account actor, UUID workspaceId);

    /** Any member but an observer. */
    BoardInfo createBoard(Account actor, UUID workspaceId, String title, String type);

    List<BoardInfo> boards(Account actor, UUID workspaceId);

    /** NOT_FOUND unless the board exists and the actor is a member of its workspace. */
    BoardInfo board(Account actor, UUID boardId);

    /** The actor's role on the board's workspace (NOT_FOUND as {@link #board}). */
    Role roleOnBoard(Account actor, UUID boardId);
}
