package app.tandem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.Traces;
import app.tandem.tools.EditingTrace;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.collab.sync.TraceReplay;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark, not a test (group {@code bench}): the collaboration core against Yjs 13.6 on the automerge-paper
 * trace, both on this machine in this run, and the ratio. Writes {@code target/bench/core-vs-yjs.json}.
 *
 * <pre>mvn -o -q -pl backend test -Pbench -Dtest=CoreVsYjsBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <ol>
 *   <li>Core: {@link TraceReplay#replaySequential} (one text op per transaction submitted to a fresh
 *       {@link ServerDoc} against the head), {@value #WARMUP} warm-ups, then the measured runs in two halves,
 *       one before and one after Yjs, so that both sides see the same stretch of the machine's (shared) load.</li>
 *   <li>Yjs: {@code bench/yjs/replay.mjs} under Node 24 from {@code bin/node24} ({@code npm ci} first when
 *       {@code bench/yjs/node_modules} is missing): the same trace into a fresh {@code Y.Text} per replay, one Yjs
 *       transaction per patch, same warm-up and run counts.</li>
 * </ol>
 * Both must end with the trace's endContent (asserted). The ratio (Yjs median / core median) is reported with the
 * target (10x), never asserted: timings depend on the machine's load. Runs: {@code -Dbench.runs=N} (Yjs, default
 * 7), {@code -Dbench.core.runs=N} (core, default max(21, bench.runs): a core replay is ~25x shorter, so more runs
 * spread its median over a comparable stretch of the machine's load).
 */
@Tag("bench")
class CoreVsYjsBenchmark {
    private static final int WARMUP = 3;
    private static final String TRACE = "automerge-paper";
    private static final double TARGET_RATIO = 10.0;
    private static final long NODE_TIMEOUT_MINUTES = 15;

    @Test
    void coreVsYjs() throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        // A core replay is ~25x shorter than a Yjs one: more of them, so that the core's median samples a stretch
        // of the (shared, bursty) machine comparable to the Yjs runs, not a few hundred milliseconds of it.
        int coreRuns = Integer.getInteger("bench.core.runs", Math.max(runs, 21));
        JsonMapper json = JsonMapper.builder().build();
        Path repo = repoRoot();
        EditingTrace trace = Traces.load(TRACE);

        String loadBefore = loadAverage();
        for (int i = 0; i < WARMUP; i++) {
            TraceReplay.replaySequential(trace);
        }
        int firstHalf = (coreRuns + 1) / 2;
        List<Double> coreMillis = new ArrayList<>(timeCore(trace, firstHalf));

        JsonNode yjs = runYjs(json, repo, trace, runs);

        coreMillis.addAll(timeCore(trace, coreRuns - firstHalf));
        String loadAfter = loadAverage();

        double[] core = coreMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double coreMedian = median(core);
        double yjsMedian = yjs.get("medianMillis").asDouble();
        double ratio = yjsMedian / coreMedian;

        ObjectNode out = json.createObjectNode();
        out.put("benchmark", "core-vs-yjs");
        out.put("trace", TRACE);
        out.put("patches", trace.patchCount());
        out.put("txns", trace.txns().size());
        out.put("finalLength", trace.endContent().length());
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("loadAverageBefore", loadBefore);
        out.put("loadAverageAfter", loadAfter);
        ObjectNode c = out.putObject("core");
        c.put("java", System.getProperty("java.version"));
        c.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        c.put("what", "ServerDoc.submit of one text op per txn against the head, fresh ServerDoc per replay");
        c.put("warmupRuns", WARMUP);
        c.put("measuredRuns", coreRuns);
        c.put("medianMillis", coreMedian);
        c.put("bestMillis", core[0]);
        c.put("patchesPerSecond", Math.round(trace.patchCount() / (coreMedian / 1e3)));
        ArrayNode cr = c.putArray("runsMillis");
        coreMillis.forEach(cr::add);
        out.set("yjs", yjs);
        out.put("ratioMedian", round2(ratio));
        out.put("ratioBest", round2(yjs.get("bestMillis").asDouble() / core[0]));
        out.put("targetRatio", TARGET_RATIO);
        out.put("meetsTarget", ratio >= TARGET_RATIO);

        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("core-vs-yjs.json"), text);
        System.out.println(text);
    }

    private static List<Double> timeCore(EditingTrace trace, int n) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ServerDoc server = TraceReplay.replaySequential(trace);
            millis.add((System.nanoTime() - t0) / 1e6);
            assertEquals(trace.endContent(), server.doc().text(TraceReplay.NODE, TraceReplay.FIELD));
        }
        return millis;
    }

    private static JsonNode runYjs(JsonMapper json, Path repo, EditingTrace trace, int runs) throws Exception {
        Path nodeBin = node24(repo);
        Path yjsDir = repo.resolve("bench").resolve("yjs");
        if (!Files.isDirectory(yjsDir.resolve("node_modules").resolve("yjs"))) {
            Result ci = exec(yjsDir, List.of(nodeBin.resolve("npm").toString(), "ci", "--no-audit", "--no-fund"),
                    nodeBin);
            assertEquals(0, ci.exit(), "npm ci in bench/yjs failed:\n" + ci.stdout());
        }
        Path traceFile = Traces.folder().resolve(TRACE + ".json.gz").toAbsolutePath();
        Result r = exec(yjsDir, List.of(nodeBin.resolve("node").toString(), "replay.mjs", "--trace",
                traceFile.toString(), "--warmup", String.valueOf(WARMUP), "--runs", String.valueOf(runs)), nodeBin);
        String[] lines = r.stdout().strip().split("\n");
        JsonNode yjs = json.readTree(lines[lines.length - 1]);
        assertEquals(0, r.exit(), "replay.mjs failed:\n" + r.stdout());
        assertTrue(yjs.get("matchesEndContent").asBoolean(), "Yjs final text differs from endContent");
        assertEquals(trace.patchCount(), yjs.get("patches").asInt());
        return yjs;
    }

    /** The directory holding Node 24's node and npm: the last line {@code bin/node24} prints. */
    private static Path node24(Path repo) throws Exception {
        Result r = exec(repo, List.of(repo.resolve("bin").resolve("node24").toString()), null);
        assertEquals(0, r.exit(), "bin/node24 failed:\n" + r.stdout());
        String[] lines = r.stdout().strip().split("\n");
        return Path.of(lines[lines.length - 1].strip());
    }

    record Result(int exit, String stdout) {}

    /** Runs a child process (stdin /dev/null, stderr to ours), waits for it, returns its stdout. */
    private static Result exec(Path dir, List<String> command, Path pathFirst) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (pathFirst != null) {
            pb.environment().put("PATH", pathFirst + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        }
        Process p = pb.start();
        try {
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(NODE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The repository root: the nearest directory upwards from the working directory holding bin/node24. */
    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("bin").resolve("node24")) && Files.isDirectory(d.resolve("bench"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root (with bin/node24 and bench/) not found above "
                + Path.of("").toAbsolutePath());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
