package app.tandem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.collab.Traces;
import app.tandem.collab.sync.ConcurrentReplay;
import app.tandem.collab.sync.Network;
import app.tandem.collab.sync.ServerDoc;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TraceAgents} with three agents over the core's simulated network: txns typed while their agent has
 * received ops that are not among their parents, a merge of two branches, and a txn of several patches.
 */
class TraceAgentsTest {
    private static Traces.Draft txn(int agent, int[] parents, EditingTrace.Patch... patches) {
        return new Traces.Draft(agent, parents, List.of(patches));
    }

    private static EditingTrace.Patch p(int pos, int delete, String insert) {
        return new EditingTrace.Patch(pos, delete, insert);
    }

    @Test
    void threeAgentsWithCrossingOpsAndMergesReachTheEndContent() {
        EditingTrace trace = Traces.concurrent("aXbYW", List.of(
                txn(0, new int[] {}, p(0, 0, "abc")),                 // 0: "abc"
                txn(1, new int[] {0}, p(1, 0, "X")),                  // 1: "aXbc"
                txn(2, new int[] {0}, p(2, 1, "")),                   // 2: "ab"
                txn(0, new int[] {0}, p(0, 0, "Z")),                  // 3: "Zabc"
                txn(2, new int[] {2, 1}, p(3, 0, "Y")),               // 4: "aXb" + "Y"
                txn(1, new int[] {3, 4}, p(5, 0, "W"), p(0, 1, "")))); // 5: "ZaXbY" -> "aXbYW"
        List<Network.Served> served = new ConcurrentReplay(trace).recordSubmissions();
        ServerDoc server = new ServerDoc();
        for (Network.Served s : served) {
            server.submit(s.author(), s.submission().clientId(), s.submission().clientSeq(),
                    s.submission().baseRev(), s.submission().op());
        }
        assertEquals("aXbYW", server.doc().text("doc", "body"));
    }
}
