package app.tandem.tools;

import app.tandem.collab.text.TextOp;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * {@code replay --api URL --email E --password P --trace FILE}: replays an editing trace through the WebSocket
 * protocol into a new board's text field and prints one JSON line
 * {@code {"board":..,"patches":..,"seconds":..,"finalLength":..,"matchesEndContent":..}}.
 *
 * <p>Every agent of the trace is one protocol client (its own connection and clientId) running the ordinary client
 * algorithm ({@link TextClient}: one op in flight, edits made meanwhile composed, up to 200 per op).
 *
 * <p>A sequential trace is typed as fast as acks come back. A concurrent trace is typed in trace order, each run
 * of consecutive txns of one agent by that agent's client as one op. A txn's positions are relative to the state
 * of its {@code parents}, which is generally not any revision of the server's linear history (the other agent's
 * concurrent txns are already in it), so the replayer translates each txn to the client's actual state: it knows
 * where every character of the trace belongs ({@link TraceOrder}, the trace's own merge semantics, where deleted
 * characters keep their place), and writes the txn's inserts and deletes at those places in the current text.
 * The client is up to date when it types (it waits for every earlier op) and the next run waits for the ack, so
 * no insert is ever left to the server's tie rule: plain OT forgets deleted characters, and in this trace one agent
 * retypes where it deleted while the other types right after the deleted character, which OT's tie rule alone
 * orders differently from the recording.
 */
public final class Replay {
    static final String NODE = "trace";
    static final String FIELD = "body";
    private static final int MAX_EDITS_PER_OP = 200;
    private static final long WAIT_SECONDS = 120;

    private Replay() {
    }

    public record Options(URI api, String email, String password, Path trace) {
    }

