package app.tandem.cluster.engine;

import static app.tandem.cluster.engine.EngineCluster.awaitTrue;
import static app.tandem.cluster.engine.EngineCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Role;
import app.tandem.store.Database;
import app.tandem.store.OpLog;
import app.tandem.store.StoredOp;
import app.tandem.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine on a real two-member cluster (Hazelcast + clustered Vert.x on loopback) with a real database.
 * Each test uses its own board; snapshots every 10 ops so loads are exercised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardEngineClusterTest {
    private Database db;
    private EngineCluster cluster;

    @BeforeAll
    void start() {
        db = TestDatabase.fresh();
        EngineConfig config = EngineConfig.defaults().withSnapshotEvery(10, 0)
                .withReplicaLinger(Duration.ZERO).withHeadCheckInterval(Duration.ofMillis(200));
        cluster = new EngineCluster(db, 2, config);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private SubmitRequest insert(UUID board, UUID author, String client, long seq, long baseRev, int at, String text) {
        return new SubmitRequest(board, author, client, seq, baseRev, TextModel.op(at, text));
    }

    @Test
    void opsSubmittedOnAnotherMemberAreSequencedOnceAckedAfterCommitAndReachBothMembersInOrder() {
        UUID board = cluster.boardOwnedBy(0);
        BoardEngine owner = cluster.engine(0);
        BoardEngine other = cluster.engine(1);
        EngineCluster.Recorder on1 = new EngineCluster.Recorder();
        EngineCluster.Recorder on2 = new EngineCluster.Recorder();
        get(owner.subscribe(board, 0, on1).ready());
        get(other.subscribe(board, 0, on2).ready());

        OpLog reader = cluster.log(1);
        long base = 0;
        for (int i = 1; i <= 20; i++) {
            // The check runs when the ack arrives, before anything else: the acked op must already be committed.
            Ack ack = get(other.submit(insert(board, cluster.partner, "c2", i, base, (int) base, "x"))
                    .thenApply(a -> {
                        List<StoredOp> row = reader.range(board, a.rev() - 1, a.rev());
                        assertEquals(1, row.size(), "acked rev " + a.rev() + " is in the op log");
                        assertEquals("c2", row.getFirst().clientId());
                        return a;
                    }));
            assertEquals(i, ack.rev());
            assertFalse(ack.duplicate());
            base = ack.rev();
        }
        assertTrue(owner.sequencesLocally(board), "the owner sequences");
        assertFalse(other.sequencesLocally(board), "the other member only forwards");
        assertEquals(20, reader.headRev(board));

        on1.awaitRev(20);
        on2.awaitRev(20);
        List<Long> expected = LongStream.rangeClosed(1, 20).boxed().toList();
        assertEquals(expected, on1.revs());
        assertEquals(expected, on2.revs());
        assertEquals("x".repeat(20), TextModel.text(get(owner.open(board)).docJson()));
        assertEquals(get(owner.open(board)), get(other.open(board)));
        assertEquals(20, owner.sequencerRecord(board).head(), "the committed head is recorded in Hazelcast");
    }

    @Test
    void concurrentSubmittersOnBothMembersConverge() throws Exception {
        UUID board = UUID.randomUUID();
        List<EngineCluster.Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            EngineCluster.Recorder r = new EngineCluster.Recorder();
            recorders.add(r);
            get(cluster.engine(i % 2).subscribe(board, 0, r).ready());
        }
        int clients = 4;
        int perClient = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            BoardEngine engine = cluster.engine(c % 2);
            results.add(pool.submit(() -> {
                List<Long> revs = new ArrayList<>();
                long base = 0;
                for (int s = 1; s <= perClient; s++) {
                    // Each client types at the start of what it last saw: concurrent inserts at the same spot.
                    Ack ack = get(engine.submit(insert(board, cluster.editor, "client-" + client, s, base, 0,
                            "<" + client + ":" + s + ">")));
                    revs.add(ack.rev());
                    base = ack.rev();
                }
                return revs;
            }));
        }
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> f : results) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        long total = (long) clients * perClient;
        assertEquals(LongStream.rangeClosed(1, total).boxed().collect(java.util.stream.Collectors.toSet()), all,
                "every op got its own revision");

        for (EngineCluster.Recorder r : recorders) {
            r.awaitRev(total);
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), r.revs(), "in order, no gap, no repeat");
        }
        BoardView v1 = get(cluster.engine(0).open(board));
        BoardView v2 = get(cluster.engine(1).open(board));
        assertEquals(total, v1.rev());
        assertEquals(v1, v2);
        String text = TextModel.text(v1.docJson());
        for (int c = 0; c < clients; c++) {
            for (int s = 1; s <= perClient; s++) {
                assertTrue(text.contains("<" + c + ":" + s + ">"), "lost " + c + ":" + s);
            }
        }
        // Replaying the op log from scratch gives the same document.
        TextModel model = new TextModel();
        TextModel.Doc doc = model.empty();
        for (StoredOp op : cluster.log(0).range(board, 0, total)) {
            doc = model.replay(doc, op);
        }
        assertEquals(text, doc.text.toString());
    }

    @Test
    void aResentOpIsAppliedOnceAlsoAfterTheEnginesRestart() {
        UUID board = cluster.boardOwnedBy(1);
        Ack first = get(cluster.engine(0).submit(insert(board, cluster.editor, "tab-1", 1, 0, 0, "hello")));
        assertEquals(new Ack(1, TextModel.op(0, "hello"), false), first);

        Ack again = get(cluster.engine(0).submit(insert(board, cluster.editor, "tab-1", 1, 0, 0, "hello")));
        assertEquals(new Ack(1, first.opJson(), true), again);
        Ack viaOwner = get(cluster.engine(1).submit(insert(board, cluster.editor, "tab-1", 1, 0, 0, "hello")));
        assertEquals(new Ack(1, first.opJson(), true), viaOwner);

        cluster.restartEngines();

        Ack afterRestart = get(cluster.engine(0).submit(insert(board, cluster.editor, "tab-1", 1, 0, 0, "hello")));
        assertEquals(new Ack(1, first.opJson(), true), afterRestart);
        assertEquals(1, cluster.log(0).headRev(board));
        Ack next = get(cluster.engine(1).submit(insert(board, cluster.editor, "tab-1", 2, 1, 5, "!")));
        assertEquals(2, next.rev());
        assertFalse(next.duplicate());
        assertEquals("hello!", TextModel.text(get(cluster.engine(0).open(board)).docJson()));
    }

    @Test
    void forbiddenAndInvalidOpsAreRejectedAndNothingIsApplied() {
        UUID board = UUID.randomUUID();
        get(cluster.engine(0).submit(insert(board, cluster.editor, "e", 1, 0, 0, "abc")));

        assertFails(ErrorCode.FORBIDDEN, cluster.engine(0).submit(insert(board, cluster.observer, "o", 1, 1, 0, "x")));
        assertFails(ErrorCode.FORBIDDEN, cluster.engine(1).submit(insert(board, cluster.observer, "o", 2, 1, 0, "x")));
        assertFails(ErrorCode.NOT_FOUND, cluster.engine(1).submit(insert(board, cluster.stranger, "s", 1, 1, 0, "x")));
        assertFails(ErrorCode.INVALID_OP, cluster.engine(0).submit(insert(board, cluster.editor, "e", 2, 1, 99, "x")));
        assertFails(ErrorCode.STALE_REVISION, cluster.engine(1).submit(insert(board, cluster.editor, "e", 3, 7, 0, "x")));
        assertFails(ErrorCode.BAD_REQUEST, cluster.engine(1).submit(insert(board, cluster.editor, "", 4, 0, 0, "x")));
        assertFails(ErrorCode.BAD_REQUEST, cluster.engine(1).submit(insert(board, cluster.editor, "e", 0, 0, 0, "x")));

        assertEquals(1, cluster.log(0).headRev(board));
        BoardView view = get(cluster.engine(1).open(board));
        assertEquals(1, view.rev());
        assertEquals("abc", TextModel.text(view.docJson()));

        // A role taken away takes effect on the next op.
        UUID demoted = UUID.randomUUID();
        cluster.roles.put(demoted, Role.PARTNER);
        get(cluster.engine(1).submit(insert(board, demoted, "d", 1, 1, 3, "d")));
        cluster.roles.put(demoted, Role.OBSERVER);
        assertFails(ErrorCode.FORBIDDEN, cluster.engine(1).submit(insert(board, demoted, "d", 2, 2, 4, "e")));
        assertEquals(2, cluster.log(0).headRev(board));
    }

    @Test
    void aDroppedOpIsFetchedFromTheLogAndTheListenerNeverSkips() {
        UUID board = cluster.boardOwnedBy(0);
        BoardEngine lossy = cluster.engine(1);
        EngineCluster.Recorder r = new EngineCluster.Recorder();
        get(lossy.subscribe(board, 0, r).ready());
        lossy.dropIncoming = op -> op.rev() == 3;
        try {
            for (int i = 1; i <= 5; i++) {
                get(cluster.engine(0).submit(insert(board, cluster.editor, "e", i, i - 1, 0, "" + i)));
            }
            r.awaitRev(5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), r.revs());
            assertTrue(lossy.gapFetches(board) >= 1, "the gap was repaired from the op log");

            // A lost last op is revealed by no later op: the head check against Hazelcast repairs it.
            lossy.dropIncoming = op -> op.rev() == 6;
            get(cluster.engine(0).submit(insert(board, cluster.editor, "e", 6, 5, 0, "6")));
            r.awaitRev(6);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), r.revs());
        } finally {
            lossy.dropIncoming = op -> false;
        }
        assertEquals(get(cluster.engine(0).open(board)), get(lossy.open(board)));
    }

    @Test
    void opsPublishedOutOfOrderAreAppliedInOrder() {
        UUID board = UUID.randomUUID();
        EngineCluster.Recorder r = new EngineCluster.Recorder();
        get(cluster.engine(1).subscribe(board, 0, r).ready());
        // Commit three ops directly, then publish them 3, 1, 2 as a misbehaving event bus might deliver them.
        OpLog log = cluster.log(0);
        List<SequencedOp> ops = new ArrayList<>();
        for (int rev = 1; rev <= 3; rev++) {
            StoredOp op = new StoredOp(board, rev, "direct", rev, cluster.editor, TextModel.op(0, "" + rev),
                    Instant.now());
            get(log.append(op));
            ops.add(SequencedOp.of(op));
        }
        var bus = cluster.nodes.get(0).vertx().eventBus();
        for (int i : new int[] {2, 0, 1}) {
            bus.publish(BoardEngine.boardAddress(board), Wire.write(new Wire.Batch(board, List.of(ops.get(i)))));
        }
        r.awaitRev(3);
        assertEquals(List.of(1L, 2L, 3L), r.revs());
        assertEquals("321", TextModel.text(get(cluster.engine(1).open(board)).docJson()));
    }

    @Test
    void aLoadReadsTheLatestSnapshotAndOnlyTheTail() {
        UUID board = UUID.randomUUID();
        for (int i = 1; i <= 25; i++) {
            get(cluster.engine(i % 2).submit(insert(board, cluster.editor, "e", i, i - 1, i - 1, "" + (char) ('a' + i))));
        }
        awaitTrue(() -> cluster.snapshots.latest(board).map(s -> s.rev() == 20).orElse(false),
                () -> "a snapshot at rev 20");
        String before = TextModel.text(get(cluster.engine(0).open(board)).docJson());

        cluster.restartEngines();
        long readBefore = cluster.log(1).opsRead();
        BoardView view = get(cluster.engine(1).open(board));
        assertEquals(25, view.rev());
        assertEquals(before, TextModel.text(view.docJson()));
        BoardLoader.Loaded<?> load = cluster.engine(1).lastLoad(board);
        assertEquals(20, load.snapshotRev());
        assertEquals(5, load.tailOps());
        assertEquals(5, cluster.log(1).opsRead() - readBefore, "only the tail was read from the op log");

        // The sequencer (re)builds the same way and carries on at the right revision.
        Ack next = get(cluster.engine(1).submit(insert(board, cluster.editor, "e", 26, 25, 0, "!")));
        assertEquals(26, next.rev());
    }

    @Test
    void aLostRaceForARevisionIsNeverAckedAndTheSequencerReloads() {
        UUID board = cluster.boardOwnedBy(0);
        get(cluster.engine(1).submit(insert(board, cluster.editor, "e", 1, 0, 0, "ab")));
        // Another sequencer (a split brain) committed rev 2 behind this one's back.
        get(cluster.log(1).append(new StoredOp(board, 2, "rogue", 1, cluster.partner, TextModel.op(1, "X"),
                Instant.now())));

        Ack ack = get(cluster.engine(1).submit(insert(board, cluster.editor, "e", 2, 1, 2, "c")));
        assertEquals(3, ack.rev(), "the op lost rev 2 to the other sequencer, reloaded, and got rev 3");
        List<StoredOp> log = cluster.log(0).range(board, 0, 10);
        assertEquals(List.of("e", "rogue", "e"), log.stream().map(StoredOp::clientId).toList());
        BoardView view = get(cluster.engine(1).open(board));
        assertEquals(3, view.rev());
        assertEquals("aXbc", TextModel.text(view.docJson()));
        assertEquals(view, get(cluster.engine(0).open(board)));
    }

    @Test
    void oneConsumerPerBoardPerNodeAndTheReplicaClosesWithItsLastListener() {
        UUID board = UUID.randomUUID();
        BoardEngine engine = cluster.engine(1);
        List<BoardSubscription> subs = new ArrayList<>();
        List<EngineCluster.Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EngineCluster.Recorder r = new EngineCluster.Recorder();
            recorders.add(r);
            subs.add(engine.subscribe(board, 0, r));
        }
        subs.forEach(s -> get(s.ready()));
        assertEquals(5, engine.localListeners(board));
        Ack ack = get(cluster.engine(0).submit(insert(board, cluster.editor, "e", 1, 0, 0, "a")));
        recorders.forEach(r -> r.awaitRev(ack.rev()));

        // A late subscriber from an old revision catches up first, then goes live.
        EngineCluster.Recorder late = new EngineCluster.Recorder();
        BoardSubscription lateSub = engine.subscribe(board, 0, late);
        get(lateSub.ready());
        assertEquals(List.of(1L), late.revs());
        lateSub.close();

        subs.subList(0, 4).forEach(BoardSubscription::close);
        assertTrue(engine.replicaOpen(board));
        subs.get(4).close();
        assertFalse(engine.replicaOpen(board), "the last listener closed the replica");
        assertEquals(0, engine.localListeners(board));
    }

    @Test
    void sequencingStateHasASynchronousBackup() {
        var config = cluster.nodes.get(0).hazelcast().getConfig().getMapConfig(BoardEngine.SEQUENCER_MAP);
        assertEquals(1, config.getBackupCount());
        assertEquals(0, config.getAsyncBackupCount());
    }

    private static void assertFails(ErrorCode code, CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(EngineCluster.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            fail("expected " + code + " but got " + value);
        } catch (ExecutionException e) {
            TandemException t = assertInstanceOf(TandemException.class, e.getCause());
            assertEquals(code, t.code(), t.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
