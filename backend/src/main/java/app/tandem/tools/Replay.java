package app.tandem.tools;

import app.tandem.collab.text.TextOp;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * <p>Every agent of the trace is one protocol client: its own WebSocket connection, clientId and Jupiter client
 * state ({@link TextClient}: one op in flight, edits made meanwhile composed, up to 200 per op), subscribed to the
 * board from the revision where the trace's text node was created.
 *
 * <p>A sequential trace is typed by its one client as fast as acks come back.
 *
 * <p>A concurrent trace is driven by {@link TraceAgents}, on one thread, txn by txn in trace order:
 * <ol>
 *   <li>every message a connection receives (ops, acks) is queued in that agent's inbox, not applied: the driver
 *       delivers it to the agent's client state only when needed, as late as possible;</li>
 *   <li>before agent a types txn t, a's client must have received every txn among t's ancestors ({@code parents},
 *       by vector clocks): the driver delivers a's queued messages, then the other agents' (an ack lets a client
 *       send its buffered op), and waits for the network when nothing is queued;</li>
 *   <li>t's patches, relative to the ancestors' state, are mapped to a's actual text through character
 *       identities (a's text may hold a's own unacknowledged txns and remote ops that are not ancestors), and the
 *       resulting op is typed into a's client, which submits it against its current revision (its base revision:
 *       the last one delivered to it) or composes it with the edits waiting for the op in flight;</li>
 *   <li>so both agents have ops in flight at once, they cross, and the server transforms each against the ops
 *       sequenced after its base revision; every client transforms remote ops against its pending ones;</li>
 *   <li>at the end every queued message is delivered until every client has its ops acknowledged and has seen
 *       the last revision.</li>
 * </ol>
 * The result matches when the server's text (a fresh subscription's snapshot) and every client's text equal
 * the trace's endContent.
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
        Object signal = new Object();
        try {
            for (int a = 0; a < trace.agents(); a++) {
                agents.add(new Agent(a, http, o.api(), token, board, startRev, scheduler,
                        trace.concurrent() ? signal : null));
            }
            long t0 = System.nanoTime();
            if (trace.concurrent()) {
                typeConcurrent(trace, agents, signal);
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

    /** Types a concurrent trace with {@link TraceAgents}: one client per agent, deliveries held back until needed. */
    private static void typeConcurrent(EditingTrace trace, List<Agent> agents, Object signal) {
        new TraceAgents(trace, new ProtocolAgents(agents, signal)).run();
    }

    /** The agents' protocol clients as {@link TraceAgents} drives them: inboxes delivered on the driver's thread. */
    private record ProtocolAgents(List<Agent> agents, Object signal) implements TraceAgents.Clients {
        @Override
        public int textLength(int agent) {
            return agents.get(agent).text.length();
        }

        @Override
        public void type(int agent, TextOp op, int txn) {
            agents.get(agent).text.edit(op, false, txn);
        }

        @Override
        public TraceAgents.Delivered deliver(int agent) {
            Agent a = agents.get(agent);
            JsonNode m;
            synchronized (signal) {
                m = a.inbox.poll();
            }
            if (m == null) {
                return null;
            }
            String type = m.path("type").asString();
            if ("error".equals(type) || "unsubscribed".equals(type)) {
                throw new IllegalStateException("agent " + agent + ": " + m);
            }
            if (!"op".equals(type) && !"ack".equals(type)) {
                return TraceAgents.OTHER;
            }
            String clientId = m.path("clientId").asString();
            long clientSeq = m.path("clientSeq").asLong();
            TextClient.Outcome o = a.text.onSequenced(m.path("rev").asLong(), clientId, clientSeq, m.get("op"));
            if (o instanceof TextClient.Applied applied) {
                for (Agent from : agents) {
                    if (from.clientId.equals(clientId)) {
                        Integer last = from.lastTxnOfOp.get(clientSeq);
                        return new TraceAgents.Remote(from.index, last == null ? -1 : last, applied.op());
                    }
                }
            }
            return TraceAgents.OTHER;
        }

        @Override
        public boolean serve(int agent) {
            return false; // the real server serves by itself
        }

        @Override
        public boolean progress() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            synchronized (signal) {
                while (agents.stream().allMatch(a -> a.inbox.isEmpty())) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("timed out waiting for the server");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(signal, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            return true;
        }

        @Override
        public void drain() {
            while (true) {
                boolean any = false;
                for (int a = 0; a < agents.size(); a++) {
                    while (deliver(a) != null) {
                        any = true;
                    }
                }
                if (any) {
                    continue;
                }
                long rev = agents.getFirst().text.rev();
                boolean done = true;
                for (Agent a : agents) {
                    done &= a.text.settled() && a.text.rev() == rev;
                }
                if (done) {
                    return;
                }
                progress();
            }
        }
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
        /** Concurrent mode: received messages wait here (guarded by {@code signal}) until the driver delivers them. */
        final Object signal;
        final ArrayDeque<JsonNode> inbox = new ArrayDeque<>();
        /** clientSeq -> the tag (last trace txn) of each op this agent submitted. */
        final Map<Long, Integer> lastTxnOfOp = new ConcurrentHashMap<>();
        RuntimeException failure;

        Agent(int index, HttpClient http, URI api, String token, UUID board, long startRev,
              ScheduledExecutorService scheduler, Object signal) {
            this.index = index;
            this.signal = signal;
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
            lastTxnOfOp.put(seq, (int) tag);
            JsonNode json = ProtocolClient.textOp(NODE, FIELD, op);
            pacer.run(() -> conn.submit(board, clientId, seq, baseRev, json));
        }

        private void onMessage(JsonNode m) {
            if (signal == null) {
                onMessageNow(m);
                return;
            }
            if ("error".equals(m.path("type").asString()) && "RATE_LIMITED".equals(m.path("code").asString())) {
                scheduler.schedule(() -> text.resend(null), 1, TimeUnit.SECONDS);
                return;
            }
            synchronized (signal) {
                inbox.add(m);
                signal.notifyAll();
            }
        }

        private synchronized void onMessageNow(JsonNode m) {
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
