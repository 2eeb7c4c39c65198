package app.tandem.store;

import static app.tandem.store.Expect.failsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Invite;
import app.tandem.domain.Member;
import app.tandem.domain.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract of workspaces, roles, invites and the board catalogue on a real database: every authorization rule
 * of {@link app.tandem.domain.WorkspaceService}, and that a refused call changes nothing.
 * PostgreSQL runs the same tests in the subclass tagged "postgres".
 */
class JdbcWorkspaceServiceTest {
    static final Duration WEEK = Duration.ofDays(7);
    Database db;
    TestClock clock;
    JdbcAccountService accounts;
    JdbcWorkspaceService service;
    Account alice;
    Account outsider;
    Workspace ws;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        clock = new TestClock();
        accounts = new JdbcAccountService(db.dataSource(), clock);
        service = new JdbcWorkspaceService(db.dataSource(), clock);
        alice = account("alice");
        outsider = account("olga");
        ws = service.create(alice, "Riverside & Hillview", "Reading for pleasure");
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ---- workspaces ----

    @Test
    void theCreatorBecomesOwnerAndSeesTheWorkspace() {
        assertEquals(Role.OWNER, ws.myRole());
        assertEquals(List.of(ws), service.listFor(alice));
        assertEquals(ws, service.get(alice, ws.id()));
        assertEquals(Role.OWNER, service.requireMember(alice, ws.id()));
        assertEquals(List.of(new Member(alice.id(), alice.email(), alice.displayName(), Role.OWNER)),
                service.members(alice, ws.id()));
    }

