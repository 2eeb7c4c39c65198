package app.tandem.collab.sync;

import app.tandem.TandemException;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.Transform;
import app.tandem.collab.text.TextOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Jupiter client of one board, for Java clients (tools, tests, server-side UIs). It keeps the last document
 * the server confirmed, at {@link #rev()}, and the local document the user sees: the confirmed one plus the op
 * in flight (sent, not yet acknowledged) plus the buffered ops (not yet sent). One op is in flight at a time.
 *
 * <ul>
 *   <li>{@link #applyLocal} applies your op at once and returns what to send, if nothing is in flight;</li>
 *   <li>{@link #onAck} confirms the op in flight and returns the next one to send;</li>
 *   <li>{@link #onRemote} takes somebody else's sequenced op: the op in flight and the buffered ops are
 *       transformed against it (the remote op was sequenced first: its inserts stay left), and the remote op,
 *       transformed against them, is applied to the local document;</li>
 *   <li>{@link #resend} after a reconnect resends the op in flight with the same clientSeq (the server answers
 *       a duplicate with the original ack);</li>
 *   <li>{@link #undo} / {@link #redo} revert or re-apply your own changes only ({@link UndoStack}).</li>
 * </ul>
 *
 * Not thread-safe: one owner. Messages must arrive in revision order (acks and remote ops alike); a gap is the
 * caller's to repair first.
 */
public final class ClientDoc {
    /** One message to send: submit {@code op} as ({@code clientId}, {@code clientSeq}) against {@code baseRev}. */
    public record Submission(String clientId, long clientSeq, long baseRev, Op op) {}

    private final String clientId;
    private final UndoStack undo = new UndoStack();
    private BoardDoc confirmed;
    private BoardDoc local;
    private long rev;
    private long nextSeq;
    /** The op sent and not yet acknowledged, with its clientSeq; null when idle. */
    private Op inflight;
    private long inflightSeq;
    /** What the op in flight removed locally (a delete's subtree), to transform remote ops against it. */
    private Set<String> inflightRemoved = Set.of();
    /** Local ops not yet sent, oldest first, and what each removed. */
    private final List<Op> buffer = new ArrayList<>();
    private final List<Set<String>> bufferRemoved = new ArrayList<>();

    /** A client at revision {@code rev} of {@code doc} (copied); its first op gets clientSeq 1. */
    public ClientDoc(String clientId, BoardDoc doc, long rev) {
        this(clientId, doc, rev, 1);
    }

    /** As above, continuing a client's sequence at {@code firstSeq} (a reconnecting client keeps its clientId). */
    public ClientDoc(String clientId, BoardDoc doc, long rev, long firstSeq) {
        this.clientId = clientId;
        this.confirmed = doc.copy();
        this.local = doc.copy();
        this.rev = rev;
        this.nextSeq = firstSeq;
    }

    public String clientId() {
        return clientId;
    }

    /** The last revision received from the server. */
    public long rev() {
        return rev;
    }

    /** The document the user sees (confirmed + pending). Read it; change it only through {@link #applyLocal}. */
    public BoardDoc doc() {
        return local;
    }

    /** The document as of {@link #rev()}, without your pending ops. */
    public BoardDoc confirmed() {
        return confirmed;
    }

    /** True while an op is in flight or buffered. */
    public boolean hasPending() {
        return inflight != null || !buffer.isEmpty();
    }

    public boolean canUndo() {
        return undo.canUndo();
    }

    public boolean canRedo() {
        return undo.canRedo();
    }

    /**
     * Applies your op to the local document (checked first: INVALID_OP / TEXT_TOO_LONG and nothing changes) and
     * records its inverse for undo. Returns the submission to send now, or empty if an op is already in flight
     * (the op is buffered; consecutive text edits of one field are composed into one).
     */
    public Optional<Submission> applyLocal(Op op) {
        List<Op> inverse = local.inverse(op);
        Set<String> removed = removed(local, op);
        local.apply(op);
        undo.record(inverse);
        return enqueue(op, removed);
    }

    /**
     * The op in flight was sequenced at {@code rev}. Returns the next op to send, if any. An ack for a revision
     * already seen (a duplicate answer after a resend) is ignored.
     */
    public Optional<Submission> onAck(long ackRev) {
        if (inflight == null || ackRev <= rev) {
            return Optional.empty();
        }
        expectNext(ackRev);
        applyQuietly(confirmed, Transform.fit(inflight, confirmed));
        rev = ackRev;
        inflight = null;
        return sendNext();
    }

    /**
     * The server rejected the op in flight (a coded error): it is dropped, the local document is rebuilt from
     * the confirmed one and the buffered ops, and the next op (if any) is returned to send.
     */
    public Optional<Submission> onReject() {
        inflight = null;
        rebuild();
        return sendNext();
    }

    /**
     * Somebody else's op sequenced at {@code rev} (which must be {@link #rev()} + 1). Returns the op as applied to
     * the local document (transformed against your pending ops), for a UI to render.
     */
    public Op onRemote(long remoteRev, Op op) {
        expectNext(remoteRev);
        Set<String> removedOnServer = removed(confirmed, op);
        Set<String> removedLocally = removed(local, op);
        confirmed.apply(op);
        rev = remoteRev;
        Op remote = op;
        boolean structural = op instanceof Op.Delete || op instanceof Op.Move;
        if (inflight != null) {
            Transform.Pair p = Transform.transform(inflight, inflightRemoved, remote, removedOnServer);
            structural |= inflight instanceof Op.Delete || inflight instanceof Op.Move;
            inflight = p.a();
            remote = p.b();
        }
        for (int i = 0; i < buffer.size(); i++) {
            Op mine = buffer.get(i);
            Transform.Pair p = Transform.transform(mine, bufferRemoved.get(i), remote, removedOnServer);
            structural |= mine instanceof Op.Delete || mine instanceof Op.Move;
            buffer.set(i, p.a());
            remote = p.b();
        }
        boolean applied = false;
        if (!structural || !hasPending()) {
            try {
                local.apply(remote);
                applied = true;
            } catch (TandemException e) {
                // e.g. a remote create whose id one of your pending ops also created: rebuild below
            }
        }
        if (!applied) {
            // Structure changes and pending ops: the local document is the confirmed one plus the pending ops
            // fitted to it, exactly what the server will do with them (a subtree deleted here may have gained
            // or lost nodes on the server, which one transformed op cannot express).
            rebuild();
        }
        undo.transform(remote, removedLocally);
        return remote;
    }

    /**
     * An op from the board's ordered stream, mine or not: an op with this client's id and the clientSeq in
     * flight is the ack of the op in flight (after a reconnect the stream may deliver it before the ack).
     * Returns the submission to send next, if any.
     */
    public Optional<Submission> onSequenced(SequencedOp op) {
        if (inflight != null && clientId.equals(op.clientId()) && op.clientSeq() == inflightSeq) {
            return onAck(op.rev());
        }
        if (op.rev() <= rev) {
            return Optional.empty();
        }
        onRemote(op.rev(), op.op());
        return Optional.empty();
    }

    /**
     * After a reconnect (and after catching up on the ops missed): the op in flight again, with the same
     * clientSeq, against the current revision (it has been transformed up to it). Empty if nothing is in flight.
     */
    public Optional<Submission> resend() {
        return inflight == null ? Optional.empty()
                : Optional.of(new Submission(clientId, inflightSeq, rev, inflight));
    }

    /**
     * Undoes your latest change that still has an effect: its inverse, transformed past everybody's later ops,
     * is applied locally like a new op of yours. Returns the submission to send now, if any (see
     * {@link #applyLocal}); nothing happens when there is nothing left to undo ({@link #canUndo()}).
     */
    public Optional<Submission> undo() {
        return revert(true);
    }

    /** Re-applies the change the latest undo reverted. */
    public Optional<Submission> redo() {
        return revert(false);
    }

    private Optional<Submission> revert(boolean isUndo) {
        Optional<Submission> first = Optional.empty();
        while (isUndo ? undo.canUndo() : undo.canRedo()) {
            List<Op> entry = (isUndo ? undo.undo() : undo.redo()).orElseThrow();
            List<Op> inverse = new ArrayList<>();
            boolean changed = false;
            for (Op op : entry) {
                Op fitted = Transform.fit(op, local);
                if (fitted instanceof Op.Noop) {
                    continue;
                }
                List<Op> inv;
                Set<String> removed;
                try {
                    inv = local.inverse(fitted);
                    removed = removed(local, fitted);
                    local.apply(fitted);
                } catch (TandemException e) {
                    continue; // no longer applicable (e.g. its node was re-created by someone else)
                }
                inverse.addAll(0, inv); // undo the last op first
                changed = true;
                Optional<Submission> s = enqueue(fitted, removed);
                if (first.isEmpty()) {
                    first = s;
                }
            }
            if (changed) {
                if (isUndo) {
                    undo.recordRedo(inverse);
                } else {
                    undo.recordUndo(inverse);
                }
                break;
            }
        }
        return first;
    }

    private Optional<Submission> enqueue(Op op, Set<String> removed) {
        if (op instanceof Op.Noop) {
            return Optional.empty();
        }
        if (inflight == null) {
            inflight = op;
            inflightRemoved = removed;
            inflightSeq = nextSeq++;
            return Optional.of(new Submission(clientId, inflightSeq, rev, inflight));
        }
        if (!buffer.isEmpty() && buffer.getLast() instanceof Op.TextEdit last && op instanceof Op.TextEdit t
                && last.node().equals(t.node()) && last.field().equals(t.field())) {
            buffer.set(buffer.size() - 1, new Op.TextEdit(t.node(), t.field(), TextOp.compose(last.ops(), t.ops())));
        } else {
            buffer.add(op);
            bufferRemoved.add(removed);
        }
        return Optional.empty();
    }

    private Optional<Submission> sendNext() {
        while (inflight == null && !buffer.isEmpty()) {
            Op next = buffer.removeFirst();
            Set<String> removed = bufferRemoved.removeFirst();
            if (!(next instanceof Op.Noop)) {
                inflight = next;
                inflightRemoved = removed;
                inflightSeq = nextSeq++;
                return Optional.of(new Submission(clientId, inflightSeq, rev, inflight));
            }
        }
        return Optional.empty();
    }

    /** local = confirmed + pending ops fitted to it; ops that no longer fit are dropped or become noops. */
    private void rebuild() {
        local = confirmed.copy();
        if (inflight != null) {
            inflight = Transform.fit(inflight, local);
            inflightRemoved = removed(local, inflight);
            applyQuietly(local, inflight);
        }
        List<Op> ops = new ArrayList<>(buffer);
        buffer.clear();
        bufferRemoved.clear();
        for (Op op : ops) {
            Op fitted = Transform.fit(op, local);
            Set<String> removed = removed(local, fitted);
            if (!(fitted instanceof Op.Noop) && applyQuietly(local, fitted)) { // else the server would reject it
                buffer.add(fitted);
                bufferRemoved.add(removed);
            }
        }
    }

    private static boolean applyQuietly(BoardDoc doc, Op op) {
        try {
            doc.apply(op);
            return true;
        } catch (TandemException e) {
            return false;
        }
    }

    private static Set<String> removed(BoardDoc doc, Op op) {
        return op instanceof Op.Delete d && doc.has(d.node()) ? doc.subtree(d.node()) : Transform.removedBy(op);
    }

    private void expectNext(long nextRev) {
        if (nextRev != rev + 1) {
            throw new IllegalStateException("Expected revision " + (rev + 1) + ", got " + nextRev + ": fetch the gap first.");
        }
    }
}
