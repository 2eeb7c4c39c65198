package app.tandem.api.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.tools.EditingTrace;
import app.tandem.tools.LoadGen;
import app.tandem.tools.Replay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher's tools against a real two-node cluster: every shared editing trace replays through the WebSocket
 * protocol to its endContent, and a short load run converges with no errors. Correctness only; the figures are the
 * bench profile's business.
 */
class ToolsOnClusterTest {
    static final Path TRACES = app.tandem.collab.Traces.folder();
    static ProtocolCluster cluster;

    @BeforeAll
    static void start() {
        // The server's default rate limit would make the automerge-paper replay take half a minute; the
        // replayer paces itself to whatever the server announces.
        cluster = new ProtocolCluster(2, WsLimits.DEFAULTS.withOpsPerSecond(2000, 2000));
        cluster.account("replayer");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Replay.Result replay(String file, int node) {
        Path trace = TRACES.resolve(file);
        Replay.Result r = Replay.replay(new Replay.Options(cluster.api(node), "replayer@example.org",
                ProtocolCluster.password("replayer"), trace), EditingTrace.read(trace));
        System.out.println(file + ": " + r.toJson());
        return r;
    }

    @Test
    void theSequentialSvelteTraceReplaysToItsEndContent() {
        Replay.Result r = replay("sveltecomponent.json.gz", 1);
        assertEquals(19_749, r.patches());
        assertEquals(18_451, r.finalLength());
        assertTrue(r.matchesEndContent());
    }

    @Test
    void theSequentialAutomergePaperTraceReplaysToItsEndContent() {
        Replay.Result r = replay("automerge-paper.json.gz", 0);
        assertEquals(259_778, r.patches());
        assertEquals(104_852, r.finalLength());
        assertTrue(r.matchesEndContent());
    }

    @Test
    void theConcurrentFriendsForeverTraceReplaysToItsEndContent() {
        Replay.Result r = replay("friendsforever.json.gz", 1);
        assertEquals(26_078, r.patches());
        assertEquals(21_362, r.finalLength());
        assertTrue(r.matchesEndContent());
    }

    @Test
    void aShortLoadRunOverBothNodesConvergesWithoutErrors() {
        LoadGen.Result r = LoadGen.run(new LoadGen.Options(List.of(cluster.api(0), cluster.api(1)),
                "replayer@example.org", ProtocolCluster.password("replayer"), 6, 2, 5, 3));
        System.out.println("loadgen: " + r.toJson());
        assertEquals(0, r.errors(), r::toJson);
        assertTrue(r.converged(), r::toJson);
        assertTrue(r.opsSent() > 0 && r.opsAcked() == r.opsSent(), r::toJson);
    }
}
