package app.tandem.store;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * The few JDBC idioms the stores share: run work in one transaction, bind and read timestamps the same way on
 * H2 and PostgreSQL, and turn SQLExceptions into unchecked ones callers can reason about.
 * Every method here blocks: callers on a Vert.x event loop must hop to a worker first.
 */
final class Jdbc {
    /** SQLSTATE for a unique-constraint violation; H2 and PostgreSQL both use it. */
    private static final String UNIQUE_VIOLATION = "23505";

    private Jdbc() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: every statement commits or none does (also on TandemException). */
    static <T> T inTransaction(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                // Hikari resets auto-commit on return too; restoring it here keeps the connection state obvious.
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs a single read or a single statement (auto-commit: one statement is atomic by itself). */
    static <T> T run(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Now" as stored: PostgreSQL keeps microseconds, so truncating first makes a value read back equal to the
     * value written on both databases.
     */
    static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static RuntimeException failure(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            // Pool timeout or lost connection: the caller can retry; not a bug in the request.
            return new TandemException(ErrorCode.UNAVAILABLE, "The database is not reachable right now; try again.");
        }
        return new IllegalStateException("Database error: " + e.getMessage(), e);
    }
}
