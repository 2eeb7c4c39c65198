package app.tandem.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.store.Database;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo partnership: seeded into an empty install once, never on top of real accounts. */
class DemoDataTest {
    Database db;
    JdbcAccountService accounts;
    JdbcWorkspaceService workspaces;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        accounts = new JdbcAccountService(db.dataSource());
        workspaces = new JdbcWorkspaceService(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void seedsAliceAsOriginatorAndBobAsPartnerWithOneCycleBoard() {
        assertTrue(DemoData.seedIfEmpty(accounts, workspaces));

        Account alice = accounts.authenticate("alice@example.org", "tandem-demo");
        Account bob = accounts.authenticate("bob@example.org", "tandem-demo");
        assertEquals("Alice Adams", alice.displayName());
        assertEquals("Bob Brown", bob.displayName());

        List<Workspace> ws = workspaces.listFor(alice);
        assertEquals(1, ws.size());
        assertEquals("Demo partnership: Riverside Primary & Hillview Academy", ws.get(0).name());
        assertEquals(Map.of("Alice Adams", Role.ORIGINATOR, "Bob Brown", Role.PARTNER),
                workspaces.members(bob, ws.get(0).id()).stream()
                        .collect(Collectors.toMap(Member::displayName, Member::role)));

        List<BoardInfo> boards = workspaces.boards(bob, ws.get(0).id());
        assertEquals(1, boards.size());
        assertEquals("Reading for pleasure: JPD cycle", boards.get(0).title());
        assertEquals("cycle", boards.get(0).type());
    }

    @Test
    void seedingTwiceOrFromASecondNodeChangesNothing() {
        assertTrue(DemoData.seedIfEmpty(accounts, workspaces));
        assertFalse(DemoData.seedIfEmpty(accounts, workspaces));
        // A second node: its own service objects over the same database.
        assertFalse(DemoData.seedIfEmpty(new JdbcAccountService(db.dataSource()),
                new JdbcWorkspaceService(db.dataSource())));
        assertEquals(2, accounts.count());
        Account alice = accounts.findByEmail("alice@example.org").orElseThrow();
        assertEquals(1, workspaces.listFor(alice).size());
        assertEquals(1, workspaces.boards(alice, workspaces.listFor(alice).get(0).id()).size());
    }

    @Test
    void neverSeedsIntoAnInstallThatHasAccounts() {
        Account real = accounts.signUp("teacher@school.org", "Real Teacher", "a real password");
        assertFalse(DemoData.seedIfEmpty(accounts, workspaces));
        assertEquals(1, accounts.count());
        assertTrue(accounts.findByEmail("alice@example.org").isEmpty());
        assertEquals(List.of(), workspaces.listFor(real));
    }
}
