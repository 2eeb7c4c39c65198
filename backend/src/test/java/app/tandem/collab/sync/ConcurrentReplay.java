package app.tandem.collab.sync;

import app.tandem.tools.EditingTrace;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import app.tandem.tools.TraceAgents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a concurrent editing trace with one {@link ClientDoc} per agent over a simulated network to one
 * {@link ServerDoc}: the algorithm is {@link TraceAgents} (the one the replay tool runs over the real protocol),
 * with messages delivered as late as the trace's {@code parents} allow, so ops cross in flight and typing is
 * buffered and composed as in a real client.
 */
public final class ConcurrentReplay implements TraceAgents.Clients {
    private final EditingTrace trace;
    private final Network net;
    private final int n;
    /** Per agent: clientSeq -> the last txn composed into that op. */
    private final List<Map<Long, Integer>> lastTxnOfOp = new ArrayList<>();
    private final int[] lastTyped;
    private TraceAgents agents;

    public ConcurrentReplay(EditingTrace trace) {
        this.trace = trace;
        this.n = this.trace.agents();
        this.net = new Network(n);
        this.lastTyped = new int[n];
        for (int i = 0; i < n; i++) {
            lastTxnOfOp.add(new HashMap<>());
        }
        sent(0, net.client(0).applyLocal(new Op.Create(TraceReplay.NODE, "page", "root", "pages", "V")), -1);
        drain();
    }

    /** Replays every txn, then delivers everything; returns the network for assertions. */
    Network run() {
        agents = new TraceAgents(trace, this);
        agents.run();
        return net;
    }

    int opsSubmitted() {
        return agents.typed();
    }

    /** Replays the trace and returns what the server was sent, in the order it took it (for benchmarks). */
    public List<Network.Served> recordSubmissions() {
        Network done = run();
        done.assertConverged();
        return done.served;
    }

    private void sent(int a, Optional<ClientDoc.Submission> s, int lastTxn) {
        s.ifPresent(x -> lastTxnOfOp.get(a).put(x.clientSeq(), lastTxn));
        net.send(a, s);
    }

    @Override
    public int textLength(int agent) {
        return net.client(agent).doc().textLength(TraceReplay.NODE, TraceReplay.FIELD);
    }

    @Override
    public void type(int agent, TextOp op, int txn) {
        lastTyped[agent] = txn;
        sent(agent, net.client(agent).applyLocal(new Op.TextEdit(TraceReplay.NODE, TraceReplay.FIELD, op)), txn);
    }

    @Override
    public TraceAgents.Delivered deliver(int a) {
        Network.Down m = net.down.get(a).poll();
        if (m == null) {
            return null;
        }
        ClientDoc client = net.client(a);
        return switch (m) {
            case Network.Ack ack -> {
                sent(a, client.onAck(ack.rev()), lastTyped[a]);
                yield TraceAgents.OTHER;
            }
            case Network.Remote r -> {
                Op applied = client.onRemote(r.op().rev(), r.op().op());
                int b = Integer.parseInt(r.op().clientId().substring("client-".length()));
                int last = lastTxnOfOp.get(b).getOrDefault(r.op().clientSeq(), -1);
                yield new TraceAgents.Remote(b, last, applied instanceof Op.TextEdit e ? e.ops() : null);
            }
            case Network.Reject r -> throw new IllegalStateException("rejected: " + r.error().getMessage());
        };
    }

    @Override
    public boolean serve(int agent) {
        return net.serve(agent);
    }

    @Override
    public boolean progress() {
        return false; // the simulated network moves only when served
    }

    @Override
    public void drain() {
        boolean any = true;
        while (any) {
            any = false;
            for (int a = 0; a < n; a++) {
                while (net.serve(a)) {
                    any = true;
                }
                while (deliver(a) != null) {
                    any = true;
                }
            }
        }
    }
}
