package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.ClusterNode;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed collaboration engine of one node (contract 3). Every board has exactly one sequencer, on the
 * Hazelcast owner of the board's key; a submit on any node is routed there by an event-bus request to the owner's
 * sequencer address, and answered once the op is committed to the op log. Committed ops are published on
 * {@code board.<id>}; each node keeps one replica and one consumer per open board and feeds its local listeners
 * from it in strict revision order. See docs/decisions/0002-sequencing-and-durability.md.
 *
 * <p>Every method is non-blocking and safe from an event loop: JDBC and blocking Hazelcast calls run on virtual
 * threads. Failures complete the returned stages with a {@link TandemException}.
 */
public final class BoardEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoardEngine.class);
    /** Sequencing state per board (head, epoch), one synchronous backup. */
    public static final String SEQUENCER_MAP = "tandem-sequencers";
    /** The member attribute ClusterNode sets to the node's Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    private static final long SWEEP_MILLIS = 10_000;
    /** A sequencer without ops for this long is dropped (it reloads from snapshot + tail when needed again). */
    private static final long SEQUENCER_IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final String nodeId;
    private final OpLog opLog;
    private final EngineConfig config;
    private final IMap<String, SequencerRecord> records;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tandem-engine-", 0).factory());
    private final Function<UUID, Sequencer<?>> newSequencer;
    private final Function<UUID, Replica<?>> newReplica;
    private final BoardLoader<?> loader;
    private final Map<UUID, Sequencer<?>> sequencers = new ConcurrentHashMap<>();
    /** Open replicas; lifecycle decisions (create, close) hold this map's lock. */
    private final Map<UUID, Replica<?>> replicas = new HashMap<>();
    private final AtomicLong topologyGeneration = new AtomicLong();
    private final List<Runnable> cleanups = new ArrayList<>();
    private MessageConsumer<String> sequencerConsumer;
    private volatile boolean closed;
    /** Test hook: incoming published ops matching this are dropped, as a lossy event bus would. */
    volatile Predicate<SequencedOp> dropIncoming = op -> false;

    private <S> BoardEngine(ClusterNode node, OpLog opLog, SnapshotStore snapshots, BoardRoles roles,
                            DocumentModel<S> model, EngineConfig config) {
        this.vertx = node.vertx();
        this.hazelcast = node.hazelcast();
        this.nodeId = node.nodeId();
        this.opLog = Objects.requireNonNull(opLog);
        this.config = Objects.requireNonNull(config);
        Objects.requireNonNull(snapshots);
        Objects.requireNonNull(roles);
        Objects.requireNonNull(model);
        // Hazelcast's default is one synchronous backup already; stated here so it cannot drift.
        hazelcast.getConfig().addMapConfig(new MapConfig(SEQUENCER_MAP).setBackupCount(1).setAsyncBackupCount(0));
        this.records = hazelcast.getMap(SEQUENCER_MAP);
        BoardLoader<S> boardLoader = new BoardLoader<>(model, opLog, snapshots, config.minHistory());
        this.loader = boardLoader;
        Sequencer.Host host = new Sequencer.Host() {
            @Override
            public boolean ownsLocally(UUID boardId) {
                return BoardEngine.this.ownsLocally(boardId);
            }

            @Override
            public long topologyGeneration() {
                return topologyGeneration.get();
            }

            @Override
            public void publish(UUID boardId, List<SequencedOp> committed) {
                vertx.eventBus().publish(boardAddress(boardId), Wire.write(new Wire.Batch(boardId, committed)));
            }

            @Override
            public String nodeId() {
                return nodeId;
            }
        };
        this.newSequencer = boardId -> new Sequencer<>(boardId, model, boardLoader, opLog, snapshots, roles, records,
                config, executor, host);
        this.newReplica = boardId -> new Replica<>(boardId, model, boardLoader, opLog, executor, config.recentOps());
    }

    /**
     * Starts the engine on a running cluster node and waits until its sequencer address is registered
     * cluster-wide. The caller closes it before the node (see {@link #close}).
     */
    public static <S> BoardEngine start(ClusterNode node, OpLog opLog, SnapshotStore snapshots, BoardRoles roles,
                                        DocumentModel<S> model, EngineConfig config) {
        BoardEngine engine = new BoardEngine(node, opLog, snapshots, roles, model, config);
        engine.startListening();
        return engine;
    }

    public static String boardAddress(UUID boardId) {
        return "board." + boardId;
    }

    static String sequencerAddress(String nodeId) {
        return "tandem.sequencer." + nodeId;
    }

    private void startListening() {
        UUID membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                topologyGeneration.incrementAndGet();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                topologyGeneration.incrementAndGet();
            }
        });
        cleanups.add(() -> hazelcast.getCluster().removeMembershipListener(membership));
        UUID migrations = hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
                topologyGeneration.incrementAndGet();
            }

            @Override
            public void migrationFinished(MigrationState state) {
                topologyGeneration.incrementAndGet();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                topologyGeneration.incrementAndGet();
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                topologyGeneration.incrementAndGet();
            }
        });
        cleanups.add(() -> hazelcast.getPartitionService().removeMigrationListener(migrations));

        sequencerConsumer = vertx.eventBus().consumer(sequencerAddress(nodeId), this::onSubmitMessage);
        try {
            sequencerConsumer.completion().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The engine's sequencer address did not register: " + e, e);
        }
        long headCheck = vertx.setPeriodic(config.headCheckInterval().toMillis(), id -> checkHeads());
        long sweep = vertx.setPeriodic(SWEEP_MILLIS, id -> sweepSequencers());
        cleanups.add(() -> vertx.cancelTimer(headCheck));
        cleanups.add(() -> vertx.cancelTimer(sweep));
    }

    // ---- submit ----

    /**
     * Sequences one op (contract 3): the stage completes with its ack only once the op is committed to the op
     * log, or fails with FORBIDDEN, NOT_FOUND, INVALID_OP, STALE_REVISION, TEXT_TOO_LONG, BAD_REQUEST, ... and
     * nothing applied. A resend of the same (clientId, clientSeq) completes with the first ack, duplicate = true.
     * UNAVAILABLE: the op may or may not have been sequenced; resending it is always safe.
     */
    public CompletionStage<Ack> submit(SubmitRequest request) {
        try {
            request.validate();
        } catch (TandemException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Ack> result = new CompletableFuture<>();
        attempt(request, 1, result);
        return result;
    }

    private void attempt(SubmitRequest request, int attempt, CompletableFuture<Ack> result) {
        if (closed) {
            result.completeExceptionally(new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down."));
            return;
        }
        CompletionStage<Ack> stage;
        Member owner = owner(request.boardId());
        if (owner == null) {
            stage = CompletableFuture.failedFuture(new Retry("the board's partition has no owner right now"));
        } else if (owner.localMember()) {
            stage = sequencers.computeIfAbsent(request.boardId(), newSequencer).submit(request);
        } else {
            stage = sendToOwner(owner, request);
        }
        stage.whenComplete((ack, failure) -> {
            if (failure == null) {
                result.complete(ack);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof Retry && attempt < config.maxAttempts()) {
                long delay = 25L << (attempt - 1);
                vertx.setTimer(delay, id -> attempt(request, attempt + 1, result));
            } else if (cause instanceof Retry) {
                result.completeExceptionally(new TandemException(ErrorCode.UNAVAILABLE,
                        "The board is unavailable right now; try again (resending the same op is safe)."));
            } else {
                result.completeExceptionally(asTandem(cause));
            }
        });
    }

    private CompletionStage<Ack> sendToOwner(Member owner, SubmitRequest request) {
        String ownerNode = owner.getAttribute(NODE_ID_ATTRIBUTE);
        if (ownerNode == null) {
            return CompletableFuture.failedFuture(new Retry("the owner has no engine"));
        }
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.requestTimeout().toMillis());
        return vertx.eventBus().<String>request(sequencerAddress(ownerNode), Wire.write(request), options)
                .map(reply -> Wire.read(reply.body(), Ack.class))
                .recover(e -> io.vertx.core.Future.failedFuture(fromReply(e)))
                .toCompletionStage();
    }

    /** On the owner: a submit sent by another node. */
    private void onSubmitMessage(Message<String> message) {
        SubmitRequest request;
        try {
            request = Wire.read(message.body(), SubmitRequest.class);
            request.validate();
        } catch (RuntimeException e) {
            message.fail(Wire.CODE_BASE + ErrorCode.BAD_REQUEST.ordinal(), "Unreadable submit: " + e.getMessage());
            return;
        }
        if (closed) {
            message.fail(Wire.RETRY, "engine closed");
            return;
        }
        sequencers.computeIfAbsent(request.boardId(), newSequencer).submit(request).whenComplete((ack, failure) -> {
            if (failure == null) {
                message.reply(Wire.write(ack));
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof Retry) {
                message.fail(Wire.RETRY, cause.getMessage());
            } else {
                TandemException t = asTandem(cause);
                message.fail(Wire.CODE_BASE + t.code().ordinal(), t.getMessage());
            }
        });
    }

    private static Throwable fromReply(Throwable e) {
        if (e instanceof ReplyException r) {
            if (r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                int code = r.failureCode();
                if (code >= Wire.CODE_BASE && code < Wire.CODE_BASE + ErrorCode.values().length) {
                    return new TandemException(ErrorCode.values()[code - Wire.CODE_BASE], r.getMessage());
                }
                return new Retry(r.getMessage());
            }
            // NO_HANDLERS: the owner's engine is not (yet, any more) there. TIMEOUT: the op may have been
            // sequenced; resending is safe because the sequencer deduplicates.
            return new Retry(r.failureType() + ": " + r.getMessage());
        }
        return new Retry(String.valueOf(e));
    }

    private Member owner(UUID boardId) {
        Partition partition = hazelcast.getPartitionService().getPartition(boardId.toString());
        return partition.getOwner();
    }

    boolean ownsLocally(UUID boardId) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return false;
        }
        Member owner = owner(boardId);
        return owner != null && owner.localMember();
    }

    /**
     * Drops sequencers of boards this member no longer owns (their queued ops are retried at the new owner) and
     * sequencers idle for 10 minutes (memory; they reload from snapshot + tail on the next op).
     */
    private void sweepSequencers() {
        executor.execute(() -> sequencers.forEach((boardId, sequencer) -> {
            boolean gone = !ownsLocally(boardId) || sequencer.idleFor(SEQUENCER_IDLE_NANOS);
            if (gone && sequencers.remove(boardId, sequencer)) {
                sequencer.close();
            }
        }));
    }

    // ---- replicas ----

    /** This node's replica of the board, loaded (snapshot + tail) if it was not open: its revision and document. */
    public CompletionStage<BoardView> open(UUID boardId) {
        Objects.requireNonNull(boardId, "boardId");
        Replica<?> replica;
        synchronized (replicas) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down."));
            }
            replica = replicaFor(boardId);
            replica.hold();
        }
        return unwrapped(replica.ready.thenApply(ignored -> replica.view()).whenComplete((v, e) -> {
            replica.release();
            closeIfIdle(replica);
        }));
    }

    /**
     * Calls {@code listener} with every op of the board after {@code fromRevExclusive}, in order, in batches
     * (see {@link BoardListener}: it must not block). Typical use: {@code open} the board, then subscribe from the
     * view's revision. Closing the handle unsubscribes; the replica closes when its last listener has left (after
     * {@link EngineConfig#replicaLinger}).
     */
    public BoardSubscription subscribe(UUID boardId, long fromRevExclusive, BoardListener listener) {
        Objects.requireNonNull(boardId, "boardId");
        Objects.requireNonNull(listener, "listener");
        Replica<?> replica;
        Replica.Sub sub;
        synchronized (replicas) {
            if (closed) {
                throw new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down.");
            }
            replica = replicaFor(boardId);
            sub = replica.add(listener, Math.max(0, fromRevExclusive));
        }
        replica.ready.whenComplete((v, e) -> {
            if (e != null) {
                sub.ready.completeExceptionally(e);
            } else {
                replica.catchUp(sub);
            }
        });
        return new BoardSubscription() {
            @Override
            public CompletionStage<Void> ready() {
                return unwrapped(sub.ready);
            }

            @Override
            public void close() {
                replica.remove(sub);
                closeIfIdle(replica);
            }
        };
    }

    /** Committed ops of the board after {@code fromRevExclusive}, at most {@code limit}, from the op log. */
    public CompletionStage<List<SequencedOp>> opsSince(UUID boardId, long fromRevExclusive, int limit) {
        if (limit < 1 || fromRevExclusive < 0) {
            return CompletableFuture.failedFuture(new TandemException(ErrorCode.BAD_REQUEST,
                    "fromRev must be 0 or more and limit 1 or more."));
        }
        return unwrapped(onWorker(() -> opLog.range(boardId, fromRevExclusive, fromRevExclusive + limit).stream()
                .map(SequencedOp::of).toList()));
    }

    /** Called with {@link #replicas} held. */
    private Replica<?> replicaFor(UUID boardId) {
        Replica<?> existing = replicas.get(boardId);
        if (existing != null) {
            return existing;
        }
        Replica<?> replica = newReplica.apply(boardId);
        replicas.put(boardId, replica);
        replica.consumer = vertx.eventBus().consumer(boardAddress(boardId), message -> {
            List<SequencedOp> ops;
            try {
                ops = Wire.read(message.body(), Wire.Batch.class).ops();
            } catch (RuntimeException e) {
                LOG.warn("Dropped an unreadable batch on {}", boardAddress(boardId), e);
                return;
            }
            Predicate<SequencedOp> drop = dropIncoming;
            replica.receive(ops.stream().filter(op -> !drop.test(op)).toList());
        });
        replica.consumer.completion().onComplete(done -> {
            if (done.failed()) {
                failReplica(replica, done.cause());
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        replica.load();
                    } catch (RuntimeException e) {
                        LOG.warn("Loading board {} failed", boardId, e);
                        failReplica(replica, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                failReplica(replica, e);
            }
        });
        return replica;
    }

    private void failReplica(Replica<?> replica, Throwable cause) {
        synchronized (replicas) {
            replicas.remove(replica.boardId, replica);
        }
        replica.consumer.unregister();
        TandemException t = new TandemException(ErrorCode.UNAVAILABLE, "The board could not be loaded; try again.");
        t.initCause(cause);
        replica.ready.completeExceptionally(t);
    }

    private void closeIfIdle(Replica<?> replica) {
        long linger = config.replicaLinger().toMillis();
        if (linger <= 0 || closed) {
            closeNowIfIdle(replica);
        } else if (replica.idle()) {
            vertx.setTimer(linger, id -> closeNowIfIdle(replica));
        }
    }

    private void closeNowIfIdle(Replica<?> replica) {
        synchronized (replicas) {
            if (!replica.idle() || !replicas.remove(replica.boardId, replica)) {
                return;
            }
        }
        replica.consumer.unregister()
                .onFailure(e -> LOG.warn("Could not unregister {}", boardAddress(replica.boardId), e));
    }

    /** Asks Hazelcast for each open board's committed head: repairs a lost last op no later op would reveal. */
    private void checkHeads() {
        List<Replica<?>> open;
        synchronized (replicas) {
            open = List.copyOf(replicas.values());
        }
        for (Replica<?> replica : open) {
            if (!replica.loaded()) {
                continue;
            }
            records.getAsync(replica.boardId.toString()).thenAccept(rec -> {
                if (rec != null) {
                    replica.headIs(rec.head());
                }
            });
        }
    }

    // ---- for tests and diagnostics ----

    /** Local listeners of the board on this node (0 when no replica is open). */
    int localListeners(UUID boardId) {
        synchronized (replicas) {
            Replica<?> r = replicas.get(boardId);
            return r == null ? 0 : r.listeners();
        }
    }

    boolean replicaOpen(UUID boardId) {
        synchronized (replicas) {
            return replicas.containsKey(boardId);
        }
    }

    long gapFetches(UUID boardId) {
        synchronized (replicas) {
            Replica<?> r = replicas.get(boardId);
            return r == null ? 0 : r.fetches();
        }
    }

    BoardLoader.Loaded<?> lastLoad(UUID boardId) {
        return loader.lastLoad(boardId);
    }

    boolean sequencesLocally(UUID boardId) {
        return sequencers.containsKey(boardId);
    }

    /** Hazelcast's view of the board's sequencing state (null before its first op). */
    SequencerRecord sequencerRecord(UUID boardId) {
        return records.get(boardId.toString());
    }

    // ---- shutdown ----

    /**
     * Stops taking submits, refuses queued ones (their nodes retry at the next owner), lets appended ops finish
     * committing (the op log must still be open), and unregisters this node's consumers. Call before closing the
     * {@link ClusterNode} and the {@link OpLog}.
     */
    @Override
    public void close() {
        List<Replica<?>> open;
        synchronized (replicas) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(replicas.values());
            replicas.clear();
        }
        cleanups.forEach(c -> {
            try {
                c.run();
            } catch (RuntimeException e) {
                LOG.debug("cleanup failed", e);
            }
        });
        if (sequencerConsumer != null) {
            await(sequencerConsumer.unregister().toCompletionStage().toCompletableFuture());
        }
        sequencers.values().forEach(Sequencer::close);
        // Ops already appended finish: their commit (or failure) is answered before the op log closes.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sequencers.values().stream().anyMatch(s -> s.inFlight() > 0) && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sequencers.clear();
        open.forEach(r -> await(r.consumer.unregister().toCompletionStage().toCompletableFuture()));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Engine work still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("waiting at close: {}", e.toString());
        }
    }

    // ---- helpers ----

    private <T> CompletableFuture<T> onWorker(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down."));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static TandemException asTandem(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TandemException t) {
            return t;
        }
        LOG.error("Board engine operation failed", cause);
        TandemException t = new TandemException(ErrorCode.UNAVAILABLE, "The board is unavailable right now; try again.");
        t.initCause(cause);
        return t;
    }

    private static <T> CompletionStage<T> unwrapped(CompletableFuture<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(asTandem(failure));
            }
        });
        return result;
    }
}