    @Test
    void workspaceNamesAreTrimmedAndLimited() {
        assertEquals("Spaced", service.create(alice, "  Spaced  ", null).name());
        assertEquals("", service.create(alice, "No description", null).description());
        service.create(alice, "n".repeat(200), "d".repeat(2000));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.create(alice, "   ", ""));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.create(alice, null, ""));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.create(alice, "n".repeat(201), ""));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.create(alice, "ok", "d".repeat(2001)));
        assertEquals(4, service.listFor(alice).size(), "the refused creations left nothing behind");
    }

    @Test
    void anOutsiderCannotSeeOrTouchTheWorkspaceAtAll() {
        UUID id = ws.id();
        assertEquals(List.of(), service.listFor(outsider));
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(outsider, id));
        failsWith(ErrorCode.NOT_FOUND, () -> service.requireMember(outsider, id));
        failsWith(ErrorCode.NOT_FOUND, () -> service.members(outsider, id));
        failsWith(ErrorCode.NOT_FOUND, () -> service.invite(outsider, id, Role.PARTNER, WEEK));
        failsWith(ErrorCode.NOT_FOUND, () -> service.changeRole(outsider, id, alice.id(), Role.OBSERVER));
        failsWith(ErrorCode.NOT_FOUND, () -> service.removeMember(outsider, id, alice.id()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.createBoard(outsider, id, "Mine now", null));
        failsWith(ErrorCode.NOT_FOUND, () -> service.boards(outsider, id));
        assertEquals(List.of(new Member(alice.id(), alice.email(), alice.displayName(), Role.OWNER)),
                service.members(alice, id));
        assertEquals(List.of(), service.boards(alice, id));
    }

    @Test
    void anUnknownWorkspaceLooksExactlyLikeSomeoneElsesWorkspace() {
        UUID unknown = UUID.randomUUID();
        TandemException a = failsWith(ErrorCode.NOT_FOUND, () -> service.get(alice, unknown));
        TandemException b = failsWith(ErrorCode.NOT_FOUND, () -> service.get(outsider, ws.id()));
        assertEquals(a.getMessage(), b.getMessage());
        failsWith(ErrorCode.NOT_FOUND, () -> service.changeRole(alice, unknown, alice.id(), Role.OWNER));
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(alice, null));
    }

    // ---- invites ----

    @Test
    void anInviteAddsTheInviteeWithItsRole() {
        Invite invite = service.invite(alice, ws.id(), Role.PARTNER, WEEK);
        assertEquals(ws.name(), invite.workspaceName());
        assertEquals(Role.PARTNER, invite.role());
        assertEquals(clock.instant().plus(WEEK).getEpochSecond(), invite.expiresAt().getEpochSecond());
        assertEquals(invite.workspaceId(), service.peekInvite(invite.token()).workspaceId());

        Account bob = account("bob");
        Workspace joined = service.acceptInvite(bob, invite.token());
        assertEquals(Role.PARTNER, joined.myRole());
        assertEquals(List.of(joined), service.listFor(bob));
        assertEquals(Map.of("alice", Role.OWNER, "bob", Role.PARTNER), roles());
    }

    @Test
    void anInviteWorksOnceOnly() {
        Invite invite = service.invite(alice, ws.id(), Role.PARTNER, WEEK);
        service.acceptInvite(account("bob"), invite.token());
        Account carol = account("carol");
        failsWith(ErrorCode.INVITE_USED, () -> service.acceptInvite(carol, invite.token()));
        failsWith(ErrorCode.INVITE_USED, () -> service.peekInvite(invite.token()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(carol, ws.id()));
    }

    @Test
    void anExpiredInviteCannotBeUsed() {
        Invite invite = service.invite(alice, ws.id(), Role.PARTNER, Duration.ofDays(1));
        clock.advance(Duration.ofDays(1));
        Account bob = account("bob");
        failsWith(ErrorCode.INVITE_EXPIRED, () -> service.peekInvite(invite.token()));
        failsWith(ErrorCode.INVITE_EXPIRED, () -> service.acceptInvite(bob, invite.token()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(bob, ws.id()));
    }

    @Test
    void acceptingWhenAlreadyAMemberFailsAndLeavesTheInviteUsable() {
        Invite invite = service.invite(alice, ws.id(), Role.OBSERVER, WEEK);
        failsWith(ErrorCode.ALREADY_MEMBER, () -> service.acceptInvite(alice, invite.token()));
        assertEquals(Role.OWNER, service.requireMember(alice, ws.id()), "the owner was not demoted by the invite");
        Account bob = account("bob");
        assertEquals(Role.OBSERVER, service.acceptInvite(bob, invite.token()).myRole());
    }

    @Test
    void unknownInviteTokensAreNotFound() {
        failsWith(ErrorCode.NOT_FOUND, () -> service.peekInvite("no-such-token"));
        failsWith(ErrorCode.NOT_FOUND, () -> service.acceptInvite(outsider, "no-such-token"));
        failsWith(ErrorCode.NOT_FOUND, () -> service.acceptInvite(outsider, null));
        failsWith(ErrorCode.NOT_FOUND, () -> service.peekInvite(""));
    }

    @Test
    void onlyOwnersAndBrokersInvite() {
        Account broker = join(Role.BROKER);
        assertEquals(Role.MENTOR, service.invite(broker, ws.id(), Role.MENTOR, WEEK).role());
        for (Role r : List.of(Role.ORIGINATOR, Role.PARTNER, Role.TRAINEE, Role.MENTOR, Role.OBSERVER)) {
            Account member = join(r);
            failsWith(ErrorCode.FORBIDDEN, () -> service.invite(member, ws.id(), Role.PARTNER, WEEK));
        }
    }

    @Test
    void ownershipIsNeverGrantedByInvite() {
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), Role.OWNER, WEEK));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), null, WEEK));
    }

    @Test
    void inviteValidityIsBounded() {
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), Role.PARTNER, Duration.ZERO));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), Role.PARTNER, Duration.ofDays(-1)));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), Role.PARTNER, Duration.ofDays(31)));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.invite(alice, ws.id(), Role.PARTNER, null));
        service.invite(alice, ws.id(), Role.PARTNER, Duration.ofDays(30));
    }

    // ---- roles ----

    @Test
    void ownersAndBrokersChangeRoles() {
        Account bob = join(Role.PARTNER);
        Account broker = join(Role.BROKER);
        service.changeRole(alice, ws.id(), bob.id(), Role.MENTOR);
        assertEquals(Role.MENTOR, service.requireMember(bob, ws.id()));
        service.changeRole(broker, ws.id(), bob.id(), Role.OBSERVER);
        assertEquals(Role.OBSERVER, service.requireMember(bob, ws.id()));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.changeRole(alice, ws.id(), bob.id(), null));
        failsWith(ErrorCode.NOT_FOUND, () -> service.changeRole(alice, ws.id(), outsider.id(), Role.PARTNER));
        failsWith(ErrorCode.NOT_FOUND, () -> service.changeRole(alice, ws.id(), UUID.randomUUID(), Role.PARTNER));
    }

    @Test
    void aPartnerTryingOwnerActionsChangesNothing() {
        Account bob = join(Role.PARTNER);
        Account carol = join(Role.TRAINEE);
        Map<String, Role> before = roles();
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(bob, ws.id(), bob.id(), Role.OWNER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(bob, ws.id(), alice.id(), Role.OBSERVER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(bob, ws.id(), carol.id(), Role.OBSERVER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.removeMember(bob, ws.id(), alice.id()));
        failsWith(ErrorCode.FORBIDDEN, () -> service.removeMember(bob, ws.id(), carol.id()));
        failsWith(ErrorCode.FORBIDDEN, () -> service.invite(bob, ws.id(), Role.BROKER, WEEK));
        assertEquals(before, roles());
    }

    @Test
    void aBrokerCannotTouchOwnership() {
        Account broker = join(Role.BROKER);
        Account bob = join(Role.PARTNER);
        Map<String, Role> before = roles();
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(broker, ws.id(), broker.id(), Role.OWNER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(broker, ws.id(), bob.id(), Role.OWNER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.changeRole(broker, ws.id(), alice.id(), Role.PARTNER));
        failsWith(ErrorCode.FORBIDDEN, () -> service.removeMember(broker, ws.id(), alice.id()));
        assertEquals(before, roles());
        service.removeMember(broker, ws.id(), bob.id());
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(bob, ws.id()));
    }

    @Test
    void theLastOwnerCanNeitherStepDownNorLeave() {
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.changeRole(alice, ws.id(), alice.id(), Role.PARTNER));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.removeMember(alice, ws.id(), alice.id()));
        assertEquals(Role.OWNER, service.requireMember(alice, ws.id()));

        Account bob = join("bob", Role.PARTNER);
        service.changeRole(alice, ws.id(), bob.id(), Role.OWNER);
        service.changeRole(alice, ws.id(), alice.id(), Role.ORIGINATOR);
        assertEquals(Map.of("alice", Role.ORIGINATOR, "bob", Role.OWNER), roles());
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.removeMember(bob, ws.id(), bob.id()));
    }

    @Test
    void anOwnerRemovesAnotherOwner() {
        Account bob = join("bob", Role.PARTNER);
        service.changeRole(alice, ws.id(), bob.id(), Role.OWNER);
        service.removeMember(bob, ws.id(), alice.id());
        assertEquals(Map.of("bob", Role.OWNER), roles());
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        Account bob = join(Role.PARTNER);
        service.changeRole(alice, ws.id(), bob.id(), Role.OWNER);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> {
                go.await();
                service.changeRole(alice, ws.id(), bob.id(), Role.PARTNER);
                return null;
            });
            Future<?> b = pool.submit(() -> {
                go.await();
                service.changeRole(bob, ws.id(), alice.id(), Role.PARTNER);
                return null;
            });
            go.countDown();
            int succeeded = 0;
            for (Future<?> f : List.of(a, b)) {
                try {
                    f.get();
                    succeeded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    TandemException te = (TandemException) e.getCause();
                    assertTrue(te.code() == ErrorCode.VALIDATION_FAILED || te.code() == ErrorCode.FORBIDDEN,
                            te.code() + ": " + te.getMessage());
                }
            }
            assertEquals(1, succeeded);
            assertEquals(1, roles().values().stream().filter(r -> r == Role.OWNER).count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anyMemberMayLeaveButOnlyManagersRemoveOthers() {
        Account bob = join("bob", Role.PARTNER);
        Account carol = join(Role.OBSERVER);
        failsWith(ErrorCode.FORBIDDEN, () -> service.removeMember(carol, ws.id(), bob.id()));
        service.removeMember(carol, ws.id(), carol.id());
        failsWith(ErrorCode.NOT_FOUND, () -> service.get(carol, ws.id()));
        service.removeMember(alice, ws.id(), bob.id());
        assertEquals(Map.of("alice", Role.OWNER), roles());
        failsWith(ErrorCode.NOT_FOUND, () -> service.removeMember(alice, ws.id(), bob.id()));
    }

    // ---- boards ----

    @Test
    void membersCreateAndListBoards() {
        Account bob = join(Role.PARTNER);
        BoardInfo b1 = service.createBoard(bob, ws.id(), "  Reading cycle ", null);
        assertEquals("Reading cycle", b1.title());
        assertEquals("cycle", b1.type());
        assertEquals(ws.id(), b1.workspaceId());
        clock.advance(Duration.ofSeconds(1));
        BoardInfo b2 = service.createBoard(alice, ws.id(), "Lessons", "lesson-sequence");
        assertEquals(List.of(b1, b2), service.boards(alice, ws.id()));
        assertEquals(b1, service.board(alice, b1.id()));
        assertEquals(Role.PARTNER, service.roleOnBoard(bob, b2.id()));
        assertEquals(Role.OWNER, service.roleOnBoard(alice, b2.id()));
    }

    @Test
    void observersReadBoardsButCannotCreateThem() {
        BoardInfo board = service.createBoard(alice, ws.id(), "Plan", null);
        Account obs = join(Role.OBSERVER);
        failsWith(ErrorCode.FORBIDDEN, () -> service.createBoard(obs, ws.id(), "Sneaky", null));
        assertEquals(List.of(board), service.boards(obs, ws.id()));
        assertEquals(board, service.board(obs, board.id()));
        assertEquals(Role.OBSERVER, service.roleOnBoard(obs, board.id()));
    }

    @Test
    void outsidersCannotFindBoards() {
        BoardInfo board = service.createBoard(alice, ws.id(), "Plan", null);
        failsWith(ErrorCode.NOT_FOUND, () -> service.board(outsider, board.id()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.roleOnBoard(outsider, board.id()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.board(alice, UUID.randomUUID()));
        failsWith(ErrorCode.NOT_FOUND, () -> service.board(alice, null));
    }

    @Test
    void invalidBoardsAreRejectedAndNothingIsCreated() {
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.createBoard(alice, ws.id(), " ", null));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.createBoard(alice, ws.id(), "t".repeat(201), null));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.createBoard(alice, ws.id(), "ok", "Not a type!"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> service.createBoard(alice, ws.id(), "ok", "x".repeat(51)));
        assertEquals(List.of(), service.boards(alice, ws.id()));
        assertEquals("t".repeat(200), service.createBoard(alice, ws.id(), "t".repeat(200), "").title());
    }

    // ---- test setup ----

    Account account(String name) {
        return accounts.signUp(name + "@example.org", name, "password");
    }

    private int joined;

    /** A new account that joined the workspace through a real invite from the owner, with {@code role}. */
    Account join(String name, Role role) {
        Account a = account(name);
        Role viaInvite = role == Role.OWNER ? Role.PARTNER : role;
        service.acceptInvite(a, service.invite(alice, ws.id(), viaInvite, WEEK).token());
        if (role == Role.OWNER) {
            service.changeRole(alice, ws.id(), a.id(), Role.OWNER);
        }
        return a;
    }

    Account join(Role role) {
        return join("member" + (++joined), role);
    }

    /** Display name → role of every member, read straight from the table (what is stored, not what is shown). */
    Map<String, Role> roles() {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.display_name, m.role FROM memberships m"
                     + " JOIN accounts a ON a.id = m.account_id WHERE m.workspace_id = ?")) {
            ps.setObject(1, ws.id());
            Map<String, Role> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Role.valueOf(rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
