package app.tandem.domain;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.AccountService;
import app.tandem.auth.Role;
import app.tandem.store.JdbcWorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready-made partnership for a first look (TANDEM_DEMO=true): two teachers from two schools, one planning
 * board. Alice brings a practice (originator), Bob adapts it (partner), so the demo shows roles as labels on a
 * membership rather than a hierarchy. Seeded only into an empty install, never on top of real accounts.
 */
public final class DemoData {
    public static final String PASSWORD = "tandem-demo";
    public static final String ALICE_EMAIL = "alice@example.org";
    public static final String BOB_EMAIL = "bob@example.org";
    public static final String WORKSPACE_NAME = "Demo partnership: Riverside Primary & Hillview Academy";
    public static final String BOARD_TITLE = "Reading for pleasure: JPD cycle";
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    /**
     * Seeds the demo if there are no accounts at all; returns whether it did. Idempotent: a second call, or a
     * second node starting against the same database, finds accounts and does nothing. If two nodes race, the
     * loser's sign-up of Alice fails with EMAIL_TAKEN before it creates anything, and it backs off.
     *
     * <p>Takes the JDBC workspace service, not just the interface: setting Alice's and Bob's roles directly
     * (no owner in the demo) is a seeding power that requests must never have.
     */
    public static boolean seedIfEmpty(AccountService accounts, JdbcWorkspaceService workspaces) {
        if (accounts.count() > 0) {
            return false;
        }
        Account alice;
        try {
            alice = accounts.signUp(ALICE_EMAIL, "Alice Adams", PASSWORD);
        } catch (TandemException e) {
            if (e.code() == ErrorCode.EMAIL_TAKEN) {
                return false; // another node is seeding right now
            }
            throw e;
        }
        Account bob = accounts.signUp(BOB_EMAIL, "Bob Brown", PASSWORD);
        Workspace ws = workspaces.create(alice, WORKSPACE_NAME,
                "Two schools trying a reading-for-pleasure practice together: plan, try, review, share.");
        // The board is created while Alice is still the creating owner; then the roles become the demo's.
        workspaces.createBoard(alice, ws.id(), BOARD_TITLE, "cycle");
        workspaces.addMember(ws.id(), bob.id(), Role.PARTNER);
        workspaces.addMember(ws.id(), alice.id(), Role.ORIGINATOR);
        LOG.info("Demo data seeded: sign in as {} or {} with password '{}'", ALICE_EMAIL, BOB_EMAIL, PASSWORD);
        return true;
    }
}
