package app.tandem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.text.TextBuffer;
import app.tandem.collab.text.TextOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every trace in the shared editing-traces directory parses into what its README says it holds. */
class EditingTraceTest {
    static final Path DIR = app.tandem.collab.Traces.folder();

    /** README table: file → kind, txns, patches, final length. */
    static final Map<String, long[]> EXPECTED = Map.of(
            "automerge-paper.json.gz", new long[] {0, 259_778, 259_778, 104_852},
            "sveltecomponent.json.gz", new long[] {0, 18_335, 19_749, 18_451},
            "friendsforever.json.gz", new long[] {1, 26_078, 26_078, 21_362});

    static List<Path> traces() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    @Test
    void everySharedTraceParsesWithItsAdvertisedShape() throws IOException {
        List<Path> files = traces();
        assertFalse(files.isEmpty(), "no traces in " + DIR);
        for (Path file : files) {
            EditingTrace t = EditingTrace.read(file);
            String name = file.getFileName().toString();
            long[] expected = EXPECTED.get(name);
            assertTrue(expected != null, "a trace the README does not list: " + name);
            assertEquals(expected[0] == 1, t.concurrent(), name);
            assertEquals(expected[1], t.txns().size(), name);
            assertEquals(expected[2], t.patchCount(), name);
            assertEquals(expected[3], t.endContent().codePointCount(0, t.endContent().length()), name);
            assertEquals(t.concurrent() ? 2 : 1, t.agents(), name);
        }
    }

    @Test
    void sequentialTracesSpliceToTheirEndContent() throws IOException {
        for (Path file : traces()) {
            EditingTrace t = EditingTrace.read(file);
            if (t.concurrent()) {
                continue;
            }
            TextBuffer text = new TextBuffer(t.startContent());
            for (EditingTrace.Txn txn : t.txns()) {
                for (EditingTrace.Patch p : txn.patches()) {
                    text.apply(TextOp.splice(text.length(), Math.toIntExact(p.pos()), Math.toIntExact(p.delete()),
                            p.insert()));
                }
            }
            assertEquals(t.endContent(), text.toString(), file.toString());
        }
    }

    @Test
    void inAConcurrentTraceEveryTxnIsTypedAfterAllOfItsAgentsEarlierTxns() throws IOException {
        for (Path file : traces()) {
            EditingTrace t = EditingTrace.read(file);
            if (!t.concurrent()) {
                continue;
            }
            int[][] after = t.versionsAfter();
            for (EditingTrace.Txn txn : t.txns()) {
                int[] before = t.versionBefore(txn, after);
                assertEquals(txn.agentIndex(), before[txn.agent()], () -> "txn " + txn);
            }
        }
    }

    @Test
    void aTraceWithoutTxnsIsRefused() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EditingTrace.parse(ProtocolClient.JSON.readTree("{\"endContent\":\"x\"}")));
        assertTrue(e.getMessage().contains("txns"));
    }
}
