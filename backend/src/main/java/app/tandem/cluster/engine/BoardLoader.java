package app.tandem.cluster.engine;

import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.StoredOp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a board as of its committed head: the newest snapshot at least {@code minHistory} ops below the head,
 * then only the ops after it (never the whole log). Sequencers and replicas both load this way. Blocking JDBC:
 * virtual threads only.
 */
final class BoardLoader<S> {
    record Loaded<S>(S state, long rev, long snapshotRev, int tailOps) {
    }

    private final DocumentModel<S> model;
    private final OpLog opLog;
    private final SnapshotStore snapshots;
    private final int minHistory;
    /** What the latest load of each board read, for tests and diagnostics. */
    private final Map<UUID, Loaded<S>> lastLoads = new ConcurrentHashMap<>();

    BoardLoader(DocumentModel<S> model, OpLog opLog, SnapshotStore snapshots, int minHistory) {
        this.model = model;
        this.opLog = opLog;
        this.snapshots = snapshots;
        this.minHistory = minHistory;
    }

    Loaded<S> load(UUID boardId) {
        long head = opLog.headRev(boardId);
        var snapshot = snapshots.latest(boardId, Math.max(0, head - minHistory));
        long from = snapshot.map(SnapshotStore.Snapshot::rev).orElse(0L);
        S state = snapshot.map(s -> model.restore(s.doc(), s.rev())).orElseGet(model::empty);
        List<StoredOp> tail = opLog.range(boardId, from, head);
        long rev = from;
        for (StoredOp op : tail) {
            if (op.rev() != rev + 1) {
                throw new IllegalStateException("op log of board " + boardId + " has a hole before rev " + op.rev());
            }
            state = model.replay(state, op);
            rev = op.rev();
        }
        if (rev != head) {
            throw new IllegalStateException("op log of board " + boardId + " ends at " + rev + ", expected " + head);
        }
        Loaded<S> loaded = new Loaded<>(state, rev, from, tail.size());
        lastLoads.put(boardId, loaded);
        return loaded;
    }

    Loaded<S> lastLoad(UUID boardId) {
        return lastLoads.get(boardId);
    }
}
