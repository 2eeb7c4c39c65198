package app.tandem.collab.sync;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.Transform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sequencer logic of one board, pure and single-threaded: the cluster engine owns one instance per open
 * board on the board's partition owner and calls {@link #submit} for every incoming op, in order.
 *
 * <p>One submit is one op's journey: recognise a resend (dedup), check the base revision against the window,
 * transform against everything sequenced since that revision, fit the result to the document, apply (all
 * checks first: a rejected op changes nothing), then assign the next revision and remember it. The caller makes
 * the {@link SequencedOp} durable before it acknowledges it.
 *
 * <p><b>Rebuilding after a restart.</b> {@link #restore} takes a snapshot (document JSON + its revision). The
 * window and the dedup table are not in the snapshot: the caller rebuilds them from the op log by calling
 * {@link #recall} for the logged ops at or before the snapshot revision (the last {@code windowSize} of them, in
 * order) and then {@link #replay} for every op after it. Without recalled ops, clients whose base revision is
 * older than the snapshot get STALE_REVISION and resync, which is safe; a resend of an op older than the
 * snapshot is then recognised only if the dedup table was recalled.
 */
public final class ServerDoc {
    public static final int DEFAULT_WINDOW = 10_000;
    /** Clients remembered for dedup (least recently used forgotten first). */
    public static final int MAX_CLIENTS = 100_000;
    public static final int MAX_CLIENT_ID_LENGTH = 64;

    /** What the author is told: the revision and the op as sequenced. */
    public record Ack(long rev, Op op) {}

    /** The outcome of a submit; errors are thrown as {@link TandemException}. */
    public sealed interface Result permits Sequenced, Duplicate {}

    /** Newly sequenced: make it durable, then acknowledge it and publish it. */
    public record Sequenced(SequencedOp op) implements Result {
        public Ack ack() {
            return new Ack(op.rev(), op.op());
        }
    }

    /** A resend of an op sequenced before: answer with its original ack, apply nothing. */
    public record Duplicate(Ack ack) implements Result {}

    /** A sequenced op and the ids it removed (a delete's subtree), needed to transform later submissions. */
    private record Entry(SequencedOp op, Set<String> removed) {}

    private record LastSeen(long clientSeq, Ack ack) {}

    private final BoardDoc doc;
    private final int windowSize;
    private final ArrayDeque<Entry> window = new ArrayDeque<>();
    private final Map<String, LastSeen> lastByClient = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LastSeen> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private long rev;

    /** An empty board at revision 0 with the default window. */
    public ServerDoc() {
        this(new BoardDoc(), 0, DEFAULT_WINDOW);
    }

    /** Takes ownership of {@code doc}, which is at revision {@code rev}. */
    public ServerDoc(BoardDoc doc, long rev, int windowSize) {
        if (windowSize < 1 || rev < 0) {
            throw new IllegalArgumentException("windowSize >= 1 and rev >= 0");
        }
        this.doc = doc;
        this.rev = rev;
        this.windowSize = windowSize;
    }

    /** A sequencer from a snapshot; see the class comment for rebuilding its window and dedup table. */
    public static ServerDoc restore(Snapshot snapshot, int windowSize) {
        return new ServerDoc(BoardDoc.fromJson(snapshot.docJson()), snapshot.rev(), windowSize);
    }

    /** A document JSON ({@link BoardDoc#toJson()}) and the revision it reflects. */
    public record Snapshot(long rev, String docJson) {}

    public Snapshot snapshot() {
        return new Snapshot(rev, doc.toJson());
    }

    /** The head revision: the number of ops sequenced so far. */
    public long rev() {
        return rev;
    }

    /** The current document. Read it, never change it: this sequencer owns it. */
    public BoardDoc doc() {
        return doc;
    }

    /** The oldest base revision a submit may have (older ones get STALE_REVISION). */
    public long oldestBaseRev() {
        return rev - window.size();
    }

    /** The sequenced ops after {@code afterRev} still in the window, for gap repair; null if they are not all there. */
    public List<SequencedOp> since(long afterRev) {
        if (afterRev < oldestBaseRev() || afterRev > rev) {
            return null;
        }
        List<SequencedOp> out = new ArrayList<>((int) (rev - afterRev));
        for (Entry e : window) {
            if (e.op.rev() > afterRev) {
                out.add(e.op);
            }
        }
        return out;
    }

    /**
     * Sequences one op from a client.
     *
     * @param baseRev the revision the client's op was made against (its last seen revision)
     * @return {@link Sequenced} (new revision, op as transformed) or {@link Duplicate} (the original ack)
     * @throws TandemException BAD_REQUEST (clientId or clientSeq malformed); STALE_REVISION (baseRev ahead of
     *     the head or older than the window; or a clientSeq below this client's last one that is no longer in the
     *     window: such an op was sequenced or rejected long ago, and the client must resync); INVALID_OP or
     *     TEXT_TOO_LONG (the op does not fit the document). Nothing is changed when it throws.
     */
    public Result submit(UUID authorId, String clientId, long clientSeq, long baseRev, Op op) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "clientId must be 1 to " + MAX_CLIENT_ID_LENGTH + " characters.");
        }
        if (clientSeq < 1) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "clientSeq must be 1 or more.");
        }
        // A client resends its unacknowledged op after a reconnect: if it was sequenced, answer as before.
        // This comes before the revision check, so a resend is recognised however old its base revision is.
        LastSeen last = lastByClient.get(clientId);
        if (last != null && clientSeq <= last.clientSeq) {
            if (clientSeq == last.clientSeq) {
                return new Duplicate(last.ack);
            }
            for (Entry e : window) {
                if (e.op.clientSeq() == clientSeq && clientId.equals(e.op.clientId())) {
                    return new Duplicate(new Ack(e.op.rev(), e.op.op()));
                }
            }
            throw new TandemException(ErrorCode.STALE_REVISION, "Op " + clientSeq + " of client " + clientId
                    + " is older than its last sequenced op (" + last.clientSeq + ") and no longer known: resync.");
        }
        if (baseRev > rev) {
            throw new TandemException(ErrorCode.STALE_REVISION,
                    "Base revision " + baseRev + " is ahead of the board (" + rev + "): resync.");
        }
        if (baseRev < oldestBaseRev()) {
            throw new TandemException(ErrorCode.STALE_REVISION, "Base revision " + baseRev
                    + " is older than the ops this board keeps (from " + oldestBaseRev() + "): reload the board.");
        }
        // Transform against everything sequenced since the client's base revision, oldest first.
        Op transformed = op;
        boolean structural = false;
        if (baseRev < rev) {
            List<Entry> concurrent = new ArrayList<>((int) (rev - baseRev));
            for (Iterator<Entry> it = window.descendingIterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.op.rev() <= baseRev) {
                    break;
                }
                concurrent.add(e);
            }
            for (int i = concurrent.size() - 1; i >= 0; i--) {
                Entry e = concurrent.get(i);
                transformed = Transform.transform(transformed, e.op.op(), e.removed);
                structural |= e.op.op() instanceof Op.Delete || e.op.op() instanceof Op.Move;
            }
        }
        // Concurrent deletes and moves can leave a move that would close a cycle, or an op whose target is
        // gone: those become noops (clients do the same). Without such concurrency, an invalid op is rejected.
        if (structural) {
            transformed = Transform.fit(transformed, doc);
        }
        Set<String> removed = removedBy(transformed);
        doc.apply(transformed); // checks everything first: throws with the document unchanged
        SequencedOp sequenced = new SequencedOp(rev + 1, authorId, clientId, clientSeq, transformed);
        remember(sequenced, removed);
        rev++;
        return new Sequenced(sequenced);
    }

    /**
     * Applies an op already sequenced (from the op log, after a snapshot); {@code op.rev()} must be the next
     * revision. Also fills the window and dedup table.
     */
    public void replay(SequencedOp op) {
        if (op.rev() != rev + 1) {
            throw new IllegalStateException("Replay expects revision " + (rev + 1) + ", got " + op.rev());
        }
        Set<String> removed = removedBy(op.op());
        doc.apply(op.op());
        remember(op, removed);
        rev++;
    }

    /**
     * Remembers an op at or before the current revision in the window and dedup table without applying it (its
     * effect is already in the snapshot). Call in revision order, before any {@link #replay}; a delete's subtree is
     * not known any more, so ops that target its descendants concurrently become noops by {@link Transform#fit}.
     */
    public void recall(SequencedOp op) {
        if (op.rev() > rev || (!window.isEmpty() && op.rev() != window.peekLast().op.rev() + 1)) {
            throw new IllegalStateException("Recall expects consecutive revisions up to " + rev + ", got " + op.rev());
        }
        remember(op, Transform.removedBy(op.op()));
    }

    private Set<String> removedBy(Op op) {
        return op instanceof Op.Delete d && doc.has(d.node()) ? doc.subtree(d.node()) : Transform.removedBy(op);
    }

    private void remember(SequencedOp op, Set<String> removed) {
        window.addLast(new Entry(op, removed));
        if (window.size() > windowSize) {
            window.removeFirst();
        }
        if (op.clientId() != null) {
            LastSeen last = lastByClient.get(op.clientId());
            if (last == null || op.clientSeq() > last.clientSeq) {
                lastByClient.put(op.clientId(), new LastSeen(op.clientSeq(), new Ack(op.rev(), op.op())));
            }
        }
    }
}
