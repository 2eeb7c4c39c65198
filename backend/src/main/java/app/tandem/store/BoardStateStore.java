package app.tandem.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Durable copy of each live board's state (table board_state): the cluster writes it through after every change
 * and reads it back when a board is not in memory. Saves from different nodes can arrive out of order, so a save
 * never replaces a newer version. Plain JDBC, the same SQL on H2 and PostgreSQL; blocking: call it off event loops.
 */
public final class BoardStateStore {

    /** A board's state as stored: its version and the JSON written by the cluster layer. */
    public record StoredBoard(long version, String stateJson) {
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public BoardStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public BoardStateStore(Database database) {
        this(database.dataSource());
    }

    public Optional<StoredBoard> load(UUID boardId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT version, state FROM board_state WHERE board_id = ?")) {
            s.setObject(1, boardId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new StoredBoard(r.getLong(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the state of board " + boardId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code stateJson} as the board's state at {@code version} unless the stored version is already the
     * same or newer. Returns whether it wrote. Portable upsert: conditional UPDATE, else INSERT; an INSERT that
     * loses a race with another node's INSERT retries the UPDATE, whose version condition then decides.
     */
    public boolean save(UUID boardId, long version, String stateJson) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (update(c, boardId, version, stateJson)) {
                return true;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO board_state (board_id, version, state, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                s.setObject(1, boardId);
                s.setLong(2, version);
                s.setString(3, stateJson);
                s.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return update(c, boardId, version, stateJson);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save the state of board " + boardId + ": " + e.getMessage(), e);
        }
    }

    private static boolean update(Connection c, UUID boardId, long version, String stateJson) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE board_state SET version = ?, state = ?, updated_at = CURRENT_TIMESTAMP"
                        + " WHERE board_id = ? AND version < ?")) {
            s.setLong(1, version);
            s.setString(2, stateJson);
            s.setObject(3, boardId);
            s.setLong(4, version);
            return s.executeUpdate() == 1;
        }
    }
}
