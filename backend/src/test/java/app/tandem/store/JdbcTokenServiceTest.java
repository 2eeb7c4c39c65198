package app.tandem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.SecretTokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of bearer tokens on a real database (PostgreSQL in the subclass tagged "postgres"). */
class JdbcTokenServiceTest {
    Database db;
    TestClock clock;
    JdbcTokenService tokens;
    Account alice;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        clock = new TestClock();
        tokens = new JdbcTokenService(db.dataSource(), clock);
        alice = new JdbcAccountService(db.dataSource()).signUp("alice@example.org", "Alice", "password");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anIssuedTokenResolvesToItsAccountUntilRevoked() {
        String token = tokens.issue(alice);
        assertEquals(Optional.of(alice), tokens.resolve(token));
        tokens.revoke(token);
        assertEquals(Optional.empty(), tokens.resolve(token));
    }

    @Test
    void tokensAreUrlSafeRandomAndIndependent() {
        String one = tokens.issue(alice);
        String two = tokens.issue(alice);
        assertNotEquals(one, two);
        assertTrue(one.matches("[A-Za-z0-9_-]{43}"), one);
        tokens.revoke(one);
        assertEquals(Optional.of(alice), tokens.resolve(two), "logging out one session leaves the other");
    }

    @Test
    void onlyTheHashIsStored() throws Exception {
        String token = tokens.issue(alice);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT token_hash FROM api_tokens")) {
            rs.next();
            assertEquals(SecretTokens.hash(token), rs.getString(1));
            assertNotEquals(token, rs.getString(1));
        }
    }

    @Test
    void aTokenExpiresAfterThirtyDays() {
        String token = tokens.issue(alice);
        clock.advance(Duration.ofDays(30).minusMinutes(1));
        assertEquals(Optional.of(alice), tokens.resolve(token));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.empty(), tokens.resolve(token));
    }

    @Test
    void expiredTokensAreDeletedWhenTheAccountGetsANewOne() throws Exception {
        tokens.issue(alice);
        tokens.issue(alice);
        clock.advance(Duration.ofDays(31));
        String fresh = tokens.issue(alice);
        assertEquals(1, countTokens());
        assertEquals(Optional.of(alice), tokens.resolve(fresh));
    }

    @Test
    void unknownAndGarbageTokensResolveToNothingAndRevokeQuietly() throws Exception {
        tokens.issue(alice);
        List<String> garbage = new ArrayList<>(List.of("", "   ", "nope", "x".repeat(10_000)));
        garbage.add(null);
        for (String g : garbage) {
            assertEquals(Optional.empty(), tokens.resolve(g));
            tokens.revoke(g);
        }
        assertEquals(1, countTokens(), "revoking garbage removed nothing");
    }

    private long countTokens() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM api_tokens")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
