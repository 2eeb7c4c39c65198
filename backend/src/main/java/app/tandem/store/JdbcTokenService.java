package app.tandem.store;

import app.tandem.auth.Account;
import app.tandem.auth.SecretTokens;
import app.tandem.auth.TokenService;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bearer tokens in {@code api_tokens}, stored as SHA-256 hashes so any node can check them and a database copy
 * holds no usable token. A token lives 30 days; logout deletes it. Blocking (JDBC).
 */
public final class JdbcTokenService implements TokenService {
    public static final Duration LIFETIME = Duration.ofDays(30);
    /** Longer than any token we issue; anything longer is rejected without hashing attacker-sized input. */
    private static final int MAX_TOKEN_LENGTH = 100;

    private final DataSource ds;
    private final Clock clock;

    public JdbcTokenService(DataSource ds) {
        this(ds, Clock.systemUTC());
    }

    public JdbcTokenService(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public String issue(Account account) {
        String token = SecretTokens.newToken();
        Instant now = Jdbc.now(clock);
        Jdbc.inTransaction(ds, c -> {
            // Housekeeping on the way: an account's expired tokens go when it gets a new one, so the table
            // cannot grow without bound and no background job is needed.
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM api_tokens WHERE account_id = ? AND expires_at <= ?")) {
                ps.setObject(1, account.id());
                Jdbc.setInstant(ps, 2, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, SecretTokens.hash(token));
                ps.setObject(2, account.id());
                Jdbc.setInstant(ps, 3, now);
                Jdbc.setInstant(ps, 4, now.plus(LIFETIME));
                ps.executeUpdate();
            }
            return null;
        });
        return token;
    }

    @Override
    public Optional<Account> resolve(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.id, a.email, a.display_name FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
                            + " WHERE t.token_hash = ? AND t.expires_at > ?")) {
                ps.setString(1, SecretTokens.hash(token));
                Jdbc.setInstant(ps, 2, Jdbc.now(clock));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JdbcAccountService.account(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void revoke(String token) {
        if (!plausible(token)) {
            return;
        }
        Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE token_hash = ?")) {
                ps.setString(1, SecretTokens.hash(token));
                return ps.executeUpdate();
            }
        });
    }

    private static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
    }
}
