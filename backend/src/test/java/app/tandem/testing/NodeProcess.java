package app.tandem.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tandem node in its own JVM, started from the shaded jar exactly as an operator does ({@code java -jar
 * tandem.jar} with {@code TANDEM_*} environment variables), on loopback ports of the test's choosing. Its
 * output goes to a log file under {@code target/nodes/}; {@link #awaitHealthy} polls {@code GET /health} on the
 * API port. {@link #close} stops it like an operator: SIGTERM, and a kill if it is not gone within the timeout.
 * Every node still running when the test JVM exits is killed.
 *
 * <pre>{@code
 * int[] p = FreePorts.take(3);
 * try (NodeProcess node = NodeProcess.builder("node-1").ports(p[0], p[1], p[2]).dataDir(dir).demo(true).start()) {
 *     node.awaitHealthy(Duration.ofSeconds(90));
 *     ... node.uiUrl() ...
 * }
 * }</pre>
 */
public final class NodeProcess implements AutoCloseable {
    /** Where the jar is: system property {@code tandem.jar} (the e2e profile sets it), else the usual places. */
    public static final String JAR_PROPERTY = "tandem.jar";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CLUSTER_SIZE = Pattern.compile("\"clusterSize\"\\s*:\\s*(\\d+)");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.destroyForcibly();
        }), "node-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int apiPort;
    private final int clusterPort;

    private NodeProcess(String name, Process process, Path log, int httpPort, int apiPort, int clusterPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.apiPort = apiPort;
        this.clusterPort = clusterPort;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public int apiPort() {
        return apiPort;
    }

    public int clusterPort() {
        return clusterPort;
    }

    /** {@code 127.0.0.1:<cluster port>}, as another node's {@code TANDEM_CLUSTER_MEMBERS} lists it. */
    public String memberAddress() {
        return "127.0.0.1:" + clusterPort;
    }

    /** The UI's base URL, ending in "/". */
    public String uiUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** The API's base URL, ending in "/". */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort + "/";
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The body of {@code GET /health} if it answered 200 now, else empty (starting, stopped, unreachable). */
    public Optional<String> health() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl() + "health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The cluster size /health reports now, or 0 when it does not answer 200. */
    public int clusterSize() {
        return health().map(body -> {
            Matcher m = CLUSTER_SIZE.matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }).orElse(0);
    }

    /** Waits until /health answers 200 and returns its body; fails early, with the log's tail, if the JVM exits. */
    public String awaitHealthy(Duration timeout) {
        return await(timeout, "GET /health 200", () -> health().orElse(null));
    }

    /** Waits until /health reports {@code "clusterSize":expected}. */
    public String awaitClusterSize(int expected, Duration timeout) {
        return await(timeout, "\"clusterSize\":" + expected, () -> {
            Optional<String> body = health();
            if (body.isEmpty()) {
                return null;
            }
            Matcher m = CLUSTER_SIZE.matcher(body.get());
            return m.find() && Integer.parseInt(m.group(1)) == expected ? body.get() : null;
        });
    }

    private String await(Duration timeout, String what, java.util.function.Supplier<String> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String result = probe.get();
            if (result != null) {
                return result;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue()
                        + " while waiting for " + what + "; log " + log + ":\n" + logTail(60));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("node " + name + ": no " + what + " within " + timeout
                        + "; log " + log + ":\n" + logTail(60));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The last {@code lines} lines of the node's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Graceful stop (SIGTERM), a kill after {@code timeout}. Returns the exit code. */
    public int stop(Duration timeout) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (!process.isAlive()) {
                RUNNING.remove(process);
            }
        }
    }

    /** Hard stop, as a crashed machine: SIGKILL. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            RUNNING.remove(process);
        }
    }

    @Override
    public void close() {
        stop(STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "node " + name + " (pid " + process.pid() + ", ui " + httpPort + ", api " + apiPort + ", cluster "
                + clusterPort + ")";
    }

    /** The jar to run: {@code -Dtandem.jar}, else {@code target/tandem.jar} or {@code ../frontend/target/tandem.jar}. */
    public static Path locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        } else {
            candidates.add(Path.of("target", "tandem.jar"));
            candidates.add(Path.of("frontend", "target", "tandem.jar"));
            candidates.add(Path.of("..", "frontend", "target", "tandem.jar"));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("tandem.jar not found (looked at " + candidates + " from "
                + Path.of("").toAbsolutePath() + "): build it first (mvn package) or run the e2e profile, "
                + "which tests after package");
    }

    /** Settings of one node; {@link #start} spawns it. Unset ports are taken from {@link FreePorts}. */
    public static final class Builder {
        private final String name;
        private Path jar;
        private int httpPort;
        private int apiPort;
        private int clusterPort;
        private Path dataDir;
        private final List<String> members = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        private Path logDir = Path.of("target", "nodes");

        private Builder(String name) {
            this.name = name;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** UI, API and Hazelcast ports (0 = take a free one). */
        public Builder ports(int http, int api, int cluster) {
            this.httpPort = http;
            this.apiPort = api;
            this.clusterPort = cluster;
            return this;
        }

        /** TANDEM_DATA_DIR (nodes on one host may share it: the H2 file is served by its first opener). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Other members, {@code host:port}; they become TANDEM_CLUSTER_MEMBERS. */
        public Builder members(String... hostPorts) {
            members.addAll(List.of(hostPorts));
            return this;
        }

        public Builder demo(boolean demo) {
            return env("TANDEM_DEMO", Boolean.toString(demo));
        }

        /** Any other environment variable (e.g. TANDEM_DB_URL). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Replaces the default JVM options ({@code -Xmx512m -XX:+UseSerialGC}). */
        public Builder jvmArgs(String... args) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        public NodeProcess start() {
            Path jarFile = jar != null ? jar : locateJar();
            int[] free = FreePorts.take(3);
            int http = httpPort > 0 ? httpPort : free[0];
            int api = apiPort > 0 ? apiPort : free[1];
            int cluster = clusterPort > 0 ? clusterPort : free[2];
            try {
                Path data = dataDir != null ? dataDir : Files.createTempDirectory("tandem-" + name + "-");
                Files.createDirectories(logDir);
                Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log").toAbsolutePath();

                List<String> command = new ArrayList<>();
                command.add(javaExecutable());
                command.addAll(jvmArgs);
                command.add("-jar");
                command.add(jarFile.toString());
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                Map<String, String> e = pb.environment();
                e.keySet().removeIf(k -> k.startsWith("TANDEM_"));
                e.put("TANDEM_HTTP_PORT", Integer.toString(http));
                e.put("TANDEM_API_PORT", Integer.toString(api));
                e.put("TANDEM_CLUSTER_PORT", Integer.toString(cluster));
                e.put("TANDEM_BIND_HOST", "127.0.0.1");
                e.put("TANDEM_DATA_DIR", data.toAbsolutePath().toString());
                e.put("TANDEM_CLUSTER_MEMBERS", String.join(",", members));
                e.put("VAADIN_USAGE_STATS_ENABLED", "false");
                e.putAll(env);
                Files.writeString(log, "# " + String.join(" ", command) + "\n# " + envLine(e) + "\n",
                        StandardCharsets.UTF_8);
                Process process = pb.start();
                RUNNING.add(process);
                return new NodeProcess(name, process, log, http, api, cluster);
            } catch (IOException ex) {
                throw new UncheckedIOException("could not start node " + name, ex);
            }
        }

        private static String envLine(Map<String, String> env) {
            StringBuilder sb = new StringBuilder();
            env.entrySet().stream().filter(x -> x.getKey().startsWith("TANDEM_")).sorted(Map.Entry.comparingByKey())
                    .forEach(x -> sb.append(x.getKey()).append('=')
                            .append(x.getKey().contains("PASSWORD") ? "***" : x.getValue()).append(' '));
            return sb.toString().trim();
        }

        /** The java of the running test JVM (a JDK >= 21, as the build requires). */
        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }
}
