package app.tandem.cluster.engine;

import static app.tandem.cluster.engine.EngineCluster.awaitTrue;
import static app.tandem.cluster.engine.EngineCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.store.Database;
import app.tandem.store.StoredOp;
import app.tandem.store.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A board's sequencer moves to the survivor when its member leaves or dies, and no acknowledged op is lost. */
class SequencerFailoverTest {
    private static final int TOTAL = 40;
    private Database db;
    private EngineCluster cluster;

    @BeforeEach
    void start() {
        db = TestDatabase.fresh();
        cluster = new EngineCluster(db, 2, EngineConfig.defaults().withSnapshotEvery(5, 0)
                .withHeadCheckInterval(Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        cluster.close();
        db.close();
    }

    @Test
    void aGracefulShutdownMovesSequencingToTheSurvivorWithoutLosingAckedOps() {
        UUID board = cluster.boardOwnedBy(0);
        BoardEngine survivor = cluster.engine(1);
        EngineCluster.Recorder r = new EngineCluster.Recorder();
        get(survivor.subscribe(board, 0, r).ready());
        for (int i = 1; i <= 12; i++) {
            assertEquals(i, get(survivor.submit(op(board, i, i - 1))).rev());
        }
        assertTrue(cluster.engine(0).sequencesLocally(board));

        cluster.stopMember(0);
        awaitTrue(() -> cluster.nodes.get(1).clusterSize() == 1, () -> "the survivor is alone");
        // The sequencing state came over with its backup: the survivor knows the head without the database.
        assertEquals(12, survivor.sequencerRecord(board).head());

        for (int i = 13; i <= 20; i++) {
            assertEquals(i, get(survivor.submit(op(board, i, i - 1))).rev());
        }
        assertTrue(survivor.sequencesLocally(board));
        assertContiguous(board, 20);
        r.awaitRev(20);
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), r.revs());
        assertEquals("x".repeat(20), TextModel.text(get(survivor.open(board)).docJson()));
    }

    @Test
    void aCrashedOwnerLosesNoAcknowledgedOpAndResentOpsLandOnce() throws Exception {
        UUID board = cluster.boardOwnedBy(0);
        BoardEngine survivor = cluster.engine(1);
        java.util.concurrent.CountDownLatch crashed = new java.util.concurrent.CountDownLatch(1);
        Map<Long, Long> ackedRevBySeq = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<Void> typing = CompletableFuture.runAsync(() -> {
            long base = 0;
            for (long seq = 1; seq <= TOTAL; seq++) {
                if (seq == 11) {
                    await(crashed);
                }
                while (true) {
                    try {
                        Ack ack = survivor.submit(op(board, seq, base)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                        ackedRevBySeq.put(seq, ack.rev());
                        base = ack.rev();
                        break;
                    } catch (ExecutionException e) {
                        // UNAVAILABLE while the board moves: resend the same op (same clientSeq), as clients do.
                        if (!(e.getCause() instanceof TandemException t) || t.code() != ErrorCode.UNAVAILABLE) {
                            throw new AssertionError(e);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });
        awaitTrue(() -> ackedRevBySeq.size() >= 10, () -> "typing has started");
        // A crash: the member vanishes without handing its partitions over; the backup is promoted.
        cluster.nodes.get(0).hazelcast().getLifecycleService().terminate();
        int ackedAtCrash = ackedRevBySeq.size();
        crashed.countDown();
        typing.get(120, TimeUnit.SECONDS);

        assertEquals(10, ackedAtCrash, "the crash happened while typing");
        assertEquals(TOTAL, ackedRevBySeq.size());
        assertContiguous(board, TOTAL);
        List<StoredOp> log = cluster.log(1).range(board, 0, 100);
        for (StoredOp op : log) {
            assertEquals(ackedRevBySeq.get(op.clientSeq()), op.rev(), "the acked rev of seq " + op.clientSeq());
        }
        assertEquals(TOTAL, TextModel.text(get(survivor.open(board)).docJson()).length());
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private SubmitRequest op(UUID board, long seq, long baseRev) {
        return new SubmitRequest(board, cluster.editor, "typist", seq, baseRev, TextModel.op(0, "x"));
    }

    private void assertContiguous(UUID board, long head) {
        List<StoredOp> log = cluster.log(1).range(board, 0, Long.MAX_VALUE);
        assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), log.stream().map(StoredOp::rev).toList());
        List<Long> seqs = new ArrayList<>(log.stream().map(StoredOp::clientSeq).toList());
        assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), seqs, "each client op exactly once, in order");
    }
}
