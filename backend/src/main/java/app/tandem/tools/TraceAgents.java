package app.tandem.tools;

import app.tandem.collab.text.TextOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a concurrent editing trace through one Jupiter client per agent, honouring {@code parents}; the clients
 * and the way their messages travel are the caller's ({@link Clients}: simulated in the core's tests, real protocol
 * connections in {@link Replay}). One implementation for both.
 *
 * <p>The algorithm, txn by txn in trace order:
 * <ol>
 *   <li><b>Wait for the ancestors.</b> Before agent a types txn t, a's client must have received every txn among
 *       t's ancestors (vector clocks over {@code parents}; an agent's own txns are totally ordered). Until then
 *       a's next received message is delivered to its client; when a has nothing to deliver, the other agents'
 *       messages are delivered (an ack lets a client send its buffered op), and when nobody has anything, the
 *       caller waits for the network ({@link Clients#progress}). Otherwise messages are delivered as late as
 *       possible, so ops cross in flight, clients buffer and compose typing, and the server transforms.</li>
 *   <li><b>Map the txn to the client's text.</b> t's positions are relative to the ancestors' state, but a's text
 *       may already hold ops that are not ancestors (its own earlier txns are always there; an ack only arrives
 *       after the remote ops sequenced before it). Every character ever typed has an id, the txn that inserted it
 *       and the txns that deleted it; each agent keeps its characters, deleted ones included, in its own
 *       document order. The ancestors' view is the characters inserted and not deleted by ancestors; the txn's
 *       patches are walked over that view and written as one text op on a's actual text.</li>
 *   <li><b>Type it.</b> The op goes to a's client ({@link Clients#type}), which sends it against its current
 *       revision or buffers it while an op is in flight.</li>
 *   <li><b>Track remote ops.</b> When a's client applies b's op (transformed by the server and by a's pending
 *       ops), the ids of the characters it inserts are the ones b's txns in that op inserted (in b's document
 *       order); characters b inserted and deleted again inside one op are placed into a's list as deleted.</li>
 * </ol>
 * At the end everything is delivered ({@link Clients#drain}).
 *
 * <p>Not thread-safe: one driver thread calls everything, including the clients.
 */
public final class TraceAgents {
    private static final int[] NONE = {};

    /** The agents' clients and their network. Agent indexes are the trace's. */
    public interface Clients {
        /** Length of agent a's local text (code points). */
        int textLength(int agent);

        /**
         * Agent a's client applies {@code op} locally and sends it, or buffers it; {@code txn} (the trace's index)
         * tags it: the client must remember, for each op it submits, the tag of the last txn composed into it.
         */
        void type(int agent, TextOp op, int txn);

        /** Delivers agent a's next received message to its client; null if a has received nothing more. */
        Delivered deliver(int agent);

        /** Lets the network move (simulated: the server takes a's next submission); false if nothing moved. */
        boolean serve(int agent);

        /** Nothing to deliver or serve anywhere: waits for a message to arrive; false if none can. */
        boolean progress();

        /** Delivers everything, until every client has everything acknowledged and has seen the last op. */
        void drain();
    }

    /** What a delivered message was to its client. */
    public sealed interface Delivered {
    }

    /** The ack of the client's op in flight, or a message that is not another agent's text op on the trace. */
    public record Other() implements Delivered {
    }

    /**
     * Agent {@code from}'s text op, as applied to the receiver's text; {@code lastTxn} is the tag of its last txn.
     */
    public record Remote(int from, int lastTxn, TextOp applied) implements Delivered {
    }

    public static final Other OTHER = new Other();

    /** One character in one agent's replica. */
    private static final class Slot {
        final int id;
        boolean deletedHere;

        Slot(int id) {
            this.id = id;
        }
    }

    private final EditingTrace trace;
    private final Clients clients;
    private final int n;
    private final int[] agentOf;
    private final int[] seqOf;          // index of a txn among its agent's txns
    private final int[][] clock;        // per txn: highest seq per agent among its ancestors (-1: none)
    private final List<List<Integer>> txnsOfAgent = new ArrayList<>();
    private final List<List<Slot>> slots = new ArrayList<>();
    private final int[][] seen;         // [agent][other] highest seq received
    private int[] insertedBy = new int[1024];
    private int[][] deletedBy = new int[1024][];
    private int charCount;
    private final List<boolean[]> has = new ArrayList<>(); // per agent: which characters its replica holds
    private int typed;

    public TraceAgents(EditingTrace trace, Clients clients) {
        this.trace = trace;
        this.clients = clients;
        this.n = trace.agents();
        int size = trace.txns().size();
        agentOf = new int[size];
        seqOf = new int[size];
        clock = new int[size][];
        int chars = 1024;
        for (EditingTrace.Txn t : trace.txns()) {
            for (EditingTrace.Patch p : t.patches()) {
                chars += p.insert().length();
            }
        }
        for (int i = 0; i < n; i++) {
            txnsOfAgent.add(new ArrayList<>());
            slots.add(new ArrayList<>());
            has.add(new boolean[chars]);
        }
        for (int t = 0; t < size; t++) {
            EditingTrace.Txn txn = trace.txns().get(t);
            agentOf[t] = txn.agent();
            seqOf[t] = txnsOfAgent.get(txn.agent()).size();
            txnsOfAgent.get(txn.agent()).add(t);
            int[] c = new int[n];
            Arrays.fill(c, -1);
            for (int p : txn.parents()) {
                for (int a = 0; a < n; a++) {
                    c[a] = Math.max(c[a], clock[p][a]);
                }
                c[agentOf[p]] = Math.max(c[agentOf[p]], seqOf[p]);
            }
            clock[t] = c;
        }
        seen = new int[n][n];
        for (int[] s : seen) {
            Arrays.fill(s, -1);
        }
    }

    /** Types every txn, then drains. */
    public void run() {
        for (int t = 0; t < trace.txns().size(); t++) {
            awaitAncestors(t);
            type(agentOf[t], t);
        }
        clients.drain();
    }

    /** Txns typed so far (one {@link Clients#type} each). */
    public int typed() {
        return typed;
    }

    private void awaitAncestors(int t) {
        int a = agentOf[t];
        while (true) {
            boolean missing = false;
            for (int b = 0; b < n; b++) {
                if (b != a && seen[a][b] < clock[t][b]) {
                    missing = true;
                }
            }
            if (!missing) {
                return;
            }
            if (deliver(a)) {
                continue;
            }
            // What agent a needs has not reached it: let the others make progress (their acks let them send).
            boolean progressed = false;
            for (int b = 0; b < n && !progressed; b++) {
                if (b != a) {
                    progressed = clients.serve(b) || deliver(b);
                }
            }
            if (!progressed && !clients.serve(a) && !clients.progress()) {
                throw new IllegalStateException("txn " + t + " of agent " + a + " waits for ops nobody has sent");
            }
        }
    }

    /** Delivers agent a's next message, keeping its characters in step. */
    private boolean deliver(int a) {
        Delivered d = clients.deliver(a);
        if (d == null) {
            return false;
        }
        if (d instanceof Remote r && r.lastTxn() >= 0) {
            int b = r.from();
            int last = seqOf[r.lastTxn()];
            int first = seen[a][b] + 1;
            int[] txns = new int[Math.max(0, last - first + 1)];
            for (int k = 0; k < txns.length; k++) {
                txns[k] = txnsOfAgent.get(b).get(first + k);
            }
            if (r.applied() != null) {
                track(a, r.applied(), insertedChars(b, txns));
                placeCancelled(a, b, txns);
            }
            seen[a][b] = Math.max(seen[a][b], last);
        }
        return true;
    }

    /** The ids of the characters an op composed of {@code txns} inserted, in document order. */
    private int[] insertedChars(int agent, int[] txns) {
        if (txns.length == 0) {
            return NONE;
        }
        int lo = txns[0];
        int hi = txns[txns.length - 1];
        List<Integer> out = new ArrayList<>();
        for (Slot s : slots.get(agent)) {
            int by = insertedBy[s.id];
            if (by >= lo && by <= hi && agentOf[by] == agent && !deletedWithin(s.id, lo, hi, agent)) {
                out.add(s.id);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Characters the op's txns inserted and deleted again (composed away, so the op does not carry them) are
     * still part of the views of later txns that saw the first txns only: put them into agent a's replica as
     * deleted characters, right after their nearest predecessor in the sender's replica that a has.
     */
    private void placeCancelled(int a, int sender, int[] txns) {
        if (txns.length == 0) {
            return;
        }
        boolean deletes = false;
        for (int t : txns) {
            for (EditingTrace.Patch p : trace.txns().get(t).patches()) {
                deletes |= p.delete() > 0;
            }
        }
        if (!deletes) {
            return; // nothing can have been inserted and deleted again
        }
        int lo = txns[0];
        int hi = txns[txns.length - 1];
        List<Slot> from = slots.get(sender);
        List<Slot> to = slots.get(a);
        for (int k = 0; k < from.size(); k++) {
            int id = from.get(k).id;
            int by = insertedBy[id];
            if (by < lo || by > hi || agentOf[by] != sender || !deletedWithin(id, lo, hi, sender) || has.get(a)[id]) {
                continue;
            }
            int at = 0;
            for (int j = k - 1; j >= 0; j--) {
                int prev = from.get(j).id;
                if (has.get(a)[prev]) {
                    at = indexOf(to, prev) + 1;
                    break;
                }
            }
            Slot slot = new Slot(id);
            slot.deletedHere = true;
            to.add(at, slot);
            has.get(a)[id] = true;
        }
    }

    private static int indexOf(List<Slot> list, int id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id == id) {
                return i;
            }
        }
        throw new IllegalStateException("no character " + id);
    }

    private boolean deletedWithin(int id, int lo, int hi, int agent) {
        for (int d : deletedBy[id]) {
            if (d >= lo && d <= hi && agentOf[d] == agent) {
                return true;
            }
        }
        return false;
    }

    /** Agent a types txn t: its patches are relative to the ancestors' view; map them to a's text. */
    private void type(int a, int t) {
        List<Slot> list = slots.get(a);
        int length = clients.textLength(a);
        TextOp op = null;
        for (EditingTrace.Patch p : trace.txns().get(t).patches()) {
            int localLength = op == null ? length : op.targetLength();
            TextOp.Builder b = TextOp.builder();
            int passed = 0;     // locally visible characters passed
            int viewPos = 0;    // characters of the ancestors' view passed
            int i = 0;
            while (viewPos < p.pos()) {
                Slot s = list.get(i++);
                if (!s.deletedHere) {
                    passed++;
                }
                if (visible(s.id, t)) {
                    viewPos++;
                }
            }
            b.retain(passed);
            String ins = p.insert();
            for (int off = 0; off < ins.length(); ) {
                off += Character.charCount(ins.codePointAt(off));
                int id = newChar(t);
                list.add(i++, new Slot(id));
                has.get(a)[id] = true;
            }
            b.insert(ins);
            long toDelete = p.delete();
            while (toDelete > 0) {
                Slot s = list.get(i++);
                if (visible(s.id, t)) {
                    toDelete--;
                    int[] d = deletedBy[s.id];
                    deletedBy[s.id] = Arrays.copyOf(d, d.length + 1);
                    deletedBy[s.id][d.length] = t;
                    if (!s.deletedHere) {
                        s.deletedHere = true;
                        b.delete(1);
                        passed++;
                    }
                } else if (!s.deletedHere) {
                    b.retain(1); // rare: a character only this replica has, inside the deleted range
                    passed++;
                }
            }
            b.retain(localLength - passed);
            TextOp splice = b.build();
            op = op == null ? splice : TextOp.compose(op, splice);
        }
        if (op == null) {
            op = TextOp.identity(length);
        }
        clients.type(a, op, t);
        typed++;
    }

    private int newChar(int txn) {
        if (charCount == insertedBy.length) {
            insertedBy = Arrays.copyOf(insertedBy, charCount * 2);
            deletedBy = Arrays.copyOf(deletedBy, charCount * 2);
        }
        insertedBy[charCount] = txn;
        deletedBy[charCount] = NONE;
        return charCount++;
    }

    /** In the view of txn t: inserted by t or an ancestor, and deleted by neither. */
    private boolean visible(int id, int t) {
        if (!inView(insertedBy[id], t)) {
            return false;
        }
        for (int d : deletedBy[id]) {
            if (inView(d, t)) {
                return false;
            }
        }
        return true;
    }

    private boolean inView(int x, int t) {
        return x == t || seqOf[x] <= clock[t][agentOf[x]] || agentOf[x] == agentOf[t] && x < t;
    }

    /** A remote text op as applied to agent a's text, with the ids of the characters it inserts, in order. */
    private void track(int a, TextOp op, int[] ids) {
        List<Slot> list = slots.get(a);
        int i = 0;
        int next = 0;
        for (TextOp.Component comp : op.components()) {
            switch (comp) {
                case TextOp.Retain r -> {
                    int k = r.count();
                    while (k > 0) {
                        if (!list.get(i++).deletedHere) {
                            k--;
                        }
                    }
                }
                case TextOp.Insert ins -> {
                    for (int k = 0; k < ins.length(); k++) {
                        has.get(a)[ids[next]] = true;
                        list.add(i++, new Slot(ids[next++]));
                    }
                }
                case TextOp.Delete d -> {
                    int k = d.count();
                    while (k > 0) {
                        Slot s = list.get(i++);
                        if (!s.deletedHere) {
                            s.deletedHere = true;
                            k--;
                        }
                    }
                }
            }
        }
        if (next != ids.length) {
            throw new IllegalStateException("op inserted " + next + " characters, expected " + ids.length);
        }
    }
}
