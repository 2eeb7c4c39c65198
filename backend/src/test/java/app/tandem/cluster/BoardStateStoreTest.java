package app.tandem.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.store.BoardStateStore;
import app.tandem.store.BoardStateStore.StoredBoard;
import app.tandem.store.Database;
import app.tandem.store.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The board_state table's contract, on H2 here and on PostgreSQL in {@link BoardStateStorePostgresTest}.
 * (Kept beside the cluster tests because the live board path is its only user.)
 */
class BoardStateStoreTest {
    private Database db;
    private BoardStateStore store;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        store = new BoardStateStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unknownBoardLoadsEmpty() {
        assertEquals(Optional.empty(), store.load(UUID.randomUUID()));
    }

    @Test
    void newerVersionsReplaceOlderOnesNeverTheOtherWayRound() {
        UUID board = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertTrue(store.save(board, 3, "{\"v\":3}"));
        assertTrue(store.save(other, 1, "{\"other\":1}"));
        assertEquals(Optional.of(new StoredBoard(3, "{\"v\":3}")), store.load(board));
        assertFalse(store.save(board, 2, "{\"v\":2}"), "older");
        assertFalse(store.save(board, 3, "{\"v\":\"3 again\"}"), "same version");
        assertEquals(Optional.of(new StoredBoard(3, "{\"v\":3}")), store.load(board));
        assertTrue(store.save(board, 7, "{\"v\":7}"));
        assertEquals(Optional.of(new StoredBoard(7, "{\"v\":7}")), store.load(board));
        assertEquals(Optional.of(new StoredBoard(1, "{\"other\":1}")), store.load(other));
    }

    @Test
    void concurrentSavesInAnyOrderKeepTheNewest() throws Exception {
        UUID board = UUID.randomUUID();
        List<Long> versions = new ArrayList<>(LongStream.rangeClosed(1, 60).boxed().toList());
        Collections.shuffle(versions, new java.util.Random(42));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> saves = new ArrayList<>();
            for (long v : versions) {
                saves.add(pool.submit(() -> store.save(board, v, "{\"v\":" + v + "}")));
            }
            for (Future<Boolean> f : saves) {
                f.get();
            }
        }
        assertEquals(Optional.of(new StoredBoard(60, "{\"v\":60}")), store.load(board));
    }

    @Test
    void largeStatesFit() {
        UUID board = UUID.randomUUID();
        String big = "{\"text\":\"" + "é".repeat(3_000_000) + "\"}";
        store.save(board, 1, big);
        assertEquals(big, store.load(board).orElseThrow().stateJson());
    }
}
