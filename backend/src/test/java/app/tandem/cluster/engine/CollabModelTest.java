package app.tandem.cluster.engine;

import static app.tandem.cluster.engine.EngineCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.store.Database;
import app.tandem.store.StoredOp;
import app.tandem.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine on the real collab core: {@link CollabModel} adapting {@link ServerDoc}. */
class CollabModelTest {
    private static final UUID ANN = UUID.randomUUID();
    private static final String CARD = "{\"type\":\"create\",\"node\":\"c1\",\"nodeType\":\"card\",\"parent\":\"root\","
            + "\"list\":\"cards\",\"pos\":\"a\",\"fields\":{},\"texts\":{\"notes\":\"hello\"}}";

    private static String text(String node, String field, String ops) {
        return "{\"type\":\"text\",\"node\":\"" + node + "\",\"field\":\"" + field + "\",\"ops\":" + ops + "}";
    }

    @Test
    void concurrentTextEditsAreTransformedWithTheTieRule() {
        CollabModel model = new CollabModel();
        ServerDoc doc = model.empty();
        doc = model.submit(doc, 1, ANN, "a", 1, 0, CARD).state();
        // Both clients saw rev 1 ("hello") and insert at the end: the op sequenced first stays left.
        var first = model.submit(doc, 2, ANN, "a", 2, 1, text("c1", "notes", "[5,\" world\"]"));
        var second = model.submit(first.state(), 3, ANN, "b", 1, 1, text("c1", "notes", "[5,\"!\"]"));
        assertEquals("hello world!", BoardDoc.fromJson(model.docJson(second.state())).text("c1", "notes"));
        assertEquals(text("c1", "notes", "[11,\"!\"]"), second.opJson());
    }

    @Test
    void anEditOfANodeDeletedConcurrentlyBecomesANoopThatStillTakesARevision() {
        CollabModel model = new CollabModel();
        ServerDoc doc = model.submit(model.empty(), 1, ANN, "a", 1, 0, CARD).state();
        doc = model.submit(doc, 2, ANN, "a", 2, 1, "{\"type\":\"delete\",\"node\":\"c1\"}").state();
        var late = model.submit(doc, 3, ANN, "b", 1, 1, text("c1", "notes", "[5,\"!\"]"));
        assertEquals("{\"type\":\"noop\"}", late.opJson());
        assertTrue(!BoardDoc.fromJson(model.docJson(late.state())).has("c1"));

        // A replica replaying the same three ops ends with the same document.
        ServerDoc replica = model.empty();
        String[] sequenced = {CARD, "{\"type\":\"delete\",\"node\":\"c1\"}", late.opJson()};
        for (int i = 0; i < sequenced.length; i++) {
            replica = model.replay(replica, new StoredOp(UUID.randomUUID(), i + 1, "x", i + 1, ANN, sequenced[i],
                    Instant.now()));
        }
        assertEquals(model.docJson(late.state()), model.docJson(replica));
    }

    @Test
    void invalidOpsAreRejectedWithCodesAndChangeNothing() {
        CollabModel model = new CollabModel();
        ServerDoc doc = model.submit(model.empty(), 1, ANN, "a", 1, 0, CARD).state();
        String before = model.docJson(doc);
        ServerDoc at1 = doc;
        assertEquals(ErrorCode.INVALID_OP, assertThrows(TandemException.class,
                () -> model.submit(at1, 2, ANN, "a", 2, 1, text("nope", "notes", "[1]"))).code());
        assertEquals(ErrorCode.MALFORMED_JSON, assertThrows(TandemException.class,
                () -> model.submit(at1, 2, ANN, "a", 2, 1, "{not json")).code());
        assertEquals(ErrorCode.INVALID_OP, assertThrows(TandemException.class,
                () -> model.submit(at1, 2, ANN, "a", 2, 1, CARD)).code(), "create with an existing id");
        assertEquals(before, model.docJson(doc));
    }

