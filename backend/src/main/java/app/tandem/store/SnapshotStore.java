package app.tandem.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Board snapshots (document JSON at a revision). Older snapshots are kept: version history reads them. */
public final class SnapshotStore {
    public record Snapshot(UUID boardId, long rev, String doc) {
    }

    private final DataSource dataSource;

    public SnapshotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Idempotent: saving the same revision twice keeps the first (both are the same document). */
    public void save(UUID boardId, long rev, String doc) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO board_snapshot (board_id, rev, doc, created_at) "
                     + "SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                     + "(SELECT 1 FROM board_snapshot WHERE board_id = ? AND rev = ?)")) {
            ps.setObject(1, boardId);
            ps.setLong(2, rev);
            ps.setString(3, doc);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setObject(5, boardId);
            ps.setLong(6, rev);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("saving snapshot rev " + rev + " of board " + boardId, e);
        }
    }

    /** The newest snapshot at or below {@code maxRev}. */
    public Optional<Snapshot> latest(UUID boardId, long maxRev) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT rev, doc FROM board_snapshot WHERE board_id = ? "
                     + "AND rev <= ? ORDER BY rev DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setObject(1, boardId);
            ps.setLong(2, maxRev);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(boardId, rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading snapshot of board " + boardId, e);
        }
    }

    public Optional<Snapshot> latest(UUID boardId) {
        return latest(boardId, Long.MAX_VALUE);
    }
}
