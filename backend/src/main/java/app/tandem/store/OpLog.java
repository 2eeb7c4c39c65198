package app.tandem.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable op log, written with group commit: one writer thread takes every op queued while the previous
 * transaction was committing and writes them all in the next one, so under load many ops share one commit and
 * at rest an op waits for no timer.
 *
 * <p>Ops are committed in the order they were appended, so a board's sequencer that appends in revision
 * order gets its futures completed in revision order. If a batch fails (for instance another sequencer
 * already wrote one of its revisions), the writer retries op by op so that one board's conflict does not fail
 * other boards' ops. A failed op poisons its board: every later op of that board fails without being written,
 * whichever batch it falls in, because it was transformed against the op that did not make it. The board's
 * sequencer rebuilds its state from the database and then calls {@link #resume}; the resume travels through
 * the same queue, so ops appended before it still fail and ops appended after it are written.
 */
public final class OpLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpLog.class);
    private static final int MAX_BATCH = 1_000;
    private static final String INSERT = "INSERT INTO op_log (board_id, rev, client_id, client_seq, author_id, op, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Boards whose queued ops must fail until their resume marker is reached. Writer thread only. */
    private final Set<UUID> poisoned = new HashSet<>();
    private final Thread writer;
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedOps = new LongAdder();
    private final LongAdder opsRead = new LongAdder();
    private volatile boolean closing;

    private sealed interface Entry {
    }

    private record Pending(StoredOp op, CompletableFuture<Void> done) implements Entry {
    }

    private record Resume(UUID boardId) implements Entry {
    }

    public OpLog(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = Thread.ofPlatform().name("oplog-writer").daemon(true).start(this::writeLoop);
    }

    /** Queues the op; the future completes once its row is committed (or fails, and nothing was written). */
    public CompletableFuture<Void> append(StoredOp op) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IllegalStateException("op log is closed"));
            return done;
        }
        queue.add(new Pending(op, done));
        return done;
    }

    /**
     * Called by a board's sequencer after an append of that board failed and it reloaded its state: ops of the
     * board appended after this call are written again.
     */
    public void resume(UUID boardId) {
        queue.add(new Resume(boardId));
    }

    /** Ops of a board with {@code fromExclusive < rev <= toInclusive}, in revision order (blocking JDBC). */
    public List<StoredOp> range(UUID boardId, long fromExclusive, long toInclusive) {
        return query("SELECT * FROM op_log WHERE board_id = ? AND rev > ? AND rev <= ? ORDER BY rev",
                ps -> {
                    ps.setObject(1, boardId);
                    ps.setLong(2, fromExclusive);
                    ps.setLong(3, toInclusive);
                });
    }

    /** The op a client already submitted with this sequence number, if any: the dedup check after a restart. */
    public Optional<StoredOp> findByClient(UUID boardId, String clientId, long clientSeq) {
        return query("SELECT * FROM op_log WHERE board_id = ? AND client_id = ? AND client_seq = ?", ps -> {
            ps.setObject(1, boardId);
            ps.setString(2, clientId);
            ps.setLong(3, clientSeq);
        }).stream().findFirst();
    }

    /**
     * The highest clientSeq this client has in the board's log, 0 if none: a sequencer meeting a client for the
     * first time since it loaded knows from this which of its ops may be resends (served by the unique index).
     */
    public long maxClientSeq(UUID boardId, String clientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT MAX(client_seq) FROM op_log WHERE board_id = ? AND client_id = ?")) {
            ps.setObject(1, boardId);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("reading client sequence of board " + boardId, e);
        }
    }

    /** Highest committed revision of the board, 0 for a board without ops. */
    public long headRev(UUID boardId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(rev) FROM op_log WHERE board_id = ?")) {
            ps.setObject(1, boardId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("reading head revision of board " + boardId, e);
        }
    }

    /** Number of transactions committed and ops in them since start (group-commit efficiency, for metrics). */
    public long commits() {
        return commits.sum();
    }

    public long committedOps() {
        return committedOps.sum();
    }

    /** Rows read back by {@link #range} and {@link #findByClient} since start: what loading a board costs. */
    public long opsRead() {
        return opsRead.sum();
    }

    /** Writes everything already queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>();
        while (true) {
            try {
                if (queue.isEmpty() && closing) {
                    return;
                }
                Entry first = closing ? queue.poll() : queue.take();
                if (first == null) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                // close() interrupts a waiting writer: loop again to drain what is left, then stop.
                continue;
            }
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Entry> batch) {
        Set<UUID> poisonedBefore = new HashSet<>(poisoned);
        List<Pending> writable = new ArrayList<>();
        for (Entry e : batch) {
            switch (e) {
                case Resume r -> poisoned.remove(r.boardId());
                case Pending p when poisoned.contains(p.op.boardId()) -> failStale(p);
                case Pending p -> writable.add(p);
            }
        }
        if (writable.isEmpty()) {
            return;
        }
        try {
            insert(writable);
            commits.increment();
            committedOps.add(writable.size());
            writable.forEach(p -> p.done.complete(null));
        } catch (SQLException batchFailure) {
            log.debug("Group commit of {} ops failed ({}); retrying one by one", writable.size(), batchFailure.toString());
            // Replay the batch in order, one op per transaction, with the poison state it started with.
            poisoned.clear();
            poisoned.addAll(poisonedBefore);
            for (Entry e : batch) {
                switch (e) {
                    case Resume r -> poisoned.remove(r.boardId());
                    case Pending p when poisoned.contains(p.op.boardId()) -> failStale(p);
                    case Pending p -> writeAlone(p);
                }
            }
        }
    }

    private void writeAlone(Pending p) {
        try {
            insert(List.of(p));
            commits.increment();
            committedOps.increment();
            p.done.complete(null);
        } catch (SQLException e) {
            poisoned.add(p.op.boardId());
            p.done.completeExceptionally(new StoreException("writing op rev " + p.op.rev() + " of board "
                    + p.op.boardId(), e));
        }
    }

    private static void failStale(Pending p) {
        p.done.completeExceptionally(new StoreException("not writing op rev " + p.op.rev() + " of board "
                + p.op.boardId() + ": an earlier op of the board failed and the board was not resumed since", null));
    }

    private void insert(List<Pending> ops) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Pending p : ops) {
                    StoredOp op = p.op;
                    ps.setObject(1, op.boardId());
                    ps.setLong(2, op.rev());
                    ps.setString(3, op.clientId());
                    ps.setLong(4, op.clientSeq());
                    ps.setObject(5, op.authorId());
                    ps.setString(6, op.op());
                    ps.setTimestamp(7, Timestamp.from(op.createdAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<StoredOp> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<StoredOp> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredOp(rs.getObject("board_id", UUID.class), rs.getLong("rev"),
                            rs.getString("client_id"), rs.getLong("client_seq"), rs.getObject("author_id", UUID.class),
                            rs.getString("op"), rs.getTimestamp("created_at").toInstant()));
                }
            }
            opsRead.add(out.size());
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading op log", e);
        }
    }
}