    public record Result(UUID board, long patches, double seconds, long finalLength, boolean matchesEndContent) {
        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"board\":\"%s\",\"patches\":%d,\"seconds\":%.3f,\"finalLength\":%d,\"matchesEndContent\":%s}",
                    board, patches, seconds, finalLength, matchesEndContent);
        }
    }

    /** The launcher's {@code replay} command: 0 when the result matches the trace's endContent, 1 if not, 2 on bad usage. */
    public static int run(String[] args) {
        Options o;
        try {
            Cli cli = new Cli(args, Set.of("api", "email", "password", "trace"));
            o = new Options(URI.create(cli.required("api")), cli.required("email"), cli.required("password"),
                    Path.of(cli.required("trace")));
            if (!Files.isReadable(o.trace())) {
                throw new IllegalArgumentException("Cannot read trace file " + o.trace() + ".");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: replay --api http://HOST:PORT --email E --password P --trace FILE(.json[.gz])");
            return 2;
        }
        try {
            Result r = replay(o, EditingTrace.read(o.trace()));
            System.out.println(r.toJson());
            return r.matchesEndContent() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("replay failed: " + e.getMessage());
            return 1;
        }
    }

    public static Result replay(Options o, EditingTrace trace) {
        HttpClient http = HttpClient.newHttpClient();
        String token = ProtocolClient.login(http, o.api(), o.email(), o.password());
        UUID workspace = ProtocolClient.writableWorkspace(http, o.api(), token, "Trace replays");
        UUID board;
        long startRev;
        try (ProtocolClient setup = ProtocolClient.connect(http, o.api(), token, m -> { })) {
            String name = o.trace().getFileName().toString();
            board = setup.createBoard(workspace, "Replay of " + name, null).join();
            JsonNode snap = setup.subscribe(board, null).join();
            JsonNode ack = setup.submitAndWait(board, "replay-setup-" + shortId(), 1, snap.path("rev").asLong(),
                    ProtocolClient.createTextNode(NODE, "note", "items", "V", FIELD));
            startRev = ack.path("rev").asLong();
        }
        if (!trace.startContent().isEmpty()) {
            throw new IllegalArgumentException("traces with a startContent are not supported");
        }

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-pacer");
            t.setDaemon(true);
            return t;
        });
        List<Agent> agents = new ArrayList<>();
        try {
            for (int a = 0; a < trace.agents(); a++) {
                agents.add(new Agent(a, http, o.api(), token, board, startRev, scheduler));
            }
            long t0 = System.nanoTime();
            if (trace.concurrent()) {
                typeConcurrent(trace, agents, startRev);
            } else {
                Agent only = agents.getFirst();
                for (EditingTrace.Txn t : trace.txns()) {
                    only.typeSequential(t);
                }
            }
            for (Agent a : agents) {
                a.awaitSettled();
            }
            long head = agents.stream().mapToLong(a -> a.text.rev()).max().orElse(startRev);
            for (Agent a : agents) {
                a.awaitRev(head);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String server = serverText(http, o.api(), token, board, NODE, FIELD);
            boolean match = server != null && server.equals(trace.endContent());
            for (Agent a : agents) {
                match &= trace.endContent().equals(a.text.text());
            }
            long finalLength = server == null ? -1 : server.codePointCount(0, server.length());
            return new Result(board, trace.patchCount(), seconds, finalLength, match);
        } finally {
            agents.forEach(Agent::close);
            scheduler.shutdownNow();
        }
    }

    /**
     * Types a concurrent trace: each run of one agent's consecutive txns (at most 200) becomes one op, written
     * against the current text at the places {@link TraceOrder} gives each character, sent by that agent's client
     * once it has seen every earlier op, and acknowledged before the next run.
     */
    private static void typeConcurrent(EditingTrace trace, List<Agent> agents, long startRev) {
        TraceOrder order = TraceOrder.of(trace);
        TraceOrder.IntList visible = new TraceOrder.IntList(); // item ids of the current text, by rank
        List<EditingTrace.Txn> txns = trace.txns();
        long head = startRev;
        int i = 0;
        while (i < txns.size()) {
            int agent = txns.get(i).agent();
            Agent client = agents.get(agent);
            client.awaitRev(head);
            TextOp op = TextOp.identity(visible.size());
            int last = i;
            for (int n = 0; last < txns.size() && txns.get(last).agent() == agent && n < MAX_EDITS_PER_OP; n++) {
                for (int e : order.events[txns.get(last).index()]) {
                    if (e < 0) {
                        int id = -e - 1;
                        int at = lowerBound(visible, order.rank, order.rank[id]);
                        if (at < visible.size() && visible.get(at) == id) { // else deleted concurrently already
                            op = TextOp.compose(op, TextOp.splice(visible.size(), at, 1, ""));
                            visible.remove(at);
                        }
                    } else {
                        int at = lowerBound(visible, order.rank, order.rank[e]);
                        op = TextOp.compose(op, TextOp.splice(visible.size(), at, 0,
                                new String(Character.toChars(order.codePoints[e]))));
                        visible.insert(at, e);
                    }
                }
                last++;
            }
            client.text.edit(op, true, last);
            client.awaitSettled();
            head = client.text.rev();
            i = last;
        }
    }

    /** First index of {@code ids} (sorted by rank) whose rank is >= {@code r}. */
    private static int lowerBound(TraceOrder.IntList ids, int[] rank, int r) {
        int lo = 0;
        int hi = ids.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rank[ids.get(mid)] < r) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A text field as the server has it: a fresh subscription's snapshot. */
    static String serverText(HttpClient http, URI api, String token, UUID board, String node, String field) {
        try (ProtocolClient c = ProtocolClient.connect(http, api, token, m -> { })) {
            JsonNode doc = c.subscribe(board, null).join().path("doc");
            return findText(doc, node, field);
        }
    }

    /** Finds node {@code id}'s text field anywhere in a document JSON (contract 2 nodes: "id", "texts"). */
    public static String findText(JsonNode doc, String id, String field) {
        if (doc == null) {
            return null;
        }
        if (doc.isObject()) {
            if (id.equals(doc.path("id").asString(null)) && doc.path("texts").isObject()) {
                JsonNode t = doc.path("texts").get(field);
                return t == null || t.isNull() ? "" : t.asString();
            }
            for (JsonNode child : doc) {
                String found = findText(child, id, field);
                if (found != null) {
                    return found;
                }
            }
            // documents keyed by node id: {"nodes":{"trace":{"type":..,"texts":{..}}}}
            JsonNode byId = doc.get(id);
            if (byId != null && byId.path("texts").isObject()) {
                JsonNode t = byId.path("texts").get(field);
                return t == null || t.isNull() ? "" : t.asString();
            }
        } else if (doc.isArray()) {
            for (JsonNode child : doc) {
                String found = findText(child, id, field);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** One agent: its connection and its client state. */
    private static final class Agent implements AutoCloseable {
        final int index;
        final String clientId;
        final UUID board;
        final ProtocolClient conn;
        final TextClient text;
        final Pacer pacer;
        final ScheduledExecutorService scheduler;
        RuntimeException failure;

        Agent(int index, HttpClient http, URI api, String token, UUID board, long startRev,
              ScheduledExecutorService scheduler) {
            this.index = index;
            this.clientId = "replay-" + index + "-" + shortId();
            this.board = board;
            this.scheduler = scheduler;
            this.conn = ProtocolClient.connect(http, api, token, this::onMessage);
            JsonNode limits = conn.hello().path("limits");
            this.pacer = new Pacer(limits.path("opsPerSecond").asDouble(50), limits.path("opsBurst").asInt(100),
                    scheduler);
            this.text = new TextClient(clientId, NODE, FIELD, "", startRev, 1, MAX_EDITS_PER_OP, this::submit);
            conn.subscribe(board, startRev).join();
        }

        private void submit(long seq, long baseRev, TextOp op, long tag) {
            JsonNode json = ProtocolClient.textOp(NODE, FIELD, op);
            pacer.run(() -> conn.submit(board, clientId, seq, baseRev, json));
        }

        private synchronized void onMessage(JsonNode m) {
            try {
                switch (m.path("type").asString()) {
                    case "op", "ack" -> text.onSequenced(m.path("rev").asLong(), m.path("clientId").asString(),
                            m.path("clientSeq").asLong(), m.get("op"));
                    case "error" -> {
                        if ("RATE_LIMITED".equals(m.path("code").asString())) {
                            scheduler.schedule(() -> text.resend(null), 1, TimeUnit.SECONDS);
                        } else {
                            throw new IllegalStateException("server error: " + m);
                        }
                    }
                    case "unsubscribed" -> throw new IllegalStateException("subscription ended: " + m);
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            notifyAll();
        }

        /** A sequential txn: its patches, in order, on the local text. */
        void typeSequential(EditingTrace.Txn t) {
            if (failure != null) {
                throw failure;
            }
            synchronized (text) {
                TextOp op = TextOp.identity(text.length());
                for (EditingTrace.Patch p : t.patches()) {
                    op = TextOp.compose(op, TextOp.splice(op.targetLength(), Math.toIntExact(p.pos()),
                            Math.toIntExact(p.delete()), p.insert()));
                }
                text.edit(op, false, t.index() + 1L);
            }
        }

        synchronized void awaitSettled() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!text.settled()) {
                waitUntil(deadline, "acks of agent " + index + "'s ops");
            }
        }

        synchronized void awaitRev(long rev) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (text.rev() < rev) {
                waitUntil(deadline, "revision " + rev + " at agent " + index);
            }
        }

        private void waitUntil(long deadline, String what) {
            if (failure != null) {
                throw failure;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            conn.close();
        }
    }
}
