package app.tandem.store;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.AccountService;
import app.tandem.auth.Passwords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Local accounts in the {@code accounts} table. Emails are stored lower-cased, which makes the column's UNIQUE
 * constraint the case-insensitive uniqueness rule on every database. Blocking (JDBC + bcrypt).
 */
public final class JdbcAccountService implements AccountService {
    public static final int MAX_EMAIL = 254;
    public static final int MAX_DISPLAY_NAME = 100;
    /** Deliberately loose: one @, something on both sides, a dot in the domain. The real check is the invite mail. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final DataSource ds;
    private final Clock clock;

    public JdbcAccountService(DataSource ds) {
        this(ds, Clock.systemUTC());
    }

    public JdbcAccountService(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public Account signUp(String email, String displayName, String password) {
        String normalizedEmail = normalizeEmail(email);
        if (normalizedEmail.length() > MAX_EMAIL || !EMAIL.matcher(normalizedEmail).matches()) {
            throw Fields.invalid("Enter a valid email address (like name@school.org).");
        }
        String name = Fields.requiredText(displayName, "Display name", MAX_DISPLAY_NAME);
        if (password == null || password.length() < Passwords.MIN_LENGTH) {
            throw Fields.invalid("Password must be at least " + Passwords.MIN_LENGTH + " characters.");
        }
        if (password.length() > Passwords.MAX_LENGTH) {
            throw Fields.invalid("Password must be at most " + Passwords.MAX_LENGTH + " characters.");
        }
        // Hash before touching the database: bcrypt is slow and must not hold a pooled connection.
        String hash = Passwords.hash(password);
        Account account = new Account(UUID.randomUUID(), normalizedEmail, name);
        return Jdbc.run(ds, c -> {
            // No "SELECT first": the UNIQUE constraint decides, which is also right when two sign-ups race.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO accounts (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, account.id());
                ps.setString(2, account.email());
                ps.setString(3, account.displayName());
                ps.setString(4, hash);
                Jdbc.setInstant(ps, 5, Jdbc.now(clock));
                ps.executeUpdate();
                return account;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new TandemException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
                }
                throw e;
            }
        });
    }

    @Override
    public Account authenticate(String email, String password) {
        TandemException invalid = new TandemException(ErrorCode.INVALID_CREDENTIALS, "Email or password is wrong.");
        if (email == null || password == null || password.length() > Passwords.MAX_LENGTH) {
            throw invalid;
        }
        record Row(Account account, String hash) {
        }
        Optional<Row> row = Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, email, display_name, password_hash FROM accounts WHERE email = ?")) {
                ps.setString(1, normalizeEmail(email));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Row(account(rs), rs.getString("password_hash"))) : Optional.empty();
                }
            }
        });
        if (row.isEmpty()) {
            Passwords.spendEquivalentTime(password);
            throw invalid;
        }
        if (!Passwords.matches(password, row.get().hash())) {
            throw invalid;
        }
        return row.get().account();
    }

    @Override
    public Optional<Account> find(UUID id) {
        if (id == null) {
            return Optional.empty();
        }
        return queryOne("SELECT id, email, display_name FROM accounts WHERE id = ?", id);
    }

    @Override
    public Optional<Account> findByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return queryOne("SELECT id, email, display_name FROM accounts WHERE email = ?", normalizeEmail(email));
    }

    @Override
    public long count() {
        return Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM accounts");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name"));
    }

    private Optional<Account> queryOne(String sql, Object key) {
        return Jdbc.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.empty();
                }
            }
        });
    }
}