    @Test
    void aSnapshotPlusReplayedTailIsTheSameDocument() {
        CollabModel model = new CollabModel();
        ServerDoc doc = model.empty();
        List<StoredOp> log = new ArrayList<>();
        String[] ops = {CARD, text("c1", "notes", "[5,\" there\"]"), "{\"type\":\"set\",\"node\":\"c1\",\"field\":\"done\",\"value\":true}",
                text("c1", "notes", "[-5,6]")};
        for (int i = 0; i < ops.length; i++) {
            var s = model.submit(doc, i + 1, ANN, "a", i + 1, i, ops[i]);
            doc = s.state();
            log.add(new StoredOp(UUID.randomUUID(), i + 1, "a", i + 1, ANN, s.opJson(), Instant.now()));
            if (i == 1) {
                String snap = model.snapshot(doc);
                ServerDoc restored = model.restore(snap, 2);
                assertEquals(model.docJson(doc), model.docJson(restored));
            }
        }
        ServerDoc rebuilt = model.restore(model.snapshot(model.replay(model.replay(model.empty(), log.get(0)), log.get(1))), 2);
        rebuilt = model.replay(model.replay(rebuilt, log.get(2)), log.get(3));
        assertEquals(model.docJson(doc), model.docJson(rebuilt));
        assertEquals(" there", BoardDoc.fromJson(model.docJson(rebuilt)).text("c1", "notes"));
    }

    @Test
    void twoMembersTypingIntoOneFieldConvergeThroughTheEngine() throws Exception {
        try (Database db = TestDatabase.fresh();
             EngineCluster cluster = new EngineCluster(db, 2,
                     EngineConfig.defaults().withSnapshotEvery(7, 3).withHeadCheckInterval(Duration.ofMillis(200)),
                     CollabModel::new)) {
            UUID board = UUID.randomUUID();
            long created = get(cluster.engine(0).submit(new SubmitRequest(board, cluster.editor, "setup", 1, 0,
                    "{\"type\":\"create\",\"node\":\"c1\",\"nodeType\":\"card\",\"parent\":\"root\",\"list\":\"cards\","
                            + "\"pos\":\"a\",\"fields\":{},\"texts\":{}}"))).rev();
            int perClient = 20;
            List<CompletableFuture<Void>> typists = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                int client = c;
                BoardEngine engine = cluster.engine(c);
                typists.add(CompletableFuture.runAsync(() -> {
                    long base = created;
                    // Each types one character at the start of the text as it saw it (length unknown: retain 0).
                    for (int s = 1; s <= perClient; s++) {
                        String ch = client == 0 ? "a" : "b";
                        String len = lengthAt(engine, board, base);
                        String op = len.equals("0") ? "[\"" + ch + "\"]" : "[\"" + ch + "\"," + len + "]";
                        Ack ack = get(engine.submit(new SubmitRequest(board, cluster.editor, "typist-" + client, s,
                                base, text("c1", "notes", op))));
                        base = ack.rev();
                    }
                }));
            }
            CompletableFuture.allOf(typists.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            BoardView v1 = get(cluster.engine(0).open(board));
            BoardView v2 = get(cluster.engine(1).open(board));
            assertEquals(1 + 2L * perClient, v1.rev());
            assertEquals(v1, v2);
            String notes = BoardDoc.fromJson(v1.docJson()).text("c1", "notes");
            assertEquals(2 * perClient, notes.length());
            assertEquals(perClient, notes.chars().filter(ch -> ch == 'a').count());
            assertTrue(notes.chars().allMatch(ch -> ch == 'a' || ch == 'b'));

            // A restart loads snapshot + tail through the core and carries on.
            cluster.restartEngines();
            assertEquals(v1, get(cluster.engine(1).open(board)));
        }
    }

    /** The text's length at revision {@code rev} as the client's own view would give it (read from the op log). */
    private static String lengthAt(BoardEngine engine, UUID board, long rev) {
        CollabModel model = new CollabModel();
        ServerDoc doc = model.empty();
        for (SequencedOp op : get(engine.opsSince(board, 0, (int) rev))) {
            doc = model.replay(doc, op.stored(board));
        }
        return String.valueOf(doc.doc().textLength("c1", "notes"));
    }
}
