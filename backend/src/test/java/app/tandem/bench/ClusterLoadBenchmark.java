package app.tandem.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;

import app.tandem.domain.DemoData;
import app.tandem.testing.FreePorts;
import app.tandem.testing.NodeProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark, not a test (group {@code bench}): the engine under the launcher's {@code loadgen} on a two-node
 * loopback cluster, both nodes started from the shaded jar as an operator does ({@link NodeProcess}, one shared
 * H2 data directory, demo data), one after the other. Then, for each scenario, {@code java -jar tandem.jar loadgen}
 * in its own JVM, its clients spread round-robin over both nodes' API ports, all on one new board:
 * <ul>
 *   <li>{@code 50} clients (the done-when: converged, 0 errors) and</li>
 *   <li>{@code 100} clients (the target: p99 ack <= 50 ms, p99 remote delivery <= 100 ms, 0 errors, converged),</li>
 * </ul>
 * each at 5 edits/s per client for 30 s. Needs the jar: {@code mvn -o -q package -DskipTests} first
 * ({@code bench/cluster-load.sh} does both). Writes {@code target/bench/cluster-load.json} (all scenarios) and
 * {@code target/bench/cluster-load-<clients>.json}, with loadgen's JSON line, the targets, the load average sampled
 * every 5 s while loadgen ran, and the CPU seconds each node and loadgen used.
 *
 * <p>Settings (system properties): {@code bench.load.clients} (default {@code 50,100}), {@code bench.load.boards}
 * (1), {@code bench.load.rate} (5), {@code bench.load.seconds} (30), {@code bench.nodes} (2; 1 = a one-member
 * "cluster" for comparison: no event-bus hop, the H2 file embedded in the only node; its files end in
 * {@code -1node.json}), {@code bench.load.warmupSeconds} (10: an unrecorded loadgen run of 20 clients first, so
 * that JIT compilation does not land in the first scenario; 0 = none), {@code bench.node.jvmArgs} (space-separated;
 * default NodeProcess's {@code -Xmx512m -XX:+UseSerialGC}), {@code bench.jfr=true} (a JFR recording, profile
 * settings, of each node into {@code target/bench/}). Targets are reported, never asserted; the test fails only
 * when loadgen printed no result.
 */
@Tag("bench")
class ClusterLoadBenchmark {
    private static final Duration START = Duration.ofSeconds(180);
    private static final double TARGET_ACK_P99_MS = 50;
    private static final double TARGET_REMOTE_P99_MS = 100;

