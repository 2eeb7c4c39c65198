package app.tandem.tools;

import app.tandem.collab.text.TextOp;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * {@code loadgen --api URL[,URL...] --email E --password P --clients N --boards B --rate R --seconds S}: N protocol
 * clients, spread round-robin over the given nodes and over B new boards, each typing R edits per second at random
 * places of one shared text field for S seconds (the ordinary client algorithm, {@link TextClient}: one op in flight,
 * edits made meanwhile composed). Then it waits for every ack and every client to reach the board's last revision,
 * compares every client's text with the server's, and prints one JSON line with ops sent and acked, ack latency
 * (submit to ack at the author) and remote-delivery latency (submit to arrival at each other client) percentiles
 * in milliseconds, errors and {@code "converged"}. Loopback targets only: it is a load generator, not a weapon.
 */
public final class LoadGen {
    static final String NODE = "load";
    static final String FIELD = "body";
    private static final long DRAIN_SECONDS = 60;

    private LoadGen() {
    }

    public record Options(List<URI> apis, String email, String password, int clients, int boards, double rate,
                          int seconds) {
    }

    public record Result(int clients, int boards, double rate, int seconds, long edits, long opsSent, long opsAcked,
                         double[] ackMs, double[] remoteMs, long errors, boolean converged) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"clients\":%d,\"boards\":%d,\"rate\":%s,\"seconds\":%d,\"edits\":%d,"
                            + "\"opsSent\":%d,\"opsAcked\":%d,\"ackP50Ms\":%.2f,\"ackP95Ms\":%.2f,\"ackP99Ms\":%.2f,"
                            + "\"remoteP50Ms\":%.2f,\"remoteP95Ms\":%.2f,\"remoteP99Ms\":%.2f,\"errors\":%d,"
                            + "\"converged\":%s}",
                    clients, boards, rate, seconds, edits, opsSent, opsAcked, ackMs[0], ackMs[1], ackMs[2],
                    remoteMs[0], remoteMs[1], remoteMs[2], errors, converged);
        }
    }

    /** The launcher's {@code loadgen} command: 0 when converged with no errors, 1 otherwise, 2 on bad usage. */
    public static int run(String[] args) {
        Options o;
        try {
            Cli cli = new Cli(args, Set.of("api", "email", "password", "clients", "boards", "rate", "seconds"));
            List<URI> apis = Arrays.stream(cli.required("api").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(URI::create).toList();
            o = new Options(apis, cli.required("email"), cli.required("password"), cli.positiveInt("clients"),
                    cli.positiveInt("boards"), cli.positiveNumber("rate"), cli.positiveInt("seconds"));
            checkLoopback(apis);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: loadgen --api http://127.0.0.1:PORT[,http://127.0.0.1:PORT2...] --email E "
                    + "--password P --clients N --boards B --rate OPS_PER_CLIENT_PER_SEC --seconds S");
            return 2;
        }
        try {
            Result r = run(o);
            System.out.println(r.toJson());
            return r.converged() && r.errors() == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("loadgen failed: " + e.getMessage());
            return 1;
        }
    }

    static void checkLoopback(List<URI> apis) {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("Option --api needs at least one URL.");
        }
        for (URI api : apis) {
            if (api.getHost() == null || !("http".equals(api.getScheme()) || "https".equals(api.getScheme()))) {
                throw new IllegalArgumentException("Not an http(s) URL: " + api);
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(api.getHost())) {
                    if (!a.isLoopbackAddress()) {
                        throw new IllegalArgumentException("loadgen only targets loopback addresses; " + api.getHost()
                                + " is " + a.getHostAddress() + ".");
                    }
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Unknown host " + api.getHost() + ".");
            }
        }
    }

    public static Result run(Options o) {
        checkLoopback(o.apis());
        HttpClient http = HttpClient.newHttpClient();
        String token = ProtocolClient.login(http, o.apis().getFirst(), o.email(), o.password());
        UUID workspace = ProtocolClient.writableWorkspace(http, o.apis().getFirst(), token, "Load tests");
        List<UUID> boards = new ArrayList<>();
        List<Long> startRevs = new ArrayList<>();
        try (ProtocolClient setup = ProtocolClient.connect(http, o.apis().getFirst(), token, m -> { })) {
            for (int b = 0; b < o.boards(); b++) {
                UUID board = setup.createBoard(workspace, "Load test " + (b + 1), null).join();
                long rev = setup.subscribe(board, null).join().path("rev").asLong();
                JsonNode ack = setup.submitAndWait(board, "loadgen-setup-" + Replay.shortId(), 1, rev,
                        ProtocolClient.createTextNode(NODE, "note", "items", "V", FIELD));
                boards.add(board);
                startRevs.add(ack.path("rev").asLong());
            }
        }

        Stats stats = new Stats();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "loadgen");
                    t.setDaemon(true);
                    return t;
                });
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < o.clients(); i++) {
                int b = i % o.boards();
                clients.add(new Client(i, http, o.apis().get(i % o.apis().size()), token, boards.get(b),
                        startRevs.get(b), stats, scheduler));
            }
            long periodNanos = (long) (1e9 / o.rate());
            long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.seconds());
            for (Client c : clients) {
                long first = ThreadLocalRandom.current().nextLong(periodNanos);
                scheduler.scheduleAtFixedRate(() -> {
                    if (System.nanoTime() < endAt) {
                        c.type();
                    }
                }, first, periodNanos, TimeUnit.NANOSECONDS);
            }
            sleepUntil(endAt);
            long drainBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            for (Client c : clients) {
                while (!c.text.settled() && System.nanoTime() < drainBy) {
                    sleep(10);
                }
            }
            boolean converged = true;
            for (int b = 0; b < o.boards(); b++) {
                int board = b;
                List<Client> on = clients.stream().filter(c -> c.board.equals(boards.get(board))).toList();
                long head = on.stream().mapToLong(c -> c.text.rev()).max().orElse(0);
                for (Client c : on) {
                    while (c.text.rev() < head && System.nanoTime() < drainBy) {
                        sleep(10);
                    }
                }
                String server = Replay.serverText(http, o.apis().getFirst(), token, boards.get(b), NODE, FIELD);
                for (Client c : on) {
                    converged &= c.text.settled() && server != null && server.equals(c.text.text());
                }
            }
            return new Result(o.clients(), o.boards(), o.rate(), o.seconds(), stats.edits.get(), stats.sent.get(),
                    stats.acked.get(), stats.ack.percentiles(), stats.remote.percentiles(), stats.errors.get(),
                    converged);
        } finally {
            scheduler.shutdownNow();
            clients.forEach(Client::close);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Counters and latency samples shared by all clients. */
    static final class Stats {
        final AtomicLong edits = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Samples ack = new Samples();
        final Samples remote = new Samples();
        /** Send time of every submit, by clientId/clientSeq (for both latencies). */
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    }

    /** Latency samples in nanoseconds; percentiles in milliseconds. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        /** p50, p95, p99 in ms (0 when there are no samples). */
        synchronized double[] percentiles() {
            if (size == 0) {
                return new double[] {0, 0, 0};
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99)};
        }

        private static double at(long[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    /** One simulated person typing: a connection and a Jupiter client state on one board's field. */
    private static final class Client implements AutoCloseable {
        private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz ";
        final String clientId;
        final UUID board;
        final ProtocolClient conn;
        final TextClient text;
        final Pacer pacer;
        final Stats stats;
        final ScheduledExecutorService scheduler;

        Client(int index, HttpClient http, URI api, String token, UUID board, long startRev, Stats stats,
               ScheduledExecutorService scheduler) {
            this.clientId = "load-" + index + "-" + Replay.shortId();
            this.board = board;
            this.stats = stats;
            this.scheduler = scheduler;
            this.conn = ProtocolClient.connect(http, api, token, this::onMessage);
            JsonNode limits = conn.hello().path("limits");
            this.pacer = new Pacer(limits.path("opsPerSecond").asDouble(50), limits.path("opsBurst").asInt(100),
                    scheduler);
            this.text = new TextClient(clientId, NODE, FIELD, "", startRev, 1, 100, this::submit);
            conn.subscribe(board, startRev).join();
        }

        private void submit(long seq, long baseRev, TextOp op, long tag) {
            JsonNode json = ProtocolClient.textOp(NODE, FIELD, op);
            pacer.run(() -> {
                stats.sentAt.put(clientId + "/" + seq, System.nanoTime());
                stats.sent.incrementAndGet();
                conn.submit(board, clientId, seq, baseRev, json);
            });
        }

        void type() {
            try {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                synchronized (text) {
                    int length = text.length();
                    int pos = r.nextInt(length + 1);
                    if (length > 0 && r.nextInt(5) == 0) {
                        text.splice(Math.min(pos, length - 1), 1, "");
                    } else {
                        text.splice(pos, 0, String.valueOf(LETTERS.charAt(r.nextInt(LETTERS.length()))));
                    }
                }
                stats.edits.incrementAndGet();
            } catch (RuntimeException e) {
                stats.errors.incrementAndGet();
            }
        }

        private void onMessage(JsonNode m) {
            long now = System.nanoTime();
            try {
                switch (m.path("type").asString()) {
                    case "ack" -> {
                        Long at = stats.sentAt.get(clientId + "/" + m.path("clientSeq").asLong());
                        if (at != null && !m.path("duplicate").asBoolean()) {
                            stats.ack.add(now - at);
                        }
                        stats.acked.incrementAndGet();
                        text.onSequenced(m.path("rev").asLong(), clientId, m.path("clientSeq").asLong(), m.get("op"));
                    }
                    case "op" -> {
                        Long at = stats.sentAt.get(m.path("clientId").asString() + "/" + m.path("clientSeq").asLong());
                        if (at != null) {
                            stats.remote.add(now - at);
                        }
                        text.onSequenced(m.path("rev").asLong(), m.path("clientId").asString(),
                                m.path("clientSeq").asLong(), m.get("op"));
                    }
                    case "error" -> {
                        stats.errors.incrementAndGet();
                        if ("RATE_LIMITED".equals(m.path("code").asString())) {
                            scheduler.schedule(() -> text.resend(null), 1, TimeUnit.SECONDS);
                        }
                    }
                    case "unsubscribed" -> stats.errors.incrementAndGet();
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                stats.errors.incrementAndGet();
            }
        }

        @Override
        public void close() {
            conn.close();
        }
    }
}
