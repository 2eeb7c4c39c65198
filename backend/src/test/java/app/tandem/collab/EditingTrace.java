package app.tandem.collab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One recorded editing session from {@code ../shared/data/editing-traces} (format in its README.md):
 * sequential (one author) or concurrent (agents with causal parents). Positions are in code points.
 */
public record EditingTrace(String name, String startContent, String endContent, int numAgents, boolean concurrent,
                           List<Txn> txns) {

    /** {@code [pos, deleteCount, insertText]}, Array.splice semantics. */
    public record Patch(int pos, int delete, String insert) {}

    /** One transaction; {@code parents} and {@code agent} matter for concurrent traces only. */
    public record Txn(int[] parents, int agent, List<Patch> patches) {}

    public static final List<String> SEQUENTIAL = List.of("automerge-paper", "sveltecomponent");
    public static final List<String> CONCURRENT = List.of("friendsforever");

    /** The traces folder: {@code tandem.traces.dir} (set by the pom: testdata/editing-traces). */
    public static Path folder() {
        return Path.of(System.getProperty("tandem.traces.dir", "../testdata/editing-traces"));
    }

    public static EditingTrace load(String name) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder().resolve(name + ".json.gz")), 1 << 16)) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            boolean concurrent = "concurrent".equals(root.path("kind").asString(""));
            List<Txn> txns = new ArrayList<>();
            for (JsonNode t : root.get("txns")) {
                List<Patch> patches = new ArrayList<>();
                for (JsonNode p : t.get("patches")) {
                    patches.add(new Patch(p.get(0).intValue(), p.get(1).intValue(), p.get(2).stringValue()));
                }
                int[] parents = new int[t.path("parents").size()];
                for (int i = 0; i < parents.length; i++) {
                    parents[i] = t.get("parents").get(i).intValue();
                }
                txns.add(new Txn(parents, t.path("agent").asInt(0), patches));
            }
            return new EditingTrace(name, root.path("startContent").asString(""), root.get("endContent").stringValue(),
                    root.path("numAgents").asInt(1), concurrent, txns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int patchCount() {
        int n = 0;
        for (Txn t : txns) {
            n += t.patches().size();
        }
        return n;
    }
}