    @Test
    void loadgenOnTwoNodes() throws Exception {
        List<Integer> scenarios = Arrays.stream(System.getProperty("bench.load.clients", "50,100").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        int boards = Integer.getInteger("bench.load.boards", 1);
        String rate = System.getProperty("bench.load.rate", "5");
        int seconds = Integer.getInteger("bench.load.seconds", 30);
        boolean jfr = Boolean.getBoolean("bench.jfr");
        String jvmArgs = System.getProperty("bench.node.jvmArgs", "-Xmx512m -XX:+UseSerialGC");
        int nodes = Integer.getInteger("bench.nodes", 2);
        if (nodes != 1 && nodes != 2) {
            throw new IllegalArgumentException("bench.nodes: 1 or 2");
        }

        JsonMapper json = JsonMapper.builder().build();
        Path bench = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(bench);
        Path jar = NodeProcess.locateJar();
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-data-");

        ObjectNode out = json.createObjectNode();
        out.put("benchmark", "cluster-load");
        out.put("jar", jar.toString());
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("java", System.getProperty("java.version"));
        out.put("nodes", nodes);
        out.put("nodeJvmArgs", jvmArgs);
        out.put("database", "H2 file in one shared data directory (AUTO_SERVER: served by node 1)");
        ObjectNode targets = out.putObject("targets");
        targets.put("ackP99Ms", TARGET_ACK_P99_MS);
        targets.put("remoteP99Ms", TARGET_REMOTE_P99_MS);
        targets.put("errors", 0);
        targets.put("converged", true);
        ArrayNode results = out.putArray("runs");

        int[] p = FreePorts.take(6);
        try (NodeProcess node1 = node("bench-node-1", jvmArgs, jfr, bench).ports(p[0], p[1], p[2]).dataDir(data)
                .members(nodes == 2 ? new String[] {"127.0.0.1:" + p[5]} : new String[0]).demo(true).start()) {
            // One after the other: two members starting at the same instant may first form two clusters.
            node1.awaitHealthy(START);
            if (nodes == 1) {
                runScenarios(json, jar, bench, results, scenarios, boards, rate, seconds, List.of(node1));
            } else {
                try (NodeProcess node2 = node("bench-node-2", jvmArgs, jfr, bench).ports(p[3], p[4], p[5])
                        .dataDir(data).members(node1.memberAddress()).start()) {
                    node2.awaitHealthy(START);
                    node1.awaitClusterSize(2, START);
                    node2.awaitClusterSize(2, START);
                    runScenarios(json, jar, bench, results, scenarios, boards, rate, seconds, List.of(node1, node2));
                    node2.stop(Duration.ofSeconds(60));
                }
            }
        }
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        Files.writeString(bench.resolve(nodes == 2 ? "cluster-load.json" : "cluster-load-1node.json"), text);
        System.out.println(text);
        for (JsonNode r : results) {
            assertFalse(r.path("result").isMissingNode(), "loadgen printed no result: " + r);
        }
    }

    private static void runScenarios(JsonMapper json, Path jar, Path bench, ArrayNode results,
                                     List<Integer> scenarios, int boards, String rate, int seconds,
                                     List<NodeProcess> nodes) throws Exception {
        String apis = String.join(",", nodes.stream().map(n -> strip(n.apiUrl())).toList());
        String suffix = nodes.size() == 2 ? "" : "-" + nodes.size() + "node";
        int warmup = Integer.getInteger("bench.load.warmupSeconds", 10);
        if (warmup > 0) {
            // Not recorded: lets the nodes' JIT compile the op path first, so the first scenario is not penalised.
            ObjectNode w = runLoadgen(json, jar, List.of("loadgen", "--api", apis, "--email", DemoData.ALICE_EMAIL,
                    "--password", DemoData.PASSWORD, "--clients", "20", "--boards", "1", "--rate", rate,
                    "--seconds", String.valueOf(warmup)), warmup, nodes);
            System.out.println("cluster-load warm-up (20 clients, " + warmup + " s): " + w.path("result"));
        }
        // What the nodes burn with no load (heartbeats, presence, Hazelcast housekeeping): the floor under each run.
        double[] before = nodes.stream().mapToDouble(n -> cpuSeconds(n.pid())).toArray();
        Thread.sleep(10_000);
        ObjectNode idle = json.createObjectNode();
        for (int i = 0; i < nodes.size(); i++) {
            idle.put(nodes.get(i).name(), Math.round((cpuSeconds(nodes.get(i).pid()) - before[i]) * 100) / 1000.0);
        }
        System.out.println("cluster-load idle CPU seconds per second: " + idle);
        for (int clients : scenarios) {
            List<String> args = List.of("loadgen", "--api", apis, "--email", DemoData.ALICE_EMAIL,
                    "--password", DemoData.PASSWORD, "--clients", String.valueOf(clients),
                    "--boards", String.valueOf(boards), "--rate", rate, "--seconds", String.valueOf(seconds));
            ObjectNode run = runLoadgen(json, jar, args, seconds, nodes);
            run.set("idleCpuSecondsPerSecond", idle);
            run.put("scenario", clients + " clients, " + boards + " board(s), " + rate + " edits/s each, "
                    + seconds + " s, over " + nodes.size() + " node(s)");
            results.add(run);
            Files.writeString(bench.resolve("cluster-load-" + clients + suffix + ".json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(run));
            System.out.println("cluster-load " + clients + " clients: " + run.path("result"));
        }
    }

    private static NodeProcess.Builder node(String name, String jvmArgs, boolean jfr, Path bench) {
        List<String> args = new ArrayList<>(Arrays.asList(jvmArgs.strip().split("\\s+")));
        if (jfr) {
            args.add("-XX:StartFlightRecording=settings=profile,filename=" + bench.resolve(name + ".jfr"));
        }
        return NodeProcess.builder(name).jvmArgs(args.toArray(String[]::new)).logDir(bench.resolve("nodes"));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Runs {@code java -jar tandem.jar loadgen ...} and returns its result with load and CPU figures around it. */
    private static ObjectNode runLoadgen(JsonMapper json, Path jar, List<String> args, int seconds,
                                         List<NodeProcess> nodes) throws Exception {
        ObjectNode run = json.createObjectNode();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(args);
        run.put("command", String.join(" ", command).replace(DemoData.PASSWORD, "***"));

        ArrayNode loadSamples = run.putArray("loadAverage1mDuringRun");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            synchronized (loadSamples) {
                loadSamples.add(loadAverage1m());
            }
        }, 0, 5, TimeUnit.SECONDS);
        run.put("loadAverageBefore", loadAverage());
        double[] cpuBefore = nodes.stream().mapToDouble(n -> cpuSeconds(n.pid())).toArray();

        Path stdout = Files.createTempFile("loadgen-", ".out");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        double loadgenCpu = 0;
        try {
            // The loadgen's own CPU, read just before it exits would be best; read it while it is still draining.
            long limit = TimeUnit.SECONDS.toMillis(seconds + 240L);
            long waited = 0;
            while (p.isAlive() && waited < limit) {
                loadgenCpu = Math.max(loadgenCpu, cpuSeconds(p.pid()));
                p.waitFor(200, TimeUnit.MILLISECONDS);
                waited += 200;
            }
            if (p.isAlive()) {
                run.put("timedOut", true);
            }
        } finally {
            p.destroyForcibly();
            sampler.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        run.put("loadAverageAfter", loadAverage());
        run.put("loadgenExitCode", p.waitFor());
        run.put("wallSeconds", Math.round(wall * 10) / 10.0);
        ObjectNode cpu = run.putObject("cpuSeconds");
        for (int i = 0; i < nodes.size(); i++) {
            cpu.put(nodes.get(i).name(), Math.round((cpuSeconds(nodes.get(i).pid()) - cpuBefore[i]) * 10) / 10.0);
        }
        cpu.put("loadgen (at least)", Math.round(loadgenCpu * 10) / 10.0);

        String[] lines = Files.readString(stdout, StandardCharsets.UTF_8).strip().split("\n");
        Files.deleteIfExists(stdout);
        String last = lines[lines.length - 1].strip();
        if (last.startsWith("{")) {
            JsonNode r = json.readTree(last);
            run.set("result", r);
            ObjectNode meets = run.putObject("meetsTarget");
            meets.put("ackP99", r.path("ackP99Ms").asDouble() <= TARGET_ACK_P99_MS);
            meets.put("remoteP99", r.path("remoteP99Ms").asDouble() <= TARGET_REMOTE_P99_MS);
            meets.put("errors", r.path("errors").asLong() == 0);
            meets.put("converged", r.path("converged").asBoolean());
        }
        return run;
    }

    /** utime + stime of a live process from /proc/PID/stat, in seconds (0 when unreadable). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "(comm) ": f[0] = state (field 3), utime = field 14, stime = field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double loadAverage1m() {
        String s = loadAverage();
        try {
            return Double.parseDouble(s.split(" ")[0]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
