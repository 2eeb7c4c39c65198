package app.tandem.collab;

import app.tandem.collab.text.TextOp;
import java.util.Set;

/**
 * Operational transformation of board ops, server-ordered (the Jupiter model): an op made concurrently with ops
 * the server has already sequenced is transformed against each of them, in order, and then applied.
 *
 * <ul>
 *   <li>text vs text on the same node and field: {@link TextOp#transform} with the tie rule (the op sequenced
 *       first keeps its insert on the left);</li>
 *   <li>anything that targets a node a concurrent delete removed (the node itself, the parent of a create or a
 *       move, anything inside the deleted subtree): {@link Op.Noop};</li>
 *   <li>set vs set on the same field: the op sequenced later stays, so the last sequenced value wins;</li>
 *   <li>create and move keep their positions: equal positions are ordered by node id, so every replica agrees.</li>
 * </ul>
 *
 * What a pure op-vs-op rule cannot see (two concurrent moves that together would make a cycle, a target removed
 * by a delete whose subtree is not known) is settled by {@link #fit}, applied by server and client alike.
 */
public final class Transform {
    private Transform() {}

    /** Both ops of a concurrent pair, each transformed to apply after the other. */
    public record Pair(Op a, Op b) {}

    /**
     * {@code op} made concurrently with {@code against}, which was sequenced first; the result applies after
     * {@code against}. A delete is taken to remove its node only; see the other overload for its subtree.
     */
    public static Op transform(Op op, Op against) {
        return transform(op, against, removedBy(against));
    }

    /**
     * As {@link #transform(Op, Op)}, with the ids {@code against} removed (for a delete: the whole subtree as it
     * was when it was applied, from {@link BoardDoc#subtree}).
     */
    public static Op transform(Op op, Op against, Set<String> removedByAgainst) {
        return transform(op, removedBy(op), against, removedByAgainst).a();
    }

    /**
     * Transforms the concurrent pair (a, b) where {@code b} was sequenced first (on a client: b is the remote op,
     * a the local one not yet sequenced). Returns a' (applies after b) and b' (applies after a) such that both
     * orders give the same document (TP1). b's inserts stay left on ties; on set vs set a (later) wins.
     */
    public static Pair transform(Op a, Set<String> removedByA, Op b, Set<String> removedByB) {
        return pair(a, removedByA, b, removedByB, false);
    }

    /**
     * The pair rule for undo stacks: {@code a} is a stacked inverse, {@code b} a later op by someone else. As
     * {@link #transform(Op, Set, Op, Set)}, except that on set vs set the other person's value wins: undo never
     * reverts somebody else's edit.
     */
    public static Pair transformUndo(Op a, Set<String> removedByA, Op b, Set<String> removedByB) {
        return pair(a, removedByA, b, removedByB, true);
    }

    /** What a delete removes as far as its op tells (the node); {@link BoardDoc#subtree} knows the rest. */
    public static Set<String> removedBy(Op op) {
        return op instanceof Op.Delete d ? Set.of(d.node()) : Set.of();
    }

    /**
     * The op as it fits {@code doc} after concurrent structural changes: a move that would now make a cycle, or
     * any op whose node (or parent) a concurrent delete removed, becomes {@link Op.Noop}. Anything else is returned
     * unchanged (and may still be invalid, e.g. a duplicate create id).
     */
    public static Op fit(Op op, BoardDoc doc) {
        return switch (op) {
            case Op.Create c -> doc.has(c.parent()) ? op : Op.Noop.INSTANCE;
            case Op.Delete d -> doc.has(d.node()) ? op : Op.Noop.INSTANCE;
            case Op.Move m -> !doc.has(m.node()) || !doc.has(m.parent()) || doc.isAncestorOrSelf(m.node(), m.parent())
                    ? Op.Noop.INSTANCE : op;
            case Op.SetField s -> doc.has(s.node()) ? op : Op.Noop.INSTANCE;
            case Op.TextEdit t -> doc.has(t.node()) ? op : Op.Noop.INSTANCE;
            case Op.Noop n -> op;
        };
    }

    private static Pair pair(Op a, Set<String> removedByA, Op b, Set<String> removedByB, boolean bWinsSet) {
        if (a instanceof Op.TextEdit ta && b instanceof Op.TextEdit tb
                && ta.node().equals(tb.node()) && ta.field().equals(tb.field())) {
            TextOp.Transformed t = TextOp.transform(ta.ops(), tb.ops());
            return new Pair(new Op.TextEdit(ta.node(), ta.field(), t.a()), new Op.TextEdit(tb.node(), tb.field(), t.b()));
        }
        if (a instanceof Op.SetField sa && b instanceof Op.SetField sb
                && sa.node().equals(sb.node()) && sa.field().equals(sb.field())) {
            return bWinsSet ? new Pair(Op.Noop.INSTANCE, b) : new Pair(a, Op.Noop.INSTANCE);
        }
        return new Pair(overDelete(a, b, removedByB), overDelete(b, a, removedByA));
    }

    /** {@code op} after a concurrent delete: noop if it touches anything the delete removed. */
    private static Op overDelete(Op op, Op against, Set<String> removed) {
        if (!(against instanceof Op.Delete d)) {
            return op;
        }
        boolean hit = switch (op) {
            case Op.Create c -> gone(c.parent(), d, removed);
            case Op.Move m -> gone(m.node(), d, removed) || gone(m.parent(), d, removed);
            case Op.Delete x -> gone(x.node(), d, removed);
            case Op.SetField s -> gone(s.node(), d, removed);
            case Op.TextEdit t -> gone(t.node(), d, removed);
            case Op.Noop n -> false;
        };
        return hit ? Op.Noop.INSTANCE : op;
    }

    private static boolean gone(String id, Op.Delete d, Set<String> removed) {
        return id.equals(d.node()) || removed.contains(id);
    }
}
