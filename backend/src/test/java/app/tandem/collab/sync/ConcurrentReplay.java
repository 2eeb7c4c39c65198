package app.tandem.collab.sync;

import app.tandem.collab.EditingTrace;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a concurrent editing trace with one {@link ClientDoc} per agent over a simulated network to one
 * {@link ServerDoc}, honouring {@code parents}: before an agent types a transaction it has received every
 * transaction among its ancestors; otherwise messages are delivered as late as possible, so ops cross in flight
 * and typing is buffered and composed as in a real client.
 *
 * <p>When the agent has by then received ops that are not among the ancestors (an ack only arrives after the
 * remote ops sequenced before it), the transaction's positions, relative to the ancestors' state, are mapped to
 * the agent's actual text through character identities: every character ever typed has an id, the transaction
 * that inserted it and those that deleted it; each agent keeps its characters (deleted ones included) in its
 * own document order. The ancestors' view is the characters inserted and not deleted by ancestors, tested with
 * vector clocks (each agent's transactions are totally ordered).
 */
public final class ConcurrentReplay {
    private static final int[] NONE = {};

    /** One character in one agent's replica. */
    private static final class Slot {
        final int id;
        boolean deletedHere;

        Slot(int id) {
            this.id = id;
        }
    }

    private final EditingTrace trace;
    private final Network net;
    private final int n;
    private final int[] agentOf;
    private final int[] seqOf;          // index of a txn among its agent's txns
    private final int[][] clock;        // per txn: highest seq per agent among its ancestors (-1: none)
    private final List<List<Integer>> txnsOfAgent = new ArrayList<>();
    private final List<List<Slot>> slots = new ArrayList<>();
    private final int[][] seen;         // [agent][other] highest seq received
    // characters: who inserted them, who deleted them
    private int[] insertedBy = new int[1024];
    private int[][] deletedBy = new int[1024][];
    private int charCount;
    // ops in flight: per agent, clientSeq -> the txns composed into it
    private final List<Map<Long, int[]>> txnsOfOp = new ArrayList<>();
    private final List<List<Integer>> buffered = new ArrayList<>();
    private final List<boolean[]> has = new ArrayList<>(); // per agent: which characters its replica holds
    private int opsSubmitted;

    public ConcurrentReplay(EditingTrace trace) {
        this.trace = trace;
        this.n = trace.numAgents();
        this.net = new Network(n);
        int size = trace.txns().size();
        agentOf = new int[size];
        seqOf = new int[size];
        clock = new int[size][];
        for (int i = 0; i < n; i++) {
            txnsOfAgent.add(new ArrayList<>());
            slots.add(new ArrayList<>());
            txnsOfOp.add(new HashMap<>());
            buffered.add(new ArrayList<>());
            has.add(new boolean[trace.patchCount() * 8 + 1024]);
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
        sent(0, net.client(0).applyLocal(new Op.Create(TraceReplay.NODE, "page", "root", "pages", "V")), new int[0]);
        drainAll();
    }

    /** Replays every txn, then delivers everything; returns the network for assertions. */
    Network run() {
        for (int t = 0; t < trace.txns().size(); t++) {
            awaitAncestors(t);
            type(agentOf[t], t);
        }
        drainAll();
        return net;
    }

    int opsSubmitted() {
        return opsSubmitted;
    }

    /** Replays the trace and returns what the server was sent, in the order it took it (for benchmarks). */
    public List<Network.Served> recordSubmissions() {
        Network done = run();
        done.assertConverged();
        return done.served;
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
            if (!missing || deliver(a)) {
                if (!missing) {
                    return;
                }
                continue;
            }
            // What agent a needs is not sequenced yet: let the others make progress (their acks let them send).
            boolean progressed = false;
            for (int b = 0; b < n && !progressed; b++) {
                if (b != a) {
                    progressed = net.serve(b) || deliver(b);
                }
            }
            if (!progressed) {
                throw new IllegalStateException("txn " + t + " waits for ops nobody has typed");
            }
        }
    }

    /** Delivers agent a's next message, keeping its characters in step. */
    private boolean deliver(int a) {
        Network.Down m = net.down.get(a).poll();
        if (m == null) {
            return false;
        }
        ClientDoc client = net.client(a);
        switch (m) {
            case Network.Ack ack -> {
                Optional<ClientDoc.Submission> next = client.onAck(ack.rev());
                next.ifPresent(s -> {
                    txnsOfOp.get(a).put(s.clientSeq(), buffered.get(a).stream().mapToInt(Integer::intValue).toArray());
                    buffered.get(a).clear();
                });
                net.send(a, next);
            }
            case Network.Remote r -> {
                Op applied = client.onRemote(r.op().rev(), r.op().op());
                int b = Integer.parseInt(r.op().clientId().substring("client-".length()));
                int[] txns = txnsOfOp.get(b).get(r.op().clientSeq());
                if (applied instanceof Op.TextEdit e) {
                    track(a, e.ops(), insertedChars(b, txns));
                    placeCancelled(a, b, txns);
                }
                for (int txn : txns) {
                    seen[a][b] = Math.max(seen[a][b], seqOf[txn]);
                }
            }
            case Network.Reject r -> throw new IllegalStateException("rejected: " + r.error().getMessage());
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
        TextOp op = null;
        for (EditingTrace.Patch p : trace.txns().get(t).patches()) {
            int localLength = net.client(a).doc().textLength(TraceReplay.NODE, TraceReplay.FIELD);
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
            int toDelete = p.delete();
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
        ClientDoc client = net.client(a);
        if (op == null) {
            op = TextOp.identity(client.doc().textLength(TraceReplay.NODE, TraceReplay.FIELD));
        }
        sent(a, client.applyLocal(new Op.TextEdit(TraceReplay.NODE, TraceReplay.FIELD, op)), new int[] {t});
        opsSubmitted++;
    }

    /** Records which txns an op carries: sent now, or buffered (and composed) until the next ack. */
    private void sent(int a, Optional<ClientDoc.Submission> s, int[] txns) {
        if (s.isPresent()) {
            txnsOfOp.get(a).put(s.get().clientSeq(), txns);
            net.send(a, s);
        } else {
            for (int t : txns) {
                buffered.get(a).add(t);
            }
        }
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

    private void drainAll() {
        boolean any = true;
        while (any) {
            any = false;
            for (int a = 0; a < n; a++) {
                while (net.serve(a)) {
                    any = true;
                }
                while (deliver(a)) {
                    any = true;
                }
            }
        }
    }
}
