package app.tandem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Op log contract: runs on H2 here and on PostgreSQL in {@link PostgresOpLogTest}. */
class OpLogTest {
    private Database db;
    private OpLog log;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        log = new OpLog(db.dataSource());
    }

    @AfterEach
    void close() {
        log.close();
        db.close();
    }

    private static StoredOp op(UUID board, long rev, String client, long seq) {
        return new StoredOp(board, rev, client, seq, UUID.randomUUID(), "[" + rev + ",\"x\"]", Instant.now());
    }

    @Test
    void committedOpsAreReadBackInRevisionOrder() throws Exception {
        UUID board = UUID.randomUUID();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int rev = 1; rev <= 200; rev++) {
            acks.add(log.append(op(board, rev, "c1", rev)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<StoredOp> all = log.range(board, 0, Long.MAX_VALUE);
        assertEquals(200, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).rev());
        }
        assertEquals(200, log.headRev(board));
        assertEquals(List.of(51L, 52L), log.range(board, 50, 52).stream().map(StoredOp::rev).toList());
    }

    @Test
    void manyOpsShareOneCommitUnderLoad() throws Exception {
        UUID board = UUID.randomUUID();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int rev = 1; rev <= 2_000; rev++) {
            acks.add(log.append(op(board, rev, "c1", rev)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(2_000, log.committedOps());
        assertTrue(log.commits() < 2_000, "group commit should batch ops, got " + log.commits() + " commits");
    }

    @Test
    void aTakenRevisionFailsThatBoardsLaterOpsButNotOtherBoards() throws Exception {
        UUID contested = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        log.append(op(contested, 1, "a", 1)).get(10, TimeUnit.SECONDS);

        // Another sequencer already wrote rev 1: this one's rev 1 and the rev 2 built on it must both fail.
        var dup = log.append(op(contested, 1, "b", 1));
        var next = log.append(op(contested, 2, "b", 2));
        var unrelated = log.append(op(other, 1, "c", 1));

        assertThrows(ExecutionException.class, () -> dup.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> next.get(10, TimeUnit.SECONDS));
        unrelated.get(10, TimeUnit.SECONDS);
        assertEquals(1, log.headRev(contested));
        assertEquals("a", log.range(contested, 0, 10).getFirst().clientId());
        assertEquals(1, log.headRev(other));

        // Still poisoned whichever batch a stale op lands in, until the sequencer resumes the board.
        var stale = log.append(op(contested, 3, "b", 3));
        assertThrows(ExecutionException.class, () -> stale.get(10, TimeUnit.SECONDS));
        log.resume(contested);
        log.append(op(contested, 2, "b", 2)).get(10, TimeUnit.SECONDS);
        assertEquals(2, log.headRev(contested));
    }

    @Test
    void aResentClientOpIsFoundAndCannotBeWrittenTwice() throws Exception {
        UUID board = UUID.randomUUID();
        log.append(op(board, 1, "client-7", 42)).get(10, TimeUnit.SECONDS);
        assertEquals(1, log.findByClient(board, "client-7", 42).orElseThrow().rev());
        assertTrue(log.findByClient(board, "client-7", 43).isEmpty());

        var again = log.append(op(board, 2, "client-7", 42));
        assertThrows(ExecutionException.class, () -> again.get(10, TimeUnit.SECONDS));
        assertEquals(1, log.headRev(board));
    }

    @Test
    void theHighestSequenceOfAClientAndTheRowsReadAreKnown() throws Exception {
        UUID board = UUID.randomUUID();
        assertEquals(0, log.maxClientSeq(board, "tab"));
        log.append(op(board, 1, "tab", 3)).get(10, TimeUnit.SECONDS);
        log.append(op(board, 2, "other", 9)).get(10, TimeUnit.SECONDS);
        log.append(op(board, 3, "tab", 7)).get(10, TimeUnit.SECONDS);
        assertEquals(7, log.maxClientSeq(board, "tab"));
        assertEquals(0, log.maxClientSeq(UUID.randomUUID(), "tab"));

        long before = log.opsRead();
        log.range(board, 1, 3);
        log.findByClient(board, "tab", 3);
        assertEquals(3, log.opsRead() - before, "two rows from the range, one from the lookup");
    }

    @Test
    void closeWritesWhatIsQueued() throws Exception {
        UUID board = UUID.randomUUID();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int rev = 1; rev <= 100; rev++) {
            acks.add(log.append(op(board, rev, "c", rev)));
        }
        log.close();
        for (var ack : acks) {
            assertTrue(ack.isDone() && !ack.isCompletedExceptionally());
        }
        assertEquals(100, new OpLog(db.dataSource()).headRev(board));
    }

    @Test
    void snapshotsReturnTheNewestAtOrBelowARevision() {
        SnapshotStore snapshots = new SnapshotStore(db.dataSource());
        UUID board = UUID.randomUUID();
        assertTrue(snapshots.latest(board).isEmpty());
        snapshots.save(board, 100, "{\"v\":100}");
        snapshots.save(board, 200, "{\"v\":200}");
        snapshots.save(board, 200, "{\"v\":\"ignored\"}");
        assertEquals(200, snapshots.latest(board).orElseThrow().rev());
        assertEquals("{\"v\":200}", snapshots.latest(board).orElseThrow().doc());
        assertEquals(100, snapshots.latest(board, 150).orElseThrow().rev());
    }
}
