package app.tandem.cluster;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.store.BoardStateStore;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin live board path (a later issue replaces it with the sequenced OT engine). A board's state is one entry
 * of the Hazelcast map {@value ClusterNode#BOARD_MAP}; a change is an entry processor on the key's partition owner,
 * so changes to one board apply one at a time, cluster-wide, with a synchronous backup. The new state is then
 * written through to {@link BoardStateStore} and published as JSON on the event bus at {@code board.<id>}, where
 * each node has at most one consumer per board that feeds all of that node's listeners.
 *
 * <p>Nothing here blocks the caller: authorization and JDBC run on virtual threads, Hazelcast calls are async.
 * Failures complete the returned stage with a {@link TandemException} (the stage's cause, unwrapped).
 */
public final class HazelcastLiveBoards implements LiveBoards, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastLiveBoards.class);
    /** A board that vanishes from the map between loading and applying is reloaded at most this often. */
    private static final int MAX_LOAD_ATTEMPTS = 3;

    private final Vertx vertx;
    private final IMap<String, BoardState> boards;
    private final BoardStateStore store;
    private final BoardAccess access;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tandem-boards-", 0).factory());
    /** This node's fan-outs, one per board with local listeners. Guarded by itself. */
    private final Map<UUID, Fanout> fanouts = new HashMap<>();

    public HazelcastLiveBoards(ClusterNode node, BoardStateStore store, BoardAccess access) {
        this.vertx = node.vertx();
        this.boards = node.hazelcast().getMap(ClusterNode.BOARD_MAP);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
    }

    public static String address(UUID boardId) {
        return "board." + boardId;
    }

    @Override
    public CompletionStage<BoardSnapshot> load(Account actor, UUID boardId) {
        Objects.requireNonNull(boardId, "boardId");
        return unwrapped(onWorker(() -> access.roleOn(actor, boardId))
                .thenCompose(ignored -> current(boardId))
                .thenApply(state -> state.snapshot(boardId)));
    }

    @Override
    public CompletionStage<BoardSnapshot> apply(Account actor, UUID boardId, CardChange change) {
        Objects.requireNonNull(boardId, "boardId");
        ApplyChange op;
        try {
            op = ApplyChange.of(BoardState.validate(change), UUID.randomUUID().toString());
        } catch (TandemException e) {
            return CompletableFuture.failedFuture(e);
        }
        return unwrapped(onWorker(() -> requireEditor(actor, boardId))
                .thenCompose(ignored -> submit(boardId, op, 1))
                .thenApplyAsync(state -> persistAndPublish(boardId, state), blocking));
    }

    /**
     * Adds a listener. The first listener of a board on this node registers the node's event-bus consumer for it;
     * the last one to close unregisters it. Listeners see versions strictly increasing: a snapshot not newer than
     * the last one this node delivered is dropped. Once the consumer's registration has spread (see
     * {@link BoardSubscription#ready}) the node reads the board once and delivers it if newer, so a change made
     * while registering is not lost. Subscribe before {@link #load} and ignore a loaded snapshot older than one
     * already received, and a view misses nothing.
     */
    @Override
    public BoardSubscription subscribe(UUID boardId, Consumer<BoardSnapshot> listener) {
        Objects.requireNonNull(boardId, "boardId");
        Objects.requireNonNull(listener, "listener");
        Listener entry = new Listener(listener);
        Fanout fanout;
        synchronized (fanouts) {
            fanout = fanouts.computeIfAbsent(boardId, this::openFanout);
            fanout.listeners.add(entry);
        }
        return new BoardSubscription() {
            @Override
            public CompletionStage<Void> ready() {
                return fanout.ready.minimalCompletionStage();
            }

            @Override
            public void close() {
                unsubscribe(fanout, entry);
            }
        };
    }

    /** Local listeners of a board on this node (0 when it has no consumer). */
    int localListeners(UUID boardId) {
        synchronized (fanouts) {
            Fanout f = fanouts.get(boardId);
            return f == null ? 0 : f.listeners.size();
        }
    }

    /** Unregisters this node's consumers and stops the worker threads. Call before closing the {@link ClusterNode}. */
    @Override
    public void close() {
        List<Fanout> open;
        synchronized (fanouts) {
            open = List.copyOf(fanouts.values());
            fanouts.clear();
        }
        open.forEach(f -> f.consumer.unregister());
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Board work still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireEditor(Account actor, UUID boardId) {
        Role role = access.roleOn(actor, boardId);
        if (!role.canEditBoards()) {
            throw new TandemException(ErrorCode.FORBIDDEN,
                    "As " + role.label().toLowerCase() + " you can read this board but not change it.");
        }
    }

    /** The board's state from the map, loading it from the database into the map on a miss. */
    private CompletionStage<BoardState> current(UUID boardId) {
        return boards.getAsync(boardId.toString()).thenCompose(state -> state != null
                ? CompletableFuture.completedFuture(state)
                : CompletableFuture.supplyAsync(() -> loadIntoMap(boardId), blocking));
    }

    /** Runs on a virtual thread. Whichever node puts first wins; the others use its entry. */
    private BoardState loadIntoMap(UUID boardId) {
        BoardState stored = store.load(boardId)
                .map(s -> BoardState.of(BoardJson.read(s.stateJson())))
                .orElseGet(BoardState::empty);
        BoardState raced = boards.putIfAbsent(boardId.toString(), stored);
        return raced != null ? raced : stored;
    }

    private CompletionStage<BoardState> submit(UUID boardId, ApplyChange op, int attempt) {
        return boards.submitToKey(boardId.toString(), op).thenCompose(result -> {
            if (result instanceof BoardState state) {
                return CompletableFuture.completedFuture(state);
            }
            if (result instanceof ApplyChange.Rejection r) {
                return CompletableFuture.failedFuture(new TandemException(r.code(), r.message()));
            }
            if (attempt >= MAX_LOAD_ATTEMPTS) {
                return CompletableFuture.failedFuture(
                        new TandemException(ErrorCode.UNAVAILABLE, "The board could not be loaded; try again."));
            }
            return CompletableFuture.supplyAsync(() -> loadIntoMap(boardId), blocking)
                    .thenCompose(loaded -> submit(boardId, op, attempt + 1));
        });
    }

    /**
     * Runs on a virtual thread. The change is live in the cluster already, so listeners hear of it even when the
     * database write fails; the author is then told, and the next saved change stores the whole state anyway.
     */
    private BoardSnapshot persistAndPublish(UUID boardId, BoardState state) {
        BoardSnapshot snapshot = state.snapshot(boardId);
        String json = BoardJson.write(snapshot);
        RuntimeException saveFailure = null;
        try {
            store.save(boardId, state.version(), json);
        } catch (RuntimeException e) {
            LOG.error("Board {} version {} is live but was not saved", boardId, state.version(), e);
            saveFailure = e;
        }
        vertx.eventBus().publish(address(boardId), json);
        if (saveFailure != null) {
            TandemException t = new TandemException(ErrorCode.UNAVAILABLE,
                    "The change was made but could not be saved yet; it is saved with the next change.");
            t.initCause(saveFailure);
            throw t;
        }
        return snapshot;
    }

    /** Called with {@link #fanouts} held. */
    private Fanout openFanout(UUID boardId) {
        Fanout fanout = new Fanout(boardId);
        fanout.consumer = vertx.eventBus().<String>consumer(address(boardId), message -> {
            BoardSnapshot snapshot;
            try {
                snapshot = BoardJson.read(message.body());
            } catch (RuntimeException e) {
                LOG.warn("Dropped an unreadable snapshot on {}", address(boardId), e);
                return;
            }
            fanout.deliver(snapshot);
        });
        fanout.consumer.completion().onComplete(done -> {
            if (done.failed()) {
                fanout.ready.completeExceptionally(done.cause());
                return;
            }
            fanout.ready.complete(null);
            // A change published while the registration was spreading may have missed this node: catch up once.
            boards.getAsync(boardId.toString()).thenAccept(state -> {
                if (state != null) {
                    fanout.deliver(state.snapshot(boardId));
                }
            });
        });
        return fanout;
    }

    private void unsubscribe(Fanout fanout, Listener entry) {
        synchronized (fanouts) {
            if (!fanout.listeners.remove(entry) || !fanout.listeners.isEmpty()) {
                return;
            }
            if (fanouts.get(fanout.boardId) == fanout) {
                fanouts.remove(fanout.boardId);
            }
        }
        fanout.consumer.unregister().onFailure(e -> LOG.warn("Could not unregister {}", address(fanout.boardId), e));
    }

    /** Starts blocking work (authorization may query the database); after {@link #close} the stage just fails. */
    private CompletableFuture<Void> onWorker(Runnable work) {
        try {
            return CompletableFuture.runAsync(work, blocking);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down."));
        }
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

    private static TandemException asTandem(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TandemException t) {
            return t;
        }
        LOG.error("Live board operation failed", cause);
        TandemException t = new TandemException(ErrorCode.UNAVAILABLE, "The board is unavailable right now; try again.");
        t.initCause(cause);
        return t;
    }

    /** One subscription; compared by identity, so the same listener subscribed twice is two entries. */
    private static final class Listener {
        private final Consumer<BoardSnapshot> consumer;

        Listener(Consumer<BoardSnapshot> consumer) {
            this.consumer = consumer;
        }

        Consumer<BoardSnapshot> consumer() {
            return consumer;
        }
    }

    /** One board's consumer on this node and the listeners it feeds. */
    private static final class Fanout {
        final UUID boardId;
        final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        MessageConsumer<String> consumer;
        /** Guarded by this. */
        private long lastDelivered;

        Fanout(UUID boardId) {
            this.boardId = boardId;
        }

        /**
         * Snapshots arrive from the consumer and from the catch-up read, and from different publishers in any
         * order; the lock makes "newer than the last one" and the delivery one step, so versions only go forward.
         * Listeners only hand off (their contract), so holding the lock while calling them is short.
         */
        synchronized void deliver(BoardSnapshot snapshot) {
            if (snapshot.version() <= lastDelivered) {
                return;
            }
            lastDelivered = snapshot.version();
            for (Listener l : listeners) {
                try {
                    l.consumer().accept(snapshot);
                } catch (RuntimeException e) {
                    LOG.warn("A listener of board {} failed", boardId, e);
                }
            }
        }
    }
}
