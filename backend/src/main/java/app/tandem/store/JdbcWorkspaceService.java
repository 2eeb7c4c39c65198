package app.tandem.store;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.auth.SecretTokens;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Invite;
import app.tandem.domain.Member;
import app.tandem.domain.Workspace;
import app.tandem.domain.WorkspaceService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Workspaces, memberships, invites and the board catalogue over JDBC, with every authorization rule checked
 * here on the server (see {@link WorkspaceService}): a non-member gets NOT_FOUND so a workspace's existence does
 * not leak, a member lacking the role gets FORBIDDEN. Checks run before any write and each call is one
 * transaction, so a refused or failed call changes nothing. Blocking (JDBC).
 *
 * <p>Membership changes of one workspace are serialized by locking the workspace's row
 * ({@code SELECT ... FOR UPDATE}, portable to H2 and PostgreSQL); without it two owners demoting each other at
 * the same moment could both pass the "not the last owner" check.
 */
public final class JdbcWorkspaceService implements WorkspaceService {
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_TITLE = 200;
    public static final String DEFAULT_BOARD_TYPE = "cycle";
    public static final Duration MAX_INVITE_VALIDITY = Duration.ofDays(30);
    /** Board types name templates ("cycle", "lesson-sequence", ...): lower-case words joined by dashes. */
    private static final Pattern BOARD_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,49}");
    private static final int MAX_TOKEN_LENGTH = 100;

    private final DataSource ds;
    private final Clock clock;

    public JdbcWorkspaceService(DataSource ds) {
        this(ds, Clock.systemUTC());
    }

    public JdbcWorkspaceService(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    // ---- workspaces ----

    @Override
    public Workspace create(Account actor, String name, String description) {
        requireActor(actor);
        String n = Fields.requiredText(name, "Workspace name", MAX_NAME);
        String d = Fields.optionalText(description, "Description", MAX_DESCRIPTION);
        UUID id = UUID.randomUUID();
        Instant now = Jdbc.now(clock);
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO workspaces (id, name, description, created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, n);
                ps.setString(3, d);
                Jdbc.setInstant(ps, 4, now);
                ps.setObject(5, actor.id());
                ps.executeUpdate();
            }
            insertMembership(c, id, actor.id(), Role.OWNER, now);
            return new Workspace(id, n, d, Role.OWNER);
        });
    }

    @Override
    public List<Workspace> listFor(Account actor) {
        requireActor(actor);
        return Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT w.id, w.name, w.description, m.role FROM workspaces w"
                            + " JOIN memberships m ON m.workspace_id = w.id"
                            + " WHERE m.account_id = ? ORDER BY w.name, w.id")) {
                ps.setObject(1, actor.id());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Workspace> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(workspace(rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public Workspace get(Account actor, UUID workspaceId) {
        requireActor(actor);
        return Jdbc.run(ds, c -> workspaceAs(c, actor, workspaceId));
    }

    @Override
    public Role requireMember(Account actor, UUID workspaceId) {
        requireActor(actor);
        return Jdbc.run(ds, c -> requireMember(c, actor, workspaceId));
    }

    // ---- members ----

    @Override
    public List<Member> members(Account actor, UUID workspaceId) {
        requireActor(actor);
        return Jdbc.run(ds, c -> {
            requireMember(c, actor, workspaceId);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.id, a.email, a.display_name, m.role FROM memberships m"
                            + " JOIN accounts a ON a.id = m.account_id"
                            + " WHERE m.workspace_id = ? ORDER BY a.display_name, a.id")) {
                ps.setObject(1, workspaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Member> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Member(rs.getObject("id", UUID.class), rs.getString("email"),
                                rs.getString("display_name"), Role.valueOf(rs.getString("role"))));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public void changeRole(Account actor, UUID workspaceId, UUID memberAccountId, Role role) {
        requireActor(actor);
        Jdbc.inTransaction(ds, c -> {
            lockWorkspace(c, workspaceId);
            Role actorRole = requireMember(c, actor, workspaceId);
            if (!actorRole.canManageMembers()) {
                throw forbidden("Only the workspace's owner or broker can change roles.");
            }
            if (role == null) {
                throw Fields.invalid("Choose a role.");
            }
            Role current = roleOf(c, workspaceId, memberAccountId)
                    .orElseThrow(() -> notFound("No such member in this workspace."));
            // Ownership is the one role a broker cannot touch: otherwise a broker could promote themself.
            if ((current == Role.OWNER || role == Role.OWNER) && actorRole != Role.OWNER) {
                throw forbidden("Only an owner can grant ownership or change an owner's role.");
            }
            if (current == Role.OWNER && role != Role.OWNER) {
                requireAnotherOwner(c, workspaceId);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE memberships SET role = ? WHERE workspace_id = ? AND account_id = ?")) {
                ps.setString(1, role.name());
                ps.setObject(2, workspaceId);
                ps.setObject(3, memberAccountId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Owner or broker removes a member; any member may remove themself (leave). Only an owner removes an owner,
     * and the last owner can neither be removed nor leave.
     */
    @Override
    public void removeMember(Account actor, UUID workspaceId, UUID memberAccountId) {
        requireActor(actor);
        Jdbc.inTransaction(ds, c -> {
            lockWorkspace(c, workspaceId);
            Role actorRole = requireMember(c, actor, workspaceId);
            boolean leaving = actor.id().equals(memberAccountId);
            if (!leaving && !actorRole.canManageMembers()) {
                throw forbidden("Only the workspace's owner or broker can remove members.");
            }
            Role current = roleOf(c, workspaceId, memberAccountId)
                    .orElseThrow(() -> notFound("No such member in this workspace."));
            if (current == Role.OWNER) {
                if (!leaving && actorRole != Role.OWNER) {
                    throw forbidden("Only an owner can remove an owner.");
                }
                requireAnotherOwner(c, workspaceId);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM memberships WHERE workspace_id = ? AND account_id = ?")) {
                ps.setObject(1, workspaceId);
                ps.setObject(2, memberAccountId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Sets an account's role directly, adding the membership if needed, with NO authorization check and no
     * last-owner rule. Not on {@link WorkspaceService} on purpose: only for seeding (demo data) and
     * administration code that has already decided; never reachable from a request.
     */
    public void addMember(UUID workspaceId, UUID accountId, Role role) {
        Jdbc.inTransaction(ds, c -> {
            lockWorkspace(c, workspaceId);
            if (roleOf(c, workspaceId, accountId).isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE memberships SET role = ? WHERE workspace_id = ? AND account_id = ?")) {
                    ps.setString(1, role.name());
                    ps.setObject(2, workspaceId);
                    ps.setObject(3, accountId);
                    ps.executeUpdate();
                }
            } else {
                insertMembership(c, workspaceId, accountId, role, Jdbc.now(clock));
            }
            return null;
        });
    }

    // ---- invites ----

    @Override
    public Invite invite(Account actor, UUID workspaceId, Role role, Duration validFor) {
        requireActor(actor);
        // Authorization first, so that a non-member cannot learn anything from validation messages.
        Workspace ws = Jdbc.run(ds, c -> workspaceAs(c, actor, workspaceId));
        if (!ws.myRole().canManageMembers()) {
            throw forbidden("Only the workspace's owner or broker can invite people.");
        }
        if (role == null) {
            throw Fields.invalid("Choose the role the invited person will have.");
        }
        if (role == Role.OWNER) {
            throw Fields.invalid("An invite cannot make someone an owner; invite them, then make them owner.");
        }
        if (validFor == null || validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_INVITE_VALIDITY) > 0) {
            throw Fields.invalid("An invite must stay valid for some time, at most "
                    + MAX_INVITE_VALIDITY.toDays() + " days.");
        }
        String token = SecretTokens.newToken();
        Instant now = Jdbc.now(clock);
        Instant expiresAt = now.plus(validFor);
        Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO invites (token_hash, workspace_id, role, created_by, created_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, SecretTokens.hash(token));
                ps.setObject(2, workspaceId);
                ps.setString(3, role.name());
                ps.setObject(4, actor.id());
                Jdbc.setInstant(ps, 5, now);
                Jdbc.setInstant(ps, 6, expiresAt);
                return ps.executeUpdate();
            }
        });
        return new Invite(token, workspaceId, ws.name(), role, expiresAt);
    }

    @Override
    public Invite peekInvite(String token) {
        return Jdbc.run(ds, c -> usableInvite(c, token, false));
    }

    @Override
    public Workspace acceptInvite(Account actor, String token) {
        requireActor(actor);
        return Jdbc.inTransaction(ds, c -> {
            // FOR UPDATE: two people accepting one link at once queue here; the second then sees it used.
            Invite invite = usableInvite(c, token, true);
            if (roleOf(c, invite.workspaceId(), actor.id()).isPresent()) {
                throw new TandemException(ErrorCode.ALREADY_MEMBER, "You are already a member of this workspace.");
            }
            Instant now = Jdbc.now(clock);
            try {
                insertMembership(c, invite.workspaceId(), actor.id(), invite.role(), now);
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) { // joined through another invite a moment ago
                    throw new TandemException(ErrorCode.ALREADY_MEMBER, "You are already a member of this workspace.");
                }
                throw e;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE invites SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setObject(2, actor.id());
                ps.setString(3, SecretTokens.hash(token));
                if (ps.executeUpdate() != 1) { // belt and braces next to the row lock: single use, whatever happens
                    throw new TandemException(ErrorCode.INVITE_USED, "This invite has already been used.");
                }
            }
            return workspaceAs(c, actor, invite.workspaceId());
        });
    }

    // ---- boards ----

    @Override
    public BoardInfo createBoard(Account actor, UUID workspaceId, String title, String type) {
        requireActor(actor);
        Role role = requireMember(actor, workspaceId);
        if (!role.canCreateBoards()) {
            throw forbidden("Observers can read boards but not create them.");
        }
        String t = Fields.requiredText(title, "Board title", MAX_TITLE);
        String boardType = type == null || type.isBlank() ? DEFAULT_BOARD_TYPE : type.strip().toLowerCase(Locale.ROOT);
        if (!BOARD_TYPE.matcher(boardType).matches()) {
            throw Fields.invalid("Board type must be a short lower-case name like \"cycle\".");
        }
        BoardInfo board = new BoardInfo(UUID.randomUUID(), workspaceId, t, boardType, Jdbc.now(clock));
        Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO boards (id, workspace_id, title, type, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, board.id());
                ps.setObject(2, workspaceId);
                ps.setString(3, board.title());
                ps.setString(4, board.type());
                Jdbc.setInstant(ps, 5, board.createdAt());
                ps.setObject(6, actor.id());
                return ps.executeUpdate();
            }
        });
        return board;
    }

    @Override
    public List<BoardInfo> boards(Account actor, UUID workspaceId) {
        requireActor(actor);
        return Jdbc.run(ds, c -> {
            requireMember(c, actor, workspaceId);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, workspace_id, title, type, created_at FROM boards"
                            + " WHERE workspace_id = ? ORDER BY created_at, id")) {
                ps.setObject(1, workspaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<BoardInfo> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(board(rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public BoardInfo board(Account actor, UUID boardId) {
        return boardAs(actor, boardId).board();
    }

    @Override
    public Role roleOnBoard(Account actor, UUID boardId) {
        return boardAs(actor, boardId).role();
    }

    // ---- internals ----

    private record BoardAccess(BoardInfo board, Role role) {
    }

    private BoardAccess boardAs(Account actor, UUID boardId) {
        requireActor(actor);
        return Jdbc.run(ds, c -> {
            // One query joins the actor's membership, so "no such board" and "not your board" look the same.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT b.id, b.workspace_id, b.title, b.type, b.created_at, m.role FROM boards b"
                            + " JOIN memberships m ON m.workspace_id = b.workspace_id AND m.account_id = ?"
                            + " WHERE b.id = ?")) {
                ps.setObject(1, actor.id());
                ps.setObject(2, boardId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound("No such board.");
                    }
                    return new BoardAccess(board(rs), Role.valueOf(rs.getString("role")));
                }
            }
        });
    }

    /** The invite behind {@code token} if it can still be used; NOT_FOUND, INVITE_USED or INVITE_EXPIRED otherwise. */
    private Invite usableInvite(Connection c, String token, boolean lock) throws SQLException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw notFound("No such invite.");
        }
        record Row(Invite invite, Instant usedAt) {
        }
        Row row;
        // The lock is taken on the invite row alone (no join), which both databases support the same way.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT workspace_id, role, expires_at, used_at FROM invites WHERE token_hash = ?"
                        + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, SecretTokens.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("No such invite.");
                }
                UUID ws = rs.getObject("workspace_id", UUID.class);
                row = new Row(new Invite(token, ws, workspaceName(c, ws), Role.valueOf(rs.getString("role")),
                        Jdbc.getInstant(rs, "expires_at")), Jdbc.getInstant(rs, "used_at"));
            }
        }
        if (row.usedAt() != null) {
            throw new TandemException(ErrorCode.INVITE_USED, "This invite has already been used.");
        }
        if (!row.invite().expiresAt().isAfter(clock.instant())) {
            throw new TandemException(ErrorCode.INVITE_EXPIRED, "This invite has expired; ask for a new one.");
        }
        return row.invite();
    }

    private static String workspaceName(Connection c, UUID workspaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM workspaces WHERE id = ?")) {
            ps.setObject(1, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Workspace workspaceAs(Connection c, Account actor, UUID workspaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT w.id, w.name, w.description, m.role FROM workspaces w"
                        + " JOIN memberships m ON m.workspace_id = w.id AND m.account_id = ?"
                        + " WHERE w.id = ?")) {
            ps.setObject(1, actor.id());
            ps.setObject(2, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("No such workspace.");
                }
                return workspace(rs);
            }
        }
    }

    private static Role requireMember(Connection c, Account actor, UUID workspaceId) throws SQLException {
        return roleOf(c, workspaceId, actor.id()).orElseThrow(() -> notFound("No such workspace."));
    }

    private static Optional<Role> roleOf(Connection c, UUID workspaceId, UUID accountId) throws SQLException {
        if (workspaceId == null || accountId == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT role FROM memberships WHERE workspace_id = ? AND account_id = ?")) {
            ps.setObject(1, workspaceId);
            ps.setObject(2, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Role.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Serializes membership changes of one workspace (see class comment); NOT_FOUND if it does not exist. */
    private static void lockWorkspace(Connection c, UUID workspaceId) throws SQLException {
        if (workspaceId == null) {
            throw notFound("No such workspace.");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("No such workspace.");
                }
            }
        }
    }

    private static void requireAnotherOwner(Connection c, UUID workspaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND role = 'OWNER'")) {
            ps.setObject(1, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) <= 1) {
                    throw Fields.invalid("A workspace needs at least one owner: make someone else owner first.");
                }
            }
        }
    }

    private static void insertMembership(Connection c, UUID workspaceId, UUID accountId, Role role, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO memberships (workspace_id, account_id, role, joined_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, workspaceId);
            ps.setObject(2, accountId);
            ps.setString(3, role.name());
            Jdbc.setInstant(ps, 4, now);
            ps.executeUpdate();
        }
    }

    private static Workspace workspace(ResultSet rs) throws SQLException {
        return new Workspace(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                Role.valueOf(rs.getString("role")));
    }

    private static BoardInfo board(ResultSet rs) throws SQLException {
        return new BoardInfo(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("title"), rs.getString("type"), Jdbc.getInstant(rs, "created_at"));
    }

    private static void requireActor(Account actor) {
        if (actor == null || actor.id() == null) {
            throw new TandemException(ErrorCode.UNAUTHENTICATED, "Sign in first.");
        }
    }

    private static TandemException notFound(String message) {
        return new TandemException(ErrorCode.NOT_FOUND, message);
    }

    private static TandemException forbidden(String message) {
        return new TandemException(ErrorCode.FORBIDDEN, message);
    }
}
