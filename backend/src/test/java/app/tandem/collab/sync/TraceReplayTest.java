package app.tandem.collab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.Traces;
import app.tandem.tools.EditingTrace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The real editing traces in ../shared/data/editing-traces replay to their endContent. */
class TraceReplayTest {
    static final java.util.List<String> SEQUENTIAL = Traces.SEQUENTIAL;
    static final java.util.List<String> CONCURRENT = Traces.CONCURRENT;

    @ParameterizedTest
    @FieldSource("SEQUENTIAL")
    void sequentialTraceThroughTheServer(String name) {
        EditingTrace trace = Traces.load(name);
        ServerDoc server = TraceReplay.replaySequential(trace);
        assertEquals(trace.endContent(), server.doc().text(TraceReplay.NODE, TraceReplay.FIELD));
        assertEquals(trace.txns().size() + 1, server.rev());
    }

    @ParameterizedTest
    @FieldSource("CONCURRENT")
    void concurrentTraceThroughOneClientPerAgent(String name) {
        EditingTrace trace = Traces.load(name);
        ConcurrentReplay replay = new ConcurrentReplay(trace);
        Network net = replay.run();
        net.assertConverged();
        assertEquals(trace.endContent(), net.server.doc().text(TraceReplay.NODE, TraceReplay.FIELD));
        assertEquals(trace.txns().size(), replay.opsSubmitted());
        assertTrue(net.rejects == 0);
    }
}
