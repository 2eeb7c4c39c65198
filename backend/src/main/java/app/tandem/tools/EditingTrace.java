package app.tandem.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * An editing trace in the josephg/editing-traces format (../shared/data/editing-traces/README.md), sequential or
 * concurrent, gzipped or plain JSON. A sequential trace is read as one agent whose every txn has the previous one
 * as its parent, so both kinds share one shape.
 *
 * @param concurrent whether the file declared {@code "kind":"concurrent"}
 * @param agents     number of agents (1 for a sequential trace)
 */
public record EditingTrace(boolean concurrent, String startContent, String endContent, int agents, List<Txn> txns) {

    /** One splice in JavaScript's sense over code points: at {@code pos} delete {@code delete}, then insert. */
    public record Patch(long pos, long delete, String insert) {
    }

    /**
     * @param parents    indexes of earlier txns whose merged state the patches apply to
     * @param agentIndex this txn's position among its agent's txns (0, 1, 2, ...)
     */
    public record Txn(int index, int agent, int agentIndex, int[] parents, List<Patch> patches) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Txn t && t.index == index && t.agent == agent && t.agentIndex == agentIndex
                    && Arrays.equals(t.parents, parents) && t.patches.equals(patches);
        }

        @Override
        public int hashCode() {
            return index * 31 + agent;
        }

        @Override
        public String toString() {
            return "Txn[" + index + " agent " + agent + "#" + agentIndex + " parents " + Arrays.toString(parents)
                    + " " + patches + "]";
        }
    }

    public long patchCount() {
        long n = 0;
        for (Txn t : txns) {
            n += t.patches().size();
        }
        return n;
    }

    public static EditingTrace read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return parse(ProtocolClient.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trace " + file + ": " + e.getMessage(), e);
        }
    }

    public static EditingTrace parse(JsonNode root) {
        boolean concurrent = "concurrent".equals(root.path("kind").asString(""));
        String start = root.path("startContent").asString("");
        if (!root.path("endContent").isString() || !root.path("txns").isArray()) {
            throw new IllegalArgumentException("not an editing trace: needs 'endContent' and 'txns'");
        }
        String end = root.path("endContent").asString();
        int agents = concurrent ? root.path("numAgents").asInt(0) : 1;
        List<Txn> txns = new ArrayList<>();
        List<Integer> perAgent = new ArrayList<>();
        JsonNode list = root.path("txns");
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            int agent = concurrent ? t.path("agent").asInt(-1) : 0;
            if (agent < 0) {
                throw new IllegalArgumentException("txn " + i + " has no agent");
            }
            agents = Math.max(agents, agent + 1);
            while (perAgent.size() <= agent) {
                perAgent.add(0);
            }
            int agentIndex = perAgent.get(agent);
            perAgent.set(agent, agentIndex + 1);
            int[] parents;
            if (concurrent) {
                JsonNode ps = t.path("parents");
                parents = new int[ps.size()];
                for (int k = 0; k < ps.size(); k++) {
                    parents[k] = ps.get(k).asInt();
                    if (parents[k] < 0 || parents[k] >= i) {
                        throw new IllegalArgumentException("txn " + i + " names a parent that is not earlier: " + parents[k]);
                    }
                }
            } else {
                parents = i == 0 ? new int[0] : new int[] {i - 1};
            }
            List<Patch> patches = new ArrayList<>();
            for (JsonNode p : t.path("patches")) {
                if (!p.isArray() || p.size() != 3 || !p.get(2).isString()) {
                    throw new IllegalArgumentException("txn " + i + ": a patch is [pos, deleteCount, insertText]: " + p);
                }
                patches.add(new Patch(p.get(0).asLong(), p.get(1).asLong(), p.get(2).asString()));
            }
            txns.add(new Txn(i, agent, agentIndex, parents, List.copyOf(patches)));
        }
        return new EditingTrace(concurrent, start, end, agents, List.copyOf(txns));
    }

    /**
     * For each txn, how many txns of every agent its state includes (its own txn included): the version vector
     * of the state right after the txn. A txn's patches apply to the state of {@code versionBefore}.
     */
    public int[][] versionsAfter() {
        int[][] after = new int[txns.size()][];
        for (Txn t : txns) {
            int[] v = versionBefore(t, after);
            v[t.agent()] = Math.max(v[t.agent()], t.agentIndex() + 1);
            after[t.index()] = v;
        }
        return after;
    }

    /** The version vector of the state a txn was typed into: the merge of its parents' states. */
    public int[] versionBefore(Txn t, int[][] versionsAfter) {
        int[] v = new int[agents];
        for (int p : t.parents()) {
            int[] pv = versionsAfter[p];
            for (int a = 0; a < agents; a++) {
                v[a] = Math.max(v[a], pv[a]);
            }
        }
        return v;
    }
}
