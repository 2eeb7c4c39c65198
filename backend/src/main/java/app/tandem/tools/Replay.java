package app.tandem.tools;

import app.tandem.collab.text.TextOp;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * algorithm ({@link TextClient}). Txns are typed in trace order. A txn's patches are relative to the state of its
 * {@code parents}; its agent's client has by then seen every op of that state (the replayer waits for them), but
 * may also have received ops of other agents that are not among them: the txn is transformed past those (they are
 * kept, as applied, in the client's list of "extra" ops, always a suffix of what it received). For that to work an
 * op a client sends never spans the boundary of another agent's parents, so such a boundary starts a new op.
 * Traces where the extra ops are not a suffix (possible with 3+ agents) are refused with a clear error.
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

        int[][] after = trace.versionsAfter();
        List<Set<Integer>> cuts = cutPoints(trace, after);
        Map<String, long[]> sent = new ConcurrentHashMap<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-pacer");
            t.setDaemon(true);
            return t;
        });
        List<Agent> agents = new ArrayList<>();
        try {
            for (int a = 0; a < trace.agents(); a++) {
                agents.add(new Agent(a, trace.agents(), http, o.api(), token, board, startRev, sent, scheduler));
            }
            long t0 = System.nanoTime();
            for (EditingTrace.Txn t : trace.txns()) {
                int[] before = trace.versionBefore(t, after);
                agents.get(t.agent()).type(t, before, cuts.get(t.agent()).contains(t.agentIndex()));
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
            if (!match && System.getProperty("replay.debug") != null) {
                System.out.println("DEBUG server vs end: " + firstDiff(server, trace.endContent()));
                for (Agent a : agents) {
                    System.out.println("DEBUG agent " + a.index + " vs server: " + firstDiff(a.text.text(), server));
                }
            }
            long finalLength = server == null ? -1 : server.codePointCount(0, server.length());
            return new Result(board, trace.patchCount(), seconds, finalLength, match);
        } finally {
            agents.forEach(Agent::close);
            scheduler.shutdownNow();
        }
    }

    /**
     * For each agent b, the counts k such that another agent typed a txn into a state holding exactly b's first k
     * txns: an op of b must not contain both b's txn k-1 and txn k.
     */
    static List<Set<Integer>> cutPoints(EditingTrace trace, int[][] after) {
        List<Set<Integer>> cuts = new ArrayList<>();
        for (int a = 0; a < trace.agents(); a++) {
            cuts.add(new HashSet<>());
        }
        for (EditingTrace.Txn t : trace.txns()) {
            int[] before = trace.versionBefore(t, after);
            for (int b = 0; b < trace.agents(); b++) {
                if (b != t.agent()) {
                    cuts.get(b).add(before[b]);
                }
            }
        }
        return cuts;
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

    static String firstDiff(String a, String b) {
        if (a == null || b == null) {
            return "null";
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == a.length() && i == b.length()) {
            return "equal";
        }
        return "at " + i + ": [" + a.substring(Math.max(0, i - 30), Math.min(a.length(), i + 30)) + "] vs ["
                + b.substring(Math.max(0, i - 30), Math.min(b.length(), i + 30)) + "]";
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** One agent: its connection, its client state, and the received ops not (yet) in its txns' parents. */
    private static final class Agent implements AutoCloseable {
        private record Extra(int agent, long count, TextOp[] op) {
        }

        final int index;
        final String clientId;
        final UUID board;
        final ProtocolClient conn;
        final TextClient text;
        final Pacer pacer;
        final Map<String, long[]> sent;
        final ScheduledExecutorService scheduler;
        /** Per agent: how many of its txns this client has received. */
        final long[] received;
        final ArrayDeque<Extra> extras = new ArrayDeque<>();
        RuntimeException failure;

        Agent(int index, int agents, HttpClient http, URI api, String token, UUID board, long startRev,
              Map<String, long[]> sent, ScheduledExecutorService scheduler) {
            this.index = index;
            this.clientId = "replay-" + index + "-" + shortId();
            this.board = board;
            this.sent = sent;
            this.scheduler = scheduler;
            this.received = new long[agents];
            this.conn = ProtocolClient.connect(http, api, token, this::onMessage);
            JsonNode limits = conn.hello().path("limits");
            this.pacer = new Pacer(limits.path("opsPerSecond").asDouble(50), limits.path("opsBurst").asInt(100),
                    scheduler);
            this.text = new TextClient(clientId, NODE, FIELD, "", startRev, 1, MAX_EDITS_PER_OP, this::submit);
            conn.subscribe(board, startRev).join();
        }

        private void submit(long seq, long baseRev, TextOp op, long tag) {
            sent.put(clientId + "/" + seq, new long[] {index, tag});
            JsonNode json = ProtocolClient.textOp(NODE, FIELD, op);
            pacer.run(() -> conn.submit(board, clientId, seq, baseRev, json));
        }

        private synchronized void onMessage(JsonNode m) {
            try {
                switch (m.path("type").asString()) {
                    case "op", "ack" -> {
                        String cid = m.path("clientId").asString();
                        long seq = m.path("clientSeq").asLong();
                        TextClient.Outcome outcome = text.onSequenced(m.path("rev").asLong(), cid, seq, m.get("op"));
                        if (outcome instanceof TextClient.Applied applied) {
                            long[] origin = sent.get(cid + "/" + seq);
                            if (origin == null) {
                                throw new IllegalStateException("an op from outside the replay reached the board: " + m);
                            }
                            int agent = (int) origin[0];
                            received[agent] = Math.max(received[agent], origin[1]);
                            extras.addLast(new Extra(agent, origin[1], new TextOp[] {applied.op()}));
                        }
                    }
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

        /** Types one txn: waits for its parents' ops, transforms it past the extra ones, edits. */
        synchronized void type(EditingTrace.Txn t, int[] before, boolean separate) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!hasReceived(before)) {
                waitUntil(deadline, "the ops txn " + t.index() + " was typed after");
            }
            while (!extras.isEmpty() && extras.peekFirst().count() <= before[extras.peekFirst().agent()]) {
                extras.removeFirst();
            }
            for (Extra e : extras) {
                if (e.count() <= before[e.agent()]) {
                    throw new IllegalStateException("txn " + t.index() + " needs an op received after one it does "
                            + "not know: this trace needs a general DAG transform, which the replayer does not do");
                }
            }
            int length = extras.isEmpty() ? text.length() : extras.peekFirst().op()[0].baseLength();
            TextOp op = TextOp.identity(length);
            for (EditingTrace.Patch p : t.patches()) {
                op = TextOp.compose(op, TextOp.splice(op.targetLength(), Math.toIntExact(p.pos()),
                        Math.toIntExact(p.delete()), p.insert()));
            }
            for (Extra e : extras) {
                // the extra op was sequenced first: its insert stays left
                TextOp.Transformed past = TextOp.transform(op, e.op()[0]);
                op = past.a();
                e.op()[0] = past.b();
            }
            text.edit(op, separate, t.agentIndex() + 1L);
        }

        private boolean hasReceived(int[] before) {
            for (int b = 0; b < before.length; b++) {
                if (b != index && received[b] < before[b]) {
                    return false;
                }
            }
            return true;
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
