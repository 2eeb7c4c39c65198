package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Role;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.StoredOp;
import com.hazelcast.map.IMap;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sequencer of one board, living on the Hazelcast owner of the board's key. It owns the board's
 * authoritative document and nobody else mutates it. One op's journey, in {@link #process} order:
 * <ol>
 *   <li>role check (started on arrival, awaited in arrival order so a client's ops keep their order),</li>
 *   <li>ownership check (the partition may have moved: the caller retries at the new owner),</li>
 *   <li>load or reload (snapshot + tail) if this instance has no trustworthy state,</li>
 *   <li>dedup by (clientId, clientSeq): memory first, the op log's unique index when memory cannot tell,</li>
 *   <li>transform + apply in the {@link DocumentModel}, assign {@code head + 1},</li>
 *   <li>append to the op log (group commit) without waiting, so the next op is sequenced meanwhile,</li>
 *   <li>after commit, in revision order: ack, publish, snapshot every N, advance the head in Hazelcast.</li>
 * </ol>
 * The in-memory document runs ahead of the log by the ops in flight. If an append fails (another sequencer took
 * that revision, the database is down) the op log fails every later op of the board until {@link OpLog#resume};
 * the sequencer throws its state away, reloads it from the log and resumes, so it is never ahead of the log for
 * longer than the failed ops take to be refused. Those ops are answered with {@link Retry}: nothing was acked.
 *
 * <p>Threads: {@link #drain} runs on one virtual thread at a time (blocking JDBC and Hazelcast calls are fine
 * there, and never on a partition thread or an event loop); commit callbacks run on the op log's writer thread
 * and only hand over to {@link #publish}.
 */
final class Sequencer<S> {
    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    /** Acks remembered per client for resends; older resends are answered from the op log. */
    private static final int ACKS_KEPT_PER_CLIENT = 64;

    /** What the sequencer needs from its engine. */
    interface Host {
        boolean ownsLocally(UUID boardId);

        /** Changes whenever members or partitions move: the sequencer then re-checks it still holds its epoch. */
        long topologyGeneration();

        void publish(UUID boardId, List<SequencedOp> committed);

        String nodeId();
    }

    private record Pending(SubmitRequest request, CompletableFuture<Role> role, CompletableFuture<Ack> result) {
    }

    private record Committed(SequencedOp op, CompletableFuture<Ack> ack) {
    }

    /** What this sequencer knows of one client's ops. */
    private static final class ClientLog {
        /** Highest clientSeq of this client in the log (as read at first contact) or sequenced since. */
        long maxSeq;
        final LinkedHashMap<Long, CompletableFuture<Ack>> recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<Ack>> eldest) {
                return size() > ACKS_KEPT_PER_CLIENT;
            }
        };
    }

    private final UUID boardId;
    private final String key;
    private final DocumentModel<S> model;
    private final BoardLoader<S> loader;
    private final OpLog opLog;
    private final SnapshotStore snapshots;
    private final BoardRoles roles;
    private final IMap<String, SequencerRecord> records;
    private final EngineConfig config;
    private final Executor executor;
    private final Host host;

    // Guarded by this.
    private final ArrayDeque<Pending> inbox = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    // Only touched by the draining thread.
    private S state;
    private long head;
    private boolean loaded;
    private long loadedGeneration;
    private final Map<String, ClientLog> clients = new HashMap<>();

    /** The epoch this instance claimed when it loaded; read by the publisher. */
    private volatile long epoch;
    /** Set by the op log's writer thread when an append failed: reload before sequencing anything else. */
    private final AtomicLong failedRev = new AtomicLong();
    /** Set when Hazelcast says another sequencer claimed the board. */
    private volatile boolean fenced;
    /** Ops appended and not yet committed or failed, plus queued ones: an idle sequencer has none. */
    private final AtomicLong inFlight = new AtomicLong();
    private volatile long lastActivityNanos = System.nanoTime();

    // Guarded by published.
    private final ArrayDeque<Committed> published = new ArrayDeque<>();
    private boolean publishing;
    private long committedHead;
    private boolean advancing;
    private long advancedHead;

    Sequencer(UUID boardId, DocumentModel<S> model, BoardLoader<S> loader, OpLog opLog, SnapshotStore snapshots,
              BoardRoles roles, IMap<String, SequencerRecord> records, EngineConfig config, Executor executor,
              Host host) {
        this.boardId = boardId;
        this.key = boardId.toString();
        this.model = model;
        this.loader = loader;
        this.opLog = opLog;
        this.snapshots = snapshots;
        this.roles = roles;
        this.records = records;
        this.config = config;
        this.executor = executor;
        this.host = host;
    }

    /** Queues the op; the stage completes with its ack after commit, or fails (TandemException; Retry: try again). */
    CompletableFuture<Ack> submit(SubmitRequest request) {
        CompletableFuture<Ack> result = new CompletableFuture<>();
        lastActivityNanos = System.nanoTime();
        inFlight.incrementAndGet();
        result.whenComplete((a, e) -> inFlight.decrementAndGet());
        CompletableFuture<Role> role;
        try {
            role = CompletableFuture.supplyAsync(() -> roles.roleOn(request.accountId(), boardId), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new Retry("engine closed"));
            return result;
        }
        boolean start;
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new Retry("sequencer closed"));
                return result;
            }
            inbox.add(new Pending(request, role, result));
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                executor.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                close();
                synchronized (this) {
                    draining = false;
                }
            }
        }
        return result;
    }

    /** Refuses queued ops (they are retried elsewhere); ops already appended still complete. */
    void close() {
        List<Pending> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(inbox);
            inbox.clear();
        }
        dropped.forEach(p -> p.result.completeExceptionally(new Retry("sequencer closed")));
    }

    /** True when nothing is queued or in flight and no op arrived for {@code idleNanos}. */
    boolean idleFor(long idleNanos) {
        return inFlight.get() == 0 && System.nanoTime() - lastActivityNanos > idleNanos;
    }

    /** Ops submitted here whose answer is still pending. */
    long inFlight() {
        return inFlight.get();
    }

    /** Committed head as far as this instance knows (diagnostics). */
    long committedHead() {
        synchronized (published) {
            return committedHead;
        }
    }

    private void drain() {
        while (true) {
            Pending p;
            synchronized (this) {
                p = inbox.poll();
                if (p == null) {
                    draining = false;
                    return;
                }
            }
            try {
                process(p);
            } catch (TandemException e) {
                p.result.completeExceptionally(e);
            } catch (RuntimeException e) {
                // A bug in the model or a database failure while loading: the state cannot be trusted any more.
                LOG.error("Sequencing an op of board {} failed; reloading the board", boardId, e);
                loaded = false;
                TandemException t = new TandemException(ErrorCode.UNAVAILABLE,
                        "The board could not take this change right now; try again.");
                t.initCause(e);
                p.result.completeExceptionally(t);
            }
        }
    }

    private void process(Pending p) {
        SubmitRequest r = p.request;
        Role role = awaitRole(p.role);
        // Checked by the sequencer on every op, whatever the caller checked: the role may have changed since.
        if (!role.canEditBoards()) {
            throw new TandemException(ErrorCode.FORBIDDEN,
                    "As " + role.label().toLowerCase() + " you can read this board but not change it.");
        }
        if (!host.ownsLocally(boardId)) {
            loaded = false;
            throw new Retry("the board's sequencer moved");
        }
        ensureLoaded();

        // A resend (lost ack, reconnect) must return the first ack and change nothing.
        CompletableFuture<Ack> earlier = earlierAck(r);
        if (earlier != null) {
            earlier.whenComplete((ack, e) -> {
                if (e == null) {
                    p.result.complete(ack.asDuplicate());
                } else {
                    p.result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                }
            });
            return;
        }
        if (r.baseRev() > head) {
            throw new TandemException(ErrorCode.STALE_REVISION,
                    "baseRev " + r.baseRev() + " is ahead of the board (revision " + head + "); reload the board.");
        }
        long rev = head + 1;
        DocumentModel.Sequenced<S> s = model.submit(state, rev, r.accountId(), r.clientId(), r.clientSeq(),
                r.baseRev(), r.opJson());
        state = s.state();
        head = rev;
        ClientLog client = clients.get(r.clientId());
        client.maxSeq = Math.max(client.maxSeq, r.clientSeq());
        client.recent.put(r.clientSeq(), p.result);

        StoredOp op = new StoredOp(boardId, rev, r.clientId(), r.clientSeq(), r.accountId(), s.opJson(), Instant.now());
        // The document at exactly this revision; saved only once the op is committed.
        String snapshot = rev % config.snapshotEvery() == 0 ? model.snapshot(state) : null;
        opLog.append(op).whenComplete((ok, failure) -> {
            if (failure != null) {
                appendFailed(op, failure, p.result);
            } else {
                committed(op, snapshot, p.result);
            }
        });
    }

    private Role awaitRole(CompletableFuture<Role> role) {
        try {
            return role.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Loads on first use, after a failed append, after being fenced, or when a move may have left us stale. */
    private void ensureLoaded() {
        if (loaded && (failedRev.get() != 0 || fenced)) {
            loaded = false;
        }
        long generation = host.topologyGeneration();
        if (loaded && generation != loadedGeneration) {
            // Members or partitions moved since we loaded: if another sequencer held the board meanwhile, our
            // document may be behind the log. One Hazelcast read per topology change, not per op.
            SequencerRecord rec = records.get(key);
            if (rec == null || rec.epoch() != epoch) {
                loaded = false;
            } else {
                loadedGeneration = generation;
            }
        }
        if (loaded) {
            return;
        }
        long failed = failedRev.getAndSet(0);
        fenced = false;
        BoardLoader.Loaded<S> l = loader.load(boardId);
        SequencerRecord claimed = records.executeOnKey(key, new SequencerRecord.Claim(l.rev(), host.nodeId()));
        if (claimed.head() > l.rev()) {
            // Never reuse a revision that was acknowledged: wait until the log shows it (or an operator looks).
            LOG.warn("Board {}: the op log ends at {} but revision {} was acknowledged; not sequencing yet",
                    boardId, l.rev(), claimed.head());
            throw new Retry("the op log is behind the acknowledged head");
        }
        state = l.state();
        head = l.rev();
        epoch = claimed.epoch();
        loadedGeneration = generation;
        clients.clear();
        loaded = true;
        synchronized (published) {
            committedHead = Math.max(committedHead, head);
            advancedHead = Math.max(advancedHead, head);
        }
        if (failed != 0) {
            // Ops of this board appended before this call were built on the lost state and still fail; later ones
            // are built on the state just loaded.
            opLog.resume(boardId);
        }
        LOG.debug("Board {} loaded at rev {} (snapshot {}, {} tail ops), epoch {}", boardId, head, l.snapshotRev(),
                l.tailOps(), epoch);
    }

    private CompletableFuture<Ack> earlierAck(SubmitRequest r) {
        ClientLog client = clients.get(r.clientId());
        if (client == null) {
            client = new ClientLog();
            // First contact since load: what the log already holds of this client (resends after a restart).
            client.maxSeq = opLog.maxClientSeq(boardId, r.clientId());
            clients.put(r.clientId(), client);
        }
        if (r.clientSeq() > client.maxSeq) {
            return null;
        }
        CompletableFuture<Ack> recent = client.recent.get(r.clientSeq());
        if (recent != null) {
            return recent;
        }
        Optional<StoredOp> stored = opLog.findByClient(boardId, r.clientId(), r.clientSeq());
        // Not in the log although below the client's highest: the client skipped a number; sequence it normally.
        return stored.map(op -> CompletableFuture.completedFuture(new Ack(op.rev(), op.op(), true))).orElse(null);
    }

    /** Op log writer thread. */
    private void appendFailed(StoredOp op, Throwable failure, CompletableFuture<Ack> result) {
        failedRev.accumulateAndGet(op.rev(), Math::max);
        LOG.info("Board {} rev {} was not committed ({}); the sequencer reloads", boardId, op.rev(),
                failure.getMessage());
        Retry retry = new Retry("revision " + op.rev() + " was not committed");
        retry.initCause(failure);
        result.completeExceptionally(retry);
    }

    /** Op log writer thread: commits arrive in revision order; acks and fan-out keep that order. */
    private void committed(StoredOp op, String snapshot, CompletableFuture<Ack> ack) {
        if (snapshot != null) {
            runSoon(() -> {
                try {
                    snapshots.save(boardId, op.rev(), snapshot);
                } catch (RuntimeException e) {
                    // Loads then read a longer tail; nothing is lost.
                    LOG.warn("Snapshot of board {} at rev {} not saved", boardId, op.rev(), e);
                }
            });
        }
        boolean start;
        synchronized (published) {
            published.add(new Committed(SequencedOp.of(op), ack));
            committedHead = Math.max(committedHead, op.rev());
            start = !publishing;
            publishing = true;
        }
        if (start) {
            runSoon(this::publish);
        }
    }

    /** On a virtual thread; inline when the engine is shutting down, so committed ops are still acked. */
    private void runSoon(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    /** One task at a time per board: everything committed meanwhile is acked in order and published as one batch. */
    private void publish() {
        while (true) {
            List<Committed> batch;
            synchronized (published) {
                if (published.isEmpty()) {
                    publishing = false;
                    return;
                }
                batch = new ArrayList<>(published);
                published.clear();
            }
            List<SequencedOp> ops = new ArrayList<>(batch.size());
            for (Committed c : batch) {
                c.ack.complete(new Ack(c.op.rev(), c.op.opJson(), false));
                ops.add(c.op);
            }
            try {
                host.publish(boardId, ops);
            } catch (RuntimeException e) {
                // Replicas repair the gap from the op log.
                LOG.warn("Publishing ops of board {} failed", boardId, e);
            }
            advanceHead(ops.getLast().rev());
        }
    }

    /** Records the committed head in Hazelcast, one update in flight at a time (later heads coalesce). */
    private void advanceHead(long rev) {
        long epochNow = epoch;
        synchronized (published) {
            if (advancing || rev <= advancedHead) {
                return;
            }
            advancing = true;
        }
        records.submitToKey(key, new SequencerRecord.Advance(epochNow, rev)).whenComplete((stillOurs, e) -> {
            long next;
            synchronized (published) {
                advancing = false;
                if (e == null) {
                    advancedHead = Math.max(advancedHead, rev);
                }
                next = committedHead;
            }
            if (e != null) {
                LOG.debug("Could not record head {} of board {}: {}", rev, boardId, e.toString());
            } else if (!stillOurs) {
                LOG.info("Board {}: another sequencer took over (epoch {} is stale)", boardId, epochNow);
                fenced = true;
            } else if (next > rev) {
                advanceHead(next);
            }
        });
    }
}
