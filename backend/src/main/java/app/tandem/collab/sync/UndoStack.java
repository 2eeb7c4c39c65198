package app.tandem.collab.sync;

import app.tandem.TandemException;
import app.tandem.collab.Op;
import app.tandem.collab.Transform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Per-user undo and redo as new ops. Each entry is the inverse of one of your own changes (a list of ops: the
 * inverse of a delete re-creates a whole subtree), computed from the document just before the change
 * ({@link app.tandem.collab.BoardDoc#inverse}). Every later op by somebody else transforms every stacked entry
 * (top first, the op carried down the stack), so an undo applies to the document as it is now: it reverts only
 * your change and keeps theirs. On set vs set the other person's later value wins (your undo becomes a noop);
 * an entry whose target somebody deleted becomes a noop.
 *
 * <p>Used by {@link ClientDoc}; not thread-safe.
 */
public final class UndoStack {
    /** Entries kept per stack; the oldest are forgotten first. */
    public static final int MAX_DEPTH = 100;

    private final ArrayDeque<List<Op>> undo = new ArrayDeque<>();
    private final ArrayDeque<List<Op>> redo = new ArrayDeque<>();

    /** Records the inverse of a new change of yours; a new change clears the redo stack. */
    public void record(List<Op> inverse) {
        push(undo, inverse);
        redo.clear();
    }

    /** The inverse of an undo, so that redo can re-apply it. */
    public void recordRedo(List<Op> inverse) {
        push(redo, inverse);
    }

    /** The inverse of a redo, back on the undo stack (without clearing redo). */
    public void recordUndo(List<Op> inverse) {
        push(undo, inverse);
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /** The ops that undo your latest change, to apply in order to the current document; empty if none. */
    public Optional<List<Op>> undo() {
        return Optional.ofNullable(undo.pollFirst());
    }

    public Optional<List<Op>> redo() {
        return Optional.ofNullable(redo.pollFirst());
    }

    /**
     * Another person's op, as applied to your document now (after your own pending ops): transform every stacked
     * entry so that it applies after it.
     */
    public void transform(Op others, Set<String> removedByOthers) {
        transform(undo, others, removedByOthers);
        transform(redo, others, removedByOthers);
    }

    private static void transform(ArrayDeque<List<Op>> stack, Op others, Set<String> removedByOthers) {
        if (stack.isEmpty() || others instanceof Op.Noop) {
            return;
        }
        Op carried = others;
        List<List<Op>> rewritten = new ArrayList<>(stack.size());
        for (Iterator<List<Op>> it = stack.iterator(); it.hasNext(); ) { // top (latest) first
            List<Op> entry = it.next();
            List<Op> out = new ArrayList<>(entry.size());
            for (Op op : entry) {
                try {
                    Transform.Pair p = Transform.transformUndo(op, Transform.removedBy(op), carried, removedByOthers);
                    out.add(p.a());
                    carried = p.b();
                } catch (TandemException e) {
                    // The entry no longer describes this document (e.g. your delete lost to somebody else's and
                    // the node was re-created with other text): it can no longer be undone.
                    out.add(Op.Noop.INSTANCE);
                }
            }
            rewritten.add(out);
        }
        stack.clear();
        stack.addAll(rewritten);
    }

    private static void push(ArrayDeque<List<Op>> stack, List<Op> entry) {
        stack.addFirst(List.copyOf(entry));
        if (stack.size() > MAX_DEPTH) {
            stack.removeLast();
        }
    }
}
