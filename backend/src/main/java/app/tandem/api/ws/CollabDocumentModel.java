package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.engine.DocumentModel;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import app.tandem.store.StoredOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The engine's document model over the collab core (TEAM.md contract 2): a {@link BoardDoc} plus the window of
 * recently sequenced ops that incoming ops are transformed against. An op made at {@code baseRev} is transformed
 * against every op sequenced after it, in order: a text op against a text op on the same node and field by OT (the
 * sequenced op's insert stays left); anything touching a node that a concurrent delete removed (its node, or the
 * parent it creates or moves into) becomes a noop; everything else is unchanged (a set: last sequenced wins). The
 * result is then checked and applied by the core, which rejects what is invalid against the current document.
 *
 * <p>It lives here only because no other branch had one when the WebSocket protocol needed a real engine; it
 * belongs in {@code cluster/engine} (the engine's javadoc calls it {@code CollabModel}).
 */
public final class CollabDocumentModel implements DocumentModel<CollabDocumentModel.State> {
    /** Ops kept for transforming late clients; older base revisions get STALE_REVISION (clients resync). */
    public static final int DEFAULT_WINDOW = 5_000;

    private final int window;

    public CollabDocumentModel() {
        this(DEFAULT_WINDOW);
    }

    public CollabDocumentModel(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
    }

    /** One board's state; owned by one thread at a time (the engine's contract). */
    public static final class State {
        final BoardDoc doc;
        /** Revision the window starts after: ops.get(i) has revision windowStart + i + 1. */
        long windowStart;
        final ArrayList<Sequenced> ops = new ArrayList<>();

        State(BoardDoc doc, long windowStart) {
            this.doc = doc;
            this.windowStart = windowStart;
        }

        public BoardDoc doc() {
            return doc;
        }
    }

    /** A sequenced op and, for a delete, the ids it removed (so later ops that touch them become noops). */
    record Sequenced(Op op, Set<String> removed) {
    }

    @Override
    public State empty() {
        return new State(new BoardDoc(), 0);
    }

    @Override
    public State restore(String snapshotJson, long rev) {
        return new State(BoardDoc.fromJson(snapshotJson), rev);
    }

    @Override
    public DocumentModel.Sequenced<State> submit(State state, long rev, UUID authorId, String clientId,
                                                 long clientSeq, long baseRev, String opJson) {
        Op op = OpJson.parse(opJson);
        if (baseRev < state.windowStart) {
            throw new TandemException(ErrorCode.STALE_REVISION, "Base revision " + baseRev + " is older than the "
                    + "server keeps ops for (" + state.windowStart + "); load the board again.");
        }
        int from = Math.toIntExact(baseRev - state.windowStart);
        for (int i = from; i < state.ops.size(); i++) {
            op = transform(op, state.ops.get(i));
        }
        apply(state, op);
        return new DocumentModel.Sequenced<>(state, OpJson.write(op));
    }

    @Override
    public State replay(State state, StoredOp op) {
        apply(state, OpJson.parse(op.op()));
        return state;
    }

    @Override
    public String snapshot(State state) {
        return state.doc.toJson();
    }

    @Override
    public String docJson(State state) {
        return state.doc.toJson();
    }

    /** {@code op} rewritten to apply after {@code earlier}, which was sequenced after op's base revision. */
    static Op transform(Op op, Sequenced earlier) {
        if (op instanceof Op.Noop) {
            return op;
        }
        if (earlier.removed() != null && touches(op, earlier.removed())) {
            return Op.Noop.INSTANCE;
        }
        if (op instanceof Op.TextEdit t && earlier.op() instanceof Op.TextEdit e
                && t.node().equals(e.node()) && t.field().equals(e.field())) {
            // earlier is b: sequenced first, its insert stays left
            return new Op.TextEdit(t.node(), t.field(), TextOp.transform(t.ops(), e.ops()).a());
        }
        return op;
    }

    private static boolean touches(Op op, Set<String> removed) {
        return switch (op) {
            case Op.Create c -> removed.contains(c.parent());
            case Op.Move m -> removed.contains(m.node()) || removed.contains(m.parent());
            case Op.Delete d -> removed.contains(d.node());
            case Op.SetField s -> removed.contains(s.node());
            case Op.TextEdit t -> removed.contains(t.node());
            case Op.Noop n -> false;
        };
    }

    /** Checks and applies (nothing changes if the core rejects it), then records the op in the window. */
    private void apply(State state, Op op) {
        Set<String> removed = null;
        if (op instanceof Op.Delete d) {
            state.doc.check(op);
            removed = Set.copyOf(state.doc.subtree(d.node()));
        }
        state.doc.apply(op);
        state.ops.add(new Sequenced(op, removed));
        if (state.ops.size() > window + window / 4) { // trim in chunks: removing from the front copies
            int drop = state.ops.size() - window;
            state.ops.subList(0, drop).clear();
            state.windowStart += drop;
        }
    }

    /** For tests: the ops in the window. */
    List<Op> windowOps(State state) {
        return state.ops.stream().map(Sequenced::op).toList();
    }
}
