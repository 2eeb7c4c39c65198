package app.tandem.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.CardChange.AddCard;
import app.tandem.cluster.CardChange.DeleteCard;
import app.tandem.cluster.CardChange.EditCard;
import app.tandem.cluster.CardChange.MoveCard;
import app.tandem.config.TandemConfig;
import app.tandem.store.BoardStateStore;
import app.tandem.store.Database;
import app.tandem.store.TestDatabase;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real Hazelcast members, each with clustered Vert.x, in this JVM on loopback (free ports), sharing one real
 * database as nodes share PostgreSQL in production. Each test uses its own board. Who may do what comes from a
 * table standing in for WorkspaceService (BoardAccess is the seam production fills with WorkspaceService).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveBoardsClusterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final Account editor = new Account(UUID.randomUUID(), "ed@example.org", "Ed");
    private final Account partner = new Account(UUID.randomUUID(), "pat@example.org", "Pat");
    private final Account observer = new Account(UUID.randomUUID(), "obs@example.org", "Obs");
    private final Account stranger = new Account(UUID.randomUUID(), "who@example.org", "Who");
    private final Map<UUID, Role> roles = new ConcurrentHashMap<>(Map.of(
            editor.id(), Role.OWNER, partner.id(), Role.PARTNER, observer.id(), Role.OBSERVER));
    private final BoardAccess access = (actor, boardId) -> {
        Role role = roles.get(actor.id());
        if (role == null) {
            throw new TandemException(ErrorCode.NOT_FOUND, "No such board.");
        }
        return role;
    };

    private Database db;
    private TandemConfig config1;
    private TandemConfig config2;
    private ClusterNode node1;
    private ClusterNode node2;
    private HazelcastLiveBoards boards1;
    private HazelcastLiveBoards boards2;
    private UUID board;

    @BeforeAll
    void startCluster() throws IOException {
        db = TestDatabase.fresh();
        int port1 = freePort();
        int port2 = freePort();
        List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        config1 = config(port1, members);
        config2 = config(port2, members);
        startBoth();
    }

    @AfterAll
    void stopCluster() {
        stopBoth();
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void newBoard() {
        board = UUID.randomUUID();
    }

    @Test
    void aChangeOnOneMemberReachesSubscribersOnBothMembers() {
        Recorder on1 = new Recorder();
        Recorder on2 = new Recorder();
        ready(boards1.subscribe(board, on1));
        ready(boards2.subscribe(board, on2));

        BoardSnapshot first = get(boards1.apply(editor, board, new AddCard(Column.PLAN, "Observe a lesson", "")));
        assertEquals(1, first.version());
        assertEquals("Observe a lesson", first.cards().getFirst().title());
        awaitLast(on1, first);
        awaitLast(on2, first);

        BoardSnapshot second = get(boards2.apply(partner, board,
                new EditCard(first.cards().getFirst().id(), null, "Year 8 science")));
        assertEquals(2, second.version());
        awaitLast(on1, second);
        awaitLast(on2, second);
        assertEquals(second, get(boards1.load(observer, board)));
    }

    @Test
    void concurrentChangesFromBothMembersAllLandAndEveryoneEndsTheSame() {
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder(), new Recorder());
        ready(boards1.subscribe(board, recorders.get(0)));
        ready(boards1.subscribe(board, recorders.get(1)));
        ready(boards2.subscribe(board, recorders.get(2)));
        ready(boards2.subscribe(board, recorders.get(3)));

        int perMember = 25;
        List<CompletionStage<BoardSnapshot>> pending = new ArrayList<>();
        for (int i = 0; i < perMember; i++) {
            pending.add(boards1.apply(editor, board, new AddCard(Column.TRY, "one-" + i, "")));
            pending.add(boards2.apply(partner, board, new AddCard(Column.TRY, "two-" + i, "")));
        }
        Set<Long> versions = new HashSet<>();
        pending.forEach(p -> versions.add(get(p).version()));
        assertEquals(2 * perMember, versions.size(), "every change got its own version");

        BoardSnapshot last = get(boards2.load(editor, board));
        assertEquals(2 * perMember, last.version());
        assertEquals(2 * perMember, last.cards().size());
        Set<String> titles = new HashSet<>();
        last.cards().forEach(c -> titles.add(c.title()));
        for (int i = 0; i < perMember; i++) {
            assertTrue(titles.contains("one-" + i) && titles.contains("two-" + i), "lost card " + i);
        }
        for (Recorder r : recorders) {
            awaitLast(r, last);
            r.assertVersionsIncrease();
        }
        assertEquals(last, get(boards1.load(editor, board)));
    }

    @Test
    void aLateOlderSnapshotNeverReachesListeners() {
        Recorder on1 = new Recorder();
        Recorder on2 = new Recorder();
        ready(boards1.subscribe(board, on1));
        ready(boards2.subscribe(board, on2));
        BoardSnapshot v1 = get(boards1.apply(editor, board, new AddCard(Column.PLAN, "One", "")));
        BoardSnapshot v2 = get(boards1.apply(editor, board, new AddCard(Column.PLAN, "Two", "")));
        awaitLast(on1, v2);
        awaitLast(on2, v2);

        // As if v1 had been delayed on the way: it arrives before v3 (same sender), and must be dropped.
        node2.vertx().eventBus().publish(HazelcastLiveBoards.address(board), BoardJson.write(v1));
        BoardSnapshot v3 = get(boards2.apply(editor, board, new AddCard(Column.PLAN, "Three", "")));
        awaitLast(on1, v3);
        awaitLast(on2, v3);
        assertEquals(List.of(v1, v2, v3), on1.snapshots);
        assertEquals(List.of(v1, v2, v3), on2.snapshots);
    }

    @Test
    void observersAndStrangersChangeNothing() {
        BoardSnapshot before = get(boards1.apply(editor, board, new AddCard(Column.PLAN, "Plan", "")));
        String cardId = before.cards().getFirst().id();

        assertFails(ErrorCode.FORBIDDEN, boards1.apply(observer, board, new AddCard(Column.PLAN, "Nope", "")));
        assertFails(ErrorCode.FORBIDDEN, boards2.apply(observer, board, new DeleteCard(cardId)));
        assertFails(ErrorCode.NOT_FOUND, boards2.apply(stranger, board, new EditCard(cardId, "Mine", null)));
        assertFails(ErrorCode.NOT_FOUND, boards1.load(stranger, board));

        assertEquals(before, get(boards1.load(observer, board)), "observers read");
        assertEquals(before, get(boards2.load(editor, board)));
    }

    @Test
    void invalidChangesAreRejectedAndLeaveTheBoardAsItWas() {
        BoardSnapshot before = get(boards2.apply(editor, board, new AddCard(Column.REVIEW, "Review", "notes")));
        String cardId = before.cards().getFirst().id();

        assertFails(ErrorCode.VALIDATION_FAILED, boards1.apply(editor, board, new AddCard(Column.PLAN, "  ", "")));
        assertFails(ErrorCode.VALIDATION_FAILED,
                boards1.apply(editor, board, new AddCard(Column.PLAN, "t".repeat(201), "")));
        assertFails(ErrorCode.VALIDATION_FAILED,
                boards2.apply(editor, board, new EditCard(cardId, null, "x".repeat(10_001))));
        assertFails(ErrorCode.VALIDATION_FAILED, boards2.apply(editor, board, new MoveCard(cardId, null, 0)));
        // Unknown cards are only found out on the partition owner, inside the entry processor.
        assertFails(ErrorCode.NOT_FOUND, boards1.apply(editor, board, new EditCard("no-such-card", "t", null)));
        assertFails(ErrorCode.NOT_FOUND, boards2.apply(editor, board, new MoveCard("no-such-card", Column.TRY, 0)));
        assertFails(ErrorCode.NOT_FOUND, boards1.apply(editor, board, new DeleteCard("no-such-card")));

        assertEquals(before, get(boards1.load(editor, board)));
        assertEquals(before, get(boards2.load(editor, board)));
        assertEquals(before.version(), new BoardStateStore(db).load(board).orElseThrow().version());
    }

    @Test
    void aBoardNeverChangedLoadsEmptyAtVersionZero() {
        BoardSnapshot empty = get(boards2.load(observer, board));
        assertEquals(new BoardSnapshot(board, 0, List.of()), empty);
    }

    @Test
    void oneConsumerPerBoardPerNodeWhateverTheNumberOfListeners() {
        List<Recorder> recorders = new ArrayList<>();
        List<BoardSubscription> on1 = new ArrayList<>();
        List<BoardSubscription> on2 = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            on1.add(ready(boards1.subscribe(board, r)));
        }
        for (int i = 0; i < 3; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            on2.add(ready(boards2.subscribe(board, r)));
        }
        // The same listener twice is two subscriptions (closing one leaves the other).
        Recorder twice = new Recorder();
        BoardSubscription twiceA = ready(boards2.subscribe(board, twice));
        on2.add(ready(boards2.subscribe(board, twice)));
        twiceA.close();
        twiceA.close();

        assertEquals(Map.of(node1.nodeId(), 1, node2.nodeId(), 1), consumersByNode());
        assertEquals(6, boards1.localListeners(board));
        assertEquals(4, boards2.localListeners(board));

        BoardSnapshot added = get(boards1.apply(editor, board, new AddCard(Column.SHARE, "Share", "")));
        for (Recorder r : recorders) {
            awaitLast(r, added);
        }
        awaitLast(twice, added);
        assertEquals(1, twice.snapshots.size(), "one delivery per subscription, not per listener object");

        on1.subList(0, 5).forEach(BoardSubscription::close);
        assertEquals(1, boards1.localListeners(board));
        assertEquals(Map.of(node1.nodeId(), 1, node2.nodeId(), 1), consumersByNode());

        on1.get(5).close();
        assertEquals(0, boards1.localListeners(board));
        awaitTrue(() -> consumersByNode().equals(Map.of(node2.nodeId(), 1)), "node 1's consumer is unregistered");

        // Node 2 still hears changes; node 1's former listeners no longer do.
        BoardSnapshot next = get(boards1.apply(editor, board, new AddCard(Column.SHARE, "More", "")));
        awaitLast(recorders.get(6), next);
        assertEquals(added, recorders.getFirst().last());

        on2.forEach(BoardSubscription::close);
        awaitTrue(() -> consumersByNode().isEmpty(), "all consumers are unregistered");

        // Subscribing again after the last one left opens a fresh consumer that catches up to the current state.
        Recorder again = new Recorder();
        ready(boards1.subscribe(board, again));
        assertEquals(Map.of(node1.nodeId(), 1), consumersByNode());
        awaitLast(again, next);
    }

    @Test
    void boardsSurviveAFullRestartOfTheCluster() {
        BoardSnapshot s = get(boards1.apply(editor, board, new AddCard(Column.PLAN, "First", "a")));
        String first = s.cards().getFirst().id();
        get(boards2.apply(editor, board, new AddCard(Column.PLAN, "Second", "b")));
        get(boards1.apply(partner, board, new AddCard(Column.TRY, "Third", "c")));
        get(boards2.apply(partner, board, new MoveCard(first, Column.PLAN, 5)));
        s = get(boards1.apply(editor, board, new EditCard(first, "First, edited", null)));
        String third = s.cards().stream().filter(c -> c.title().equals("Third")).findFirst().orElseThrow().id();
        BoardSnapshot before = get(boards2.apply(editor, board, new DeleteCard(third)));
        assertEquals(6, before.version());

        stopBoth();
        startBoth();

        assertEquals(before, get(boards2.load(observer, board)));
        assertEquals(before, get(boards1.load(observer, board)));
        BoardSnapshot after = get(boards1.apply(editor, board, new AddCard(Column.SHARE, "After restart", "")));
        assertEquals(7, after.version());
        assertEquals(before.cards().size() + 1, after.cards().size());
    }

    // ---- cluster lifecycle ----

    private void startBoth() {
        // One after the other: members started at the same instant may first form two clusters, then merge.
        node1 = ClusterNode.start(config1);
        node2 = ClusterNode.start(config2);
        awaitTrue(() -> node1.clusterSize() == 2 && node2.clusterSize() == 2, "a cluster of two");
        BoardStateStore store = new BoardStateStore(db);
        boards1 = new HazelcastLiveBoards(node1, store, access);
        boards2 = new HazelcastLiveBoards(node2, store, access);
    }

    private void stopBoth() {
        for (AutoCloseable c : new AutoCloseable[] {boards1, boards2, node1, node2}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    fail("close failed", e);
                }
            }
        }
        boards1 = boards2 = null;
        node1 = node2 = null;
    }

    private static TandemConfig config(int clusterPort, List<String> members) {
        return new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa", "", clusterPort,
                members, "127.0.0.1", false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- helpers ----

    /** Consumers registered cluster-wide on the board's address, counted per node id. */
    private Map<String, Integer> consumersByNode() {
        List<RegistrationInfo> infos;
        try {
            infos = node1.registrations(HazelcastLiveBoards.address(board)).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        infos.forEach(i -> counts.merge(i.nodeId(), 1, Integer::sum));
        return counts;
    }

    private static BoardSubscription ready(BoardSubscription subscription) {
        get(subscription.ready());
        return subscription;
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    private static void assertFails(ErrorCode code, CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        try {
            Object value = f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            fail("expected " + code + " but got " + value);
        } catch (ExecutionException e) {
            TandemException t = assertInstanceOf(TandemException.class, e.getCause());
            assertEquals(code, t.code(), t.getMessage());
            assertNotEquals("", t.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLast(Recorder recorder, BoardSnapshot expected) {
        awaitTrue(() -> expected.equals(recorder.last()),
                () -> "listener should end at version " + expected.version() + " but has " + recorder.last());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, () -> what);
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A listener that keeps what it was given. */
    private static final class Recorder implements Consumer<BoardSnapshot> {
        final List<BoardSnapshot> snapshots = new CopyOnWriteArrayList<>();

        @Override
        public void accept(BoardSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        BoardSnapshot last() {
            return snapshots.isEmpty() ? null : snapshots.getLast();
        }

        void assertVersionsIncrease() {
            for (int i = 1; i < snapshots.size(); i++) {
                assertTrue(snapshots.get(i - 1).version() < snapshots.get(i).version(),
                        "versions go forward: " + snapshots.stream().map(BoardSnapshot::version).toList());
            }
        }
    }
}
