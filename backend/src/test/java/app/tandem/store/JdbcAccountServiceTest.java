package app.tandem.store;

import static app.tandem.store.Expect.failsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of local accounts on a real database (H2 here; PostgreSQL in the subclass tagged "postgres"). */
class JdbcAccountServiceTest {
    Database db;
    JdbcAccountService accounts;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        accounts = new JdbcAccountService(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void signUpStoresALowerCasedEmailAndLogsInCaseInsensitively() {
        Account a = accounts.signUp("  Alice@Example.ORG ", " Alice Adams ", "correct horse");
        assertEquals("alice@example.org", a.email());
        assertEquals("Alice Adams", a.displayName());
        assertEquals(a, accounts.authenticate("ALICE@example.org", "correct horse"));
        assertEquals(a, accounts.find(a.id()).orElseThrow());
        assertEquals(a, accounts.findByEmail("alice@EXAMPLE.org").orElseThrow());
        assertEquals(1, accounts.count());
    }

    @Test
    void passwordIsStoredAsABcryptHashNeverInClear() throws Exception {
        accounts.signUp("alice@example.org", "Alice", "correct horse");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password_hash FROM accounts")) {
            rs.next();
            String hash = rs.getString(1);
            assertTrue(hash.startsWith("$2a$10$"), hash);
            assertFalse(hash.contains("correct horse"));
        }
    }

    @Test
    void duplicateEmailInAnyCaseIsTakenAndKeepsTheFirstAccount() {
        Account first = accounts.signUp("alice@example.org", "Alice", "password-1");
        failsWith(ErrorCode.EMAIL_TAKEN, () -> accounts.signUp("ALICE@example.org", "Impostor", "password-2"));
        assertEquals(1, accounts.count());
        assertEquals(first, accounts.authenticate("alice@example.org", "password-1"));
        failsWith(ErrorCode.INVALID_CREDENTIALS, () -> accounts.authenticate("alice@example.org", "password-2"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSameError() {
        accounts.signUp("alice@example.org", "Alice", "correct horse");
        TandemException wrong = failsWith(ErrorCode.INVALID_CREDENTIALS,
                () -> accounts.authenticate("alice@example.org", "wrong horse"));
        TandemException unknown = failsWith(ErrorCode.INVALID_CREDENTIALS,
                () -> accounts.authenticate("nobody@example.org", "correct horse"));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        failsWith(ErrorCode.INVALID_CREDENTIALS, () -> accounts.authenticate(null, null));
    }

    @Test
    void invalidSignUpsAreRejectedAndStoreNothing() {
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("not-an-email", "A", "password"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@b", "A", "password"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp(null, "A", "password"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@example.org", "A", "seven77"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@example.org", "A", null));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@example.org", "A", "p".repeat(201)));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@example.org", "   ", "password"));
        failsWith(ErrorCode.VALIDATION_FAILED, () -> accounts.signUp("a@example.org", "n".repeat(101), "password"));
        failsWith(ErrorCode.VALIDATION_FAILED,
                () -> accounts.signUp("a".repeat(250) + "@example.org", "A", "password"));
        assertEquals(0, accounts.count());
    }

    @Test
    void limitsAreInclusive() {
        accounts.signUp("a@example.org", "n".repeat(100), "p".repeat(200));
        accounts.signUp("b@example.org", "B", "eight888");
        assertEquals("n".repeat(100), accounts.authenticate("a@example.org", "p".repeat(200)).displayName());
    }

    @Test
    void longPasswordsSharingTheFirst72BytesStillDiffer() {
        String prefix = "x".repeat(80);
        accounts.signUp("a@example.org", "A", prefix + "one");
        failsWith(ErrorCode.INVALID_CREDENTIALS, () -> accounts.authenticate("a@example.org", prefix + "two"));
        accounts.authenticate("a@example.org", prefix + "one");
    }

    @Test
    void unknownIdsFindNothing() {
        assertTrue(accounts.find(UUID.randomUUID()).isEmpty());
        assertTrue(accounts.find(null).isEmpty());
        assertTrue(accounts.findByEmail("nobody@example.org").isEmpty());
    }

    @Test
    void racingSignUpsWithOneEmailCreateExactlyOneAccount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Account>> tries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tries.add(() -> accounts.signUp("race@example.org", "Racer", "password"));
            }
            int ok = 0;
            int taken = 0;
            for (Future<Account> f : pool.invokeAll(tries)) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(ErrorCode.EMAIL_TAKEN, ((TandemException) e.getCause()).code());
                    taken++;
                }
            }
            assertEquals(1, ok);
            assertEquals(3, taken);
            assertEquals(1, accounts.count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentPeopleGetDifferentIds() {
        Account a = accounts.signUp("a@example.org", "A", "password");
        Account b = accounts.signUp("b@example.org", "B", "password");
        assertNotEquals(a.id(), b.id());
    }
}
