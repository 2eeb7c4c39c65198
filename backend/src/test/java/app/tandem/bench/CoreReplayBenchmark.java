package app.tandem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.collab.Traces;
import app.tandem.tools.EditingTrace;
import app.tandem.collab.sync.ConcurrentReplay;
import app.tandem.collab.sync.Network;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.collab.sync.TraceReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benchmark, not a test (group {@code bench}): replays every editing trace through a {@link ServerDoc} several
 * times and writes {@code target/bench/core-replay.json}. Run with
 * {@code mvn -o -q -pl backend test -Pbench -Dtest=CoreReplayBenchmark} (runs: {@code -Dbench.runs=N} via
 * {@code -DargLine}; default 7 measured after 3 warm-up runs).
 *
 * <ul>
 *   <li>sequential traces: one op per transaction, each submitted against the head (the sequencer's work for
 *       one person typing: check, apply, remember in window and dedup table);</li>
 *   <li>the concurrent trace: the submissions the server received when two simulated clients replayed it
 *       (recorded once, not timed), each against its original base revision, so the server transforms.</li>
 * </ul>
 * Reported per trace: median and best wall time of a whole replay, ops/s and ns/op at the median, and the heap
 * retained by the final ServerDoc (document, window of {@value ServerDoc#DEFAULT_WINDOW} ops, dedup table).
 */
@Tag("bench")
class CoreReplayBenchmark {
    private static final int WARMUP = 3;

    @Test
    void replayTraces() throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode out = json.createObjectNode();
        out.put("benchmark", "core-replay");
        out.put("java", System.getProperty("java.version"));
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        out.put("warmupRuns", WARMUP);
        out.put("measuredRuns", runs);
        ArrayNode results = out.putArray("traces");

        for (String name : Traces.SEQUENTIAL) {
            EditingTrace trace = Traces.load(name);
            Workload w = () -> TraceReplay.replaySequential(trace);
            ServerDoc last = measure(results, name, "sequential", trace.txns().size(), trace.patchCount(), runs, w);
            assertEquals(trace.endContent(), last.doc().text(TraceReplay.NODE, TraceReplay.FIELD));
        }
        for (String name : Traces.CONCURRENT) {
            EditingTrace trace = Traces.load(name);
            List<Network.Served> served = new ConcurrentReplay(trace).recordSubmissions();
            Workload w = () -> {
                ServerDoc server = new ServerDoc();
                for (Network.Served s : served) {
                    server.submit(s.author(), s.submission().clientId(), s.submission().clientSeq(),
                            s.submission().baseRev(), s.submission().op());
                }
                return server;
            };
            ServerDoc last = measure(results, name, "concurrent (recorded submissions, transformed)", served.size(),
                    trace.patchCount(), runs, w);
            assertEquals(trace.endContent(), last.doc().text(TraceReplay.NODE, TraceReplay.FIELD));
        }

        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("core-replay.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    interface Workload {
        ServerDoc run();
    }

    private static ServerDoc measure(ArrayNode results, String name, String kind, int ops, long patches, int runs,
                                     Workload w) {
        for (int i = 0; i < WARMUP; i++) {
            w.run();
        }
        long[] nanos = new long[runs];
        ServerDoc last = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            last = w.run();
            nanos[i] = System.nanoTime() - t0;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long median = sorted[runs / 2];
        long retained = retainedBytes(w);
        ObjectNode r = results.addObject();
        r.put("trace", name);
        r.put("kind", kind);
        r.put("ops", ops);
        r.put("patches", patches);
        r.put("finalLength", last.doc().textLength(TraceReplay.NODE, TraceReplay.FIELD));
        r.put("medianMillis", median / 1e6);
        r.put("bestMillis", sorted[0] / 1e6);
        r.put("opsPerSecond", Math.round(ops / (median / 1e9)));
        r.put("nsPerOp", Math.round((double) median / ops));
        r.put("retainedHeapBytes", retained);
        List<Double> all = new ArrayList<>();
        for (long n : nanos) {
            all.add(n / 1e6);
        }
        ArrayNode a = r.putArray("runsMillis");
        all.forEach(a::add);
        return last;
    }

    /** Heap held by one more replay's ServerDoc: used heap after GC with it, minus before it (approximate). */
    private static long retainedBytes(Workload w) {
        long before = usedAfterGc();
        ServerDoc keep = w.run();
        long with = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(keep);
        return Math.max(0, with - before);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
