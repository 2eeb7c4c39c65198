package app.tandem.cluster.engine;

import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Role;
import app.tandem.cluster.ClusterNode;
import app.tandem.config.TandemConfig;
import app.tandem.store.Database;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Real Hazelcast members with clustered Vert.x in this JVM on loopback (free ports), each with its own op log
 * over one shared real database, as nodes share PostgreSQL in production; an engine per node on {@link TextModel}.
 */
final class EngineCluster implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    final UUID editor = UUID.randomUUID();
    final UUID partner = UUID.randomUUID();
    final UUID observer = UUID.randomUUID();
    final UUID stranger = UUID.randomUUID();
    final Map<UUID, Role> roles = new ConcurrentHashMap<>(Map.of(
            editor, Role.OWNER, partner, Role.PARTNER, observer, Role.OBSERVER));
    final BoardRoles access = (accountId, boardId) -> {
        Role role = roles.get(accountId);
        if (role == null) {
            throw new TandemException(ErrorCode.NOT_FOUND, "No such board.");
        }
        return role;
    };

    final Database db;
    final EngineConfig config;
    final List<TandemConfig> configs = new ArrayList<>();
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<OpLog> logs = new ArrayList<>();
    final List<BoardEngine> engines = new ArrayList<>();
    final SnapshotStore snapshots;

    private final java.util.function.Supplier<DocumentModel<?>> model;

    EngineCluster(Database db, int size, EngineConfig config) {
        this(db, size, config, TextModel::new);
    }

    EngineCluster(Database db, int size, EngineConfig config, java.util.function.Supplier<DocumentModel<?>> model) {
        this.db = db;
        this.config = config;
        this.model = model;
        this.snapshots = new SnapshotStore(db.dataSource());
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        for (int port : ports) {
            configs.add(new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa", "", port,
                    members, "127.0.0.1", false));
        }
        for (int i = 0; i < size; i++) {
            // One after the other: members started at the same instant may first form two clusters, then merge.
            nodes.add(ClusterNode.start(configs.get(i)));
        }
        awaitTrue(() -> nodes.stream().allMatch(n -> n.clusterSize() == size), () -> "a cluster of " + size);
        // Partitions are assigned on first use and then rebalanced: let that settle, so "the owner" stays put.
        nodes.getFirst().hazelcast().getPartitionService().getPartition("any").getOwner();
        awaitTrue(() -> nodes.stream().allMatch(n -> n.hazelcast().getPartitionService().isClusterSafe()),
                () -> "partitions settled");
        for (ClusterNode node : nodes) {
            startEngine(node);
        }
    }

    private void startEngine(ClusterNode node) {
        OpLog log = new OpLog(db.dataSource());
        logs.add(log);
        engines.add(BoardEngine.start(node, log, snapshots, access, model.get(), config));
    }

    BoardEngine engine(int i) {
        return engines.get(i);
    }

    OpLog log(int i) {
        return logs.get(i);
    }

    /** Closes every engine and op log and starts fresh ones on the same members (a rolling restart of the engine). */
    void restartEngines() {
        closeEngines();
        for (ClusterNode node : nodes) {
            startEngine(node);
        }
    }

    private void closeEngines() {
        engines.forEach(BoardEngine::close);
        logs.forEach(OpLog::close);
        engines.clear();
        logs.clear();
    }

    /** Shuts member i down as an operator would (engine, then node, then its op log). */
    void stopMember(int i) {
        engines.get(i).close();
        nodes.get(i).close();
        logs.get(i).close();
    }

    /** A board whose key the i-th member owns. */
    UUID boardOwnedBy(int i) {
        while (true) {
            UUID board = UUID.randomUUID();
            if (engines.get(i).ownsLocally(board)) {
                return board;
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.size(); i++) {
            try {
                if (i < engines.size()) {
                    engines.get(i).close();
                }
                nodes.get(i).close();
                if (i < logs.size()) {
                    logs.get(i).close();
                }
            } catch (RuntimeException e) {
                fail("close failed", e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
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

    /** A listener that keeps every op it was given and the size of each batch. */
    static final class Recorder implements BoardListener {
        final List<SequencedOp> ops = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();

        @Override
        public void onOps(UUID boardId, List<SequencedOp> batch) {
            ops.addAll(batch);
            batches.add(batch.size());
        }

        long lastRev() {
            return ops.isEmpty() ? 0 : ops.getLast().rev();
        }

        List<Long> revs() {
            return ops.stream().map(SequencedOp::rev).toList();
        }

        void awaitRev(long rev) {
            awaitTrue(() -> lastRev() >= rev, () -> "listener should reach rev " + rev + " but has " + revs());
        }
    }
}
