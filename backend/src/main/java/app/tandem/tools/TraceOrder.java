package app.tandem.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every character of a concurrent editing trace ends up, computed the way the trace was recorded: as a list
 * CRDT with tombstones. Each inserted character is placed right after its left neighbour as its author saw it
 * (deleted characters stay in the list as tombstones), and a delete marks the characters its author saw.
 *
 * <p>Why the replayer needs this: plain OT forgets deleted characters, so when one agent deletes a character and
 * types in its place while another agent concurrently types right after that character, both inserts land at the
 * same OT position and the tie rule decides, where the recording put the retyped text first. With each character's
 * final rank the replayer writes every txn's edit directly against the server's current text, so no tie is ever
 * left to OT (see {@link Replay}).
 */
final class TraceOrder {
    /** Per txn, in the order its patches made them: deleted item ids as {@code -(id + 1)}, inserted ids as {@code id}. */
    final int[][] events;
    /** Per item (inserted character) id: its code point. */
    final int[] codePoints;
    /** Per item id: its position in the final list (tombstones included). */
    final int[] rank;

    private TraceOrder(int[][] events, int[] codePoints, int[] rank) {
        this.events = events;
        this.codePoints = codePoints;
        this.rank = rank;
    }

    static TraceOrder of(EditingTrace trace) {
        int[][] after = trace.versionsAfter();
        int txns = trace.txns().size();
        int[] txnAgent = new int[txns];
        int[] txnIndex = new int[txns];
        for (EditingTrace.Txn t : trace.txns()) {
            txnAgent[t.index()] = t.agent();
            txnIndex[t.index()] = t.agentIndex();
        }
        // items: inserting txn, first deleting txn (or -1) and further deleters (rare)
        IntList itemTxn = new IntList();
        IntList itemCp = new IntList();
        List<int[]> deleters = new ArrayList<>();
        IntList order = new IntList(); // item ids in list order
        int[][] events = new int[txns][];
        for (EditingTrace.Txn t : trace.txns()) {
            int[] v = trace.versionBefore(t, after).clone();
            v[t.agent()] = t.agentIndex() + 1; // the txn sees its own effects
            IntList ev = new IntList();
            for (EditingTrace.Patch p : t.patches()) {
                long pos = p.pos();
                // deletes: the visible items at pos .. pos+delete-1
                for (long k = 0; k < p.delete(); k++) {
                    int at = indexOfVisible(order, pos, v, itemTxn, deleters, txnAgent, txnIndex);
                    int id = order.get(at);
                    int[] ds = deleters.get(id);
                    deleters.set(id, ds == null ? new int[] {t.index()} : append(ds, t.index()));
                    ev.add(-(id + 1));
                }
                // inserts: each right after its left neighbour (the visible item at pos - 1, or the start)
                int insertAt = pos == 0 ? 0
                        : indexOfVisible(order, pos - 1, v, itemTxn, deleters, txnAgent, txnIndex) + 1;
                String s = p.insert();
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    i += Character.charCount(cp);
                    int id = itemTxn.size();
                    itemTxn.add(t.index());
                    itemCp.add(cp);
                    deleters.add(null);
                    order.insert(insertAt++, id);
                    ev.add(id);
                }
            }
            events[t.index()] = ev.toArray();
        }
        int[] rank = new int[itemTxn.size()];
        for (int i = 0; i < order.size(); i++) {
            rank[order.get(i)] = i;
        }
        return new TraceOrder(events, itemCp.toArray(), rank);
    }

    /** The text with every txn applied: what the trace's endContent must be. */
    String finalText(EditingTrace trace) {
        boolean[] deleted = new boolean[codePoints.length];
        for (int[] ev : events) {
            for (int e : ev) {
                if (e < 0) {
                    deleted[-e - 1] = true;
                }
            }
        }
        Integer[] ids = new Integer[codePoints.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> Integer.compare(rank[a], rank[b]));
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (!deleted[id]) {
                sb.appendCodePoint(codePoints[id]);
            }
        }
        return sb.toString();
    }

    /** List index of the {@code pos}-th item visible in version {@code v}. */
    private static int indexOfVisible(IntList order, long pos, int[] v, IntList itemTxn, List<int[]> deleters,
                                      int[] txnAgent, int[] txnIndex) {
        long seen = 0;
        for (int i = 0; i < order.size(); i++) {
            int id = order.get(i);
            int by = itemTxn.get(id);
            if (v[txnAgent[by]] <= txnIndex[by]) {
                continue; // not inserted in this version
            }
            int[] ds = deleters.get(id);
            boolean gone = false;
            if (ds != null) {
                for (int d : ds) {
                    if (v[txnAgent[d]] > txnIndex[d]) {
                        gone = true;
                        break;
                    }
                }
            }
            if (gone) {
                continue;
            }
            if (seen == pos) {
                return i;
            }
            seen++;
        }
        throw new IllegalArgumentException("a patch refers to position " + pos + " beyond the text (" + seen + ")");
    }

    private static int[] append(int[] a, int x) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[1024];
        private int size;

        int size() {
            return size;
        }

        int get(int i) {
            return a[i];
        }

        void add(int x) {
            insert(size, x);
        }

        void insert(int i, int x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            System.arraycopy(a, i, a, i + 1, size - i);
            a[i] = x;
            size++;
        }

        void remove(int i) {
            System.arraycopy(a, i + 1, a, i, size - i - 1);
            size--;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
