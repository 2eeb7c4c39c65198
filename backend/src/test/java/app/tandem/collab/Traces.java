package app.tandem.collab;

import app.tandem.tools.EditingTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The recorded editing traces for tests and benchmarks, read by the tools' own {@link EditingTrace}. */
public final class Traces {
    public static final List<String> SEQUENTIAL = List.of("automerge-paper", "sveltecomponent");
    public static final List<String> CONCURRENT = List.of("friendsforever");

    private Traces() {
    }

    /** The traces folder: {@code tandem.traces.dir} (set by the pom: testdata/editing-traces). */
    public static Path folder() {
        return Path.of(System.getProperty("tandem.traces.dir", "../testdata/editing-traces"));
    }

    public static EditingTrace load(String name) {
        return EditingTrace.read(folder().resolve(name + ".json.gz"));
    }

    /** One transaction of a hand-made concurrent trace. */
    public record Draft(int agent, int[] parents, List<EditingTrace.Patch> patches) {
    }

    /** A hand-made concurrent trace starting from "": txn indexes and per-agent positions are filled in. */
    public static EditingTrace concurrent(String endContent, List<Draft> drafts) {
        int[] perAgent = new int[1];
        List<EditingTrace.Txn> txns = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (d.agent() >= perAgent.length) {
                perAgent = Arrays.copyOf(perAgent, d.agent() + 1);
            }
            txns.add(new EditingTrace.Txn(i, d.agent(), perAgent[d.agent()]++, d.parents(), List.copyOf(d.patches())));
        }
        return new EditingTrace(true, "", endContent, perAgent.length, List.copyOf(txns));
    }
}
