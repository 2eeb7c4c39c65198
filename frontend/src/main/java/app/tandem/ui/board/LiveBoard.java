package app.tandem.ui.board;

import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.cluster.engine.Ack;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.BoardSubscription;
import app.tandem.cluster.engine.BoardView;
import app.tandem.cluster.engine.SequencedOp;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.collab.Transform;
import app.tandem.collab.sync.UndoStack;
import app.tandem.ui.Notices;
import app.tandem.ui.UiPump;
import com.vaadin.flow.component.UI;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One browser page's live copy of a board. It follows the engine's ordered stream (every op, anyone's, in revision
 * order, coalesced into one UI turn per burst) and applies it to a local {@link BoardDoc}; the page draws from
 * that copy and never edits it directly. Structural changes (add, move, delete a card) are sent to the board's
 * sequencer and appear when they come back through the stream; text is typed into collaborative text fields
 * that talk to the sequencer themselves (their clientIds are registered here).
 *
 * <p>Per-user undo: every op of this page (structural or typed) is recorded with its inverse, computed on the
 * document just before it applied; every op by anyone else transforms the recorded inverses, so undo reverts
 * only this user's own changes and never somebody else's. An undo is an ordinary new op.
 *
 * <p>Everything except the engine's callback runs in the UI thread (with the session locked).
 */
final class LiveBoard implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the page does with the live copy. */
    interface Listener {
        /** The board document was loaded (first time) at {@code rev}. */
        void loaded(BoardDoc doc, long rev);

        /** {@code ops} were applied to the document, in order (the page redraws). */
        void applied(List<SequencedOp> ops);
    }

    private final BoardEngine engine;
    private final UUID boardId;
    private final Account me;
    private final Listener listener;
    private final UiPump<SequencedOp> pump;
    private final String clientId = newClientId("ui");
    private final Set<String> myClients = new HashSet<>(Set.of(clientId));
    private final UndoStack undo = new UndoStack();
    /** clientSeq of this page's undo/redo ops: recorded on the other stack when sent, not again on return. */
    private final Set<Long> reverts = new HashSet<>();
    /** Undo (true) and redo (false) requests waiting for the reverts in flight. */
    private final Deque<Boolean> waiting = new ArrayDeque<>();
    private long nextSeq = 1;
    private BoardDoc doc;
    private long rev = -1;
    private volatile BoardView initial;
    private volatile BoardSubscription subscription;
    private CompletionStage<Void> ready = new CompletableFuture<>();

    LiveBoard(BoardEngine engine, UUID boardId, Account me, UI ui, Listener listener) {
        this.engine = engine;
        this.boardId = boardId;
        this.me = me;
        this.listener = listener;
        this.pump = new UiPump<>(ui, this::onOps);
    }

    static String newClientId(String prefix) {
        return prefix + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
    }

    /**
     * Loads the board and follows its stream from the loaded revision. Completes (in any thread) once every later
     * op will arrive; the page gets the document in its next UI turn.
     */
    CompletionStage<Void> start() {
        ready = engine.open(boardId).thenCompose(view -> {
            initial = view;
            pump.inUi(this::ensureLoaded);
            BoardSubscription s = engine.subscribe(boardId, view.rev(), (id, ops) -> pump.offer(ops));
            subscription = s;
            if (pump.isClosed()) {
                s.close(); // the page went away while the board was loading
            }
            return s.ready();
        });
        ready.exceptionally(e -> {
            pump.inUi(() -> Notices.error(e));
            return null;
        });
        return ready;
    }

    /** In the UI: the loaded document, if it has not been taken over yet (ops may overtake the load task). */
    private void ensureLoaded() {
        if (doc == null && initial != null) {
            doc = BoardDoc.fromJson(initial.docJson());
            rev = initial.rev();
            listener.loaded(doc, rev);
        }
    }

    CompletionStage<Void> ready() {
        return ready;
    }

    BoardDoc doc() {
        return doc;
    }

    long rev() {
        return rev;
    }

    /** This page's client id: also its presence session id. */
    String clientId() {
        return clientId;
    }

    /** A collaborative text field of this page: its ops count as this user's for undo. */
    void adopt(String textClientId) {
        myClients.add(textClientId);
    }

    /** Sends a structural op against the current revision. Failures are shown; nothing else happens then. */
    CompletionStage<Ack> submit(Op op) {
        return send(new SubmitRequest(boardId, me.id(), clientId, nextSeq++, rev, OpJson.write(op)));
    }

    /** Sends a text op typed into a field of this page (its clientId and clientSeq are the field's own). */
    CompletionStage<Ack> submitText(String textClientId, long clientSeq, long baseRev, String opJson) {
        return send(new SubmitRequest(boardId, me.id(), textClientId, clientSeq, baseRev, opJson));
    }

    private CompletionStage<Ack> send(SubmitRequest request) {
        CompletionStage<Ack> result = engine.submit(request);
        result.exceptionally(e -> {
            pump.inUi(() -> Notices.error(e));
            return null;
        });
        return result;
    }

    boolean canUndo() {
        return undo.canUndo();
    }

    boolean canRedo() {
        return undo.canRedo();
    }

    /** Reverts this user's latest change that still has an effect. */
    void undo() {
        request(true);
    }

    /** Re-applies the change the latest undo reverted. */
    void redo() {
        request(false);
    }

    /**
     * An undo or redo waits until the ops of the previous one are back in this page's copy: the stacked entries
     * fit the document only after them, and fitting a later entry to an older document would skip it.
     */
    private void request(boolean isUndo) {
        if (reverts.isEmpty()) {
            revert(isUndo);
        } else {
            waiting.add(isUndo);
        }
    }

    /** A revert op came back (or was refused): the next waiting undo/redo may go. */
    private void reverted(long seq) {
        if (reverts.remove(seq) && reverts.isEmpty() && !waiting.isEmpty()) {
            revert(waiting.poll());
        }
    }

    /**
     * Takes entries off the stack until one still changes something, sends its ops (fitted to the current
     * document: an op whose node is gone is skipped) and puts their inverse on the other stack at once. The ops
     * come back through the stream like any other, and are not recorded again.
     */
    private void revert(boolean isUndo) {
        while (isUndo ? undo.canUndo() : undo.canRedo()) {
            List<Op> entry = (isUndo ? undo.undo() : undo.redo()).orElseThrow();
            BoardDoc sim = doc.copy();
            List<Op> inverse = new ArrayList<>();
            List<Op> send = new ArrayList<>();
            for (Op op : entry) {
                Op fitted = Transform.fit(op, sim);
                if (fitted instanceof Op.Noop) {
                    continue;
                }
                try {
                    List<Op> inv = sim.inverse(fitted);
                    sim.apply(fitted);
                    inverse.addAll(0, inv);
                    send.add(fitted);
                } catch (TandemException e) {
                    // no longer applicable (e.g. its node was re-created by someone else)
                }
            }
            if (!send.isEmpty()) {
                if (isUndo) {
                    undo.recordRedo(inverse);
                } else {
                    undo.recordUndo(inverse);
                }
                for (Op op : send) {
                    long seq = nextSeq++;
                    reverts.add(seq);
                    send(new SubmitRequest(boardId, me.id(), clientId, seq, rev, OpJson.write(op)))
                            .exceptionally(e -> {
                                pump.inUi(() -> reverted(seq));
                                return null;
                            });
                }
                return;
            }
        }
    }

    /** In the UI: a burst of the stream, in revision order. */
    private void onOps(List<SequencedOp> ops) {
        ensureLoaded();
        List<SequencedOp> applied = new ArrayList<>(ops.size());
        for (SequencedOp s : ops) {
            if (s.rev() <= rev) {
                continue; // already in the loaded document
            }
            Op op = OpJson.parse(s.opJson());
            Set<String> removed = op instanceof Op.Delete d && doc.has(d.node()) ? doc.subtree(d.node()) : Set.of();
            try {
                List<Op> inverse = mine(s) ? doc.inverse(op) : null;
                doc.apply(op);
                rev = s.rev();
                if (inverse != null) {
                    record(s, inverse); // may send a waiting undo/redo: against this revision
                } else {
                    undo.transform(op, removed);
                }
            } catch (TandemException e) {
                // Cannot happen for a sequenced op on an in-order copy; reload rather than show a wrong board.
                throw new IllegalStateException("Board " + boardId + " rev " + s.rev() + " does not apply", e);
            }
            applied.add(s);
        }
        if (!applied.isEmpty()) {
            listener.applied(applied);
        }
    }

    private boolean mine(SequencedOp s) {
        return me.id().equals(s.authorId()) && myClients.contains(s.clientId());
    }

    private void record(SequencedOp s, List<Op> inverse) {
        if (clientId.equals(s.clientId()) && reverts.contains(s.clientSeq())) {
            reverted(s.clientSeq());
        } else if (!inverse.isEmpty()) {
            undo.record(inverse);
        }
    }

    @Override
    public void close() {
        pump.close();
        BoardSubscription s = subscription;
        if (s != null) {
            s.close();
        }
    }
}
