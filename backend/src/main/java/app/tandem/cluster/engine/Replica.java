package app.tandem.cluster.engine;

import app.tandem.store.OpLog;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of one open board, fed by the node's one event-bus consumer for the board. It applies ops
 * strictly in revision order: an op ahead of the next expected revision waits in {@link #ahead} while the missing
 * range is fetched from the op log (the event bus is best-effort; a replica never skips). Listeners subscribe
 * from a revision and get every later op exactly once, in order, in batches.
 *
 * <p>All state is guarded by {@code this}; listeners are called with it held (they must not block), which is
 * what keeps deliveries from the event loop and from the fetch thread in one order.
 */
final class Replica<S> {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    /** One subscription. {@code lastRev}: the highest revision it has been given. */
    static final class Sub {
        final BoardListener listener;
        long lastRev;
        boolean live;
        boolean closed;
        final CompletableFuture<Void> ready = new CompletableFuture<>();

        Sub(BoardListener listener, long fromRevExclusive) {
            this.listener = listener;
            this.lastRev = fromRevExclusive;
        }
    }

    final UUID boardId;
    private final DocumentModel<S> model;
    private final BoardLoader<S> loader;
    private final OpLog opLog;
    private final Executor executor;
    private final int recentMax;

    private S state;
    private long rev;
    private boolean loaded;
    private final TreeMap<Long, SequencedOp> ahead = new TreeMap<>();
    private final ArrayDeque<SequencedOp> recent = new ArrayDeque<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private boolean fetching;
    private int holds;
    private long fetches;
    MessageConsumer<String> consumer;
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    Replica(UUID boardId, DocumentModel<S> model, BoardLoader<S> loader, OpLog opLog, Executor executor,
            int recentMax) {
        this.boardId = boardId;
        this.model = model;
        this.loader = loader;
        this.opLog = opLog;
        this.executor = executor;
        this.recentMax = recentMax;
    }

    /**
     * Runs on a virtual thread once the consumer's registration has spread: every op committed after the load's
     * read is published after it, so it reaches the consumer; ops that arrived meanwhile wait in {@link #ahead}.
     */
    void load() {
        BoardLoader.Loaded<S> l = loader.load(boardId);
        synchronized (this) {
            state = l.state();
            rev = l.rev();
            loaded = true;
            advance();
        }
        ready.complete(null);
    }

    /** Ops from the event bus or from a fetch, in any order, possibly repeated. */
    synchronized void receive(List<SequencedOp> ops) {
        for (SequencedOp op : ops) {
            if (op.rev() > rev) {
                ahead.putIfAbsent(op.rev(), op);
            }
        }
        if (loaded) {
            advance();
        }
    }

    /** The sequencer says it committed up to {@code head}: fetch what we have not seen (a lost last op). */
    synchronized void headIs(long head) {
        if (loaded && head > rev) {
            fetch(rev, head);
        }
    }

    synchronized BoardView view() {
        return new BoardView(boardId, rev, model.docJson(state));
    }

    synchronized long rev() {
        return rev;
    }

    synchronized boolean loaded() {
        return loaded;
    }

    /** Gap fetches started so far (tests). */
    synchronized long fetches() {
        return fetches;
    }

    synchronized void hold() {
        holds++;
    }

    synchronized void release() {
        holds--;
    }

    synchronized boolean idle() {
        return holds == 0 && subs.isEmpty();
    }

    synchronized int listeners() {
        return subs.size();
    }

    synchronized Sub add(BoardListener listener, long fromRevExclusive) {
        Sub sub = new Sub(listener, fromRevExclusive);
        subs.add(sub);
        return sub;
    }

    synchronized void remove(Sub sub) {
        sub.closed = true;
        subs.remove(sub);
    }

    /**
     * Brings a new subscription up to the replica's revision: from the recent ops when they reach back far
     * enough, else from the op log (on a virtual thread), then it goes live and gets every op as it is applied.
     */
    synchronized void catchUp(Sub sub) {
        if (sub.closed) {
            return;
        }
        if (sub.lastRev >= rev) {
            goLive(sub);
            return;
        }
        if (!recent.isEmpty() && recent.peekFirst().rev() <= sub.lastRev + 1) {
            List<SequencedOp> missed = new ArrayList<>();
            for (SequencedOp op : recent) {
                if (op.rev() > sub.lastRev) {
                    missed.add(op);
                }
            }
            deliver(sub, missed);
            goLive(sub);
            return;
        }
        long from = sub.lastRev;
        long to = rev;
        executor.execute(() -> {
            try {
                List<SequencedOp> ops = opLog.range(boardId, from, to).stream().map(SequencedOp::of).toList();
                synchronized (this) {
                    deliver(sub, ops);
                }
                catchUp(sub);
            } catch (RuntimeException e) {
                LOG.warn("Catching up a listener of board {} failed", boardId, e);
                sub.ready.completeExceptionally(e);
            }
        });
    }

    private void goLive(Sub sub) {
        sub.live = true;
        sub.ready.complete(null);
    }

    /** Applies every op that is next in line, delivers them as one batch, and asks for what is missing. */
    private void advance() {
        while (!ahead.isEmpty() && ahead.firstKey() <= rev) {
            ahead.pollFirstEntry();
        }
        List<SequencedOp> applied = new ArrayList<>();
        SequencedOp next;
        while ((next = ahead.remove(rev + 1)) != null) {
            state = model.replay(state, next.stored(boardId));
            rev = next.rev();
            applied.add(next);
            if (recentMax > 0) {
                recent.addLast(next);
                if (recent.size() > recentMax) {
                    recent.pollFirst();
                }
            }
        }
        if (!applied.isEmpty()) {
            for (Sub sub : subs) {
                if (sub.live) {
                    deliver(sub, applied);
                }
            }
        }
        if (!ahead.isEmpty()) {
            fetch(rev, ahead.firstKey() - 1);
        }
    }

    /** One fetch at a time; what it brings goes through {@link #receive} like anything else. */
    private void fetch(long fromExclusive, long toInclusive) {
        if (fetching) {
            return;
        }
        fetching = true;
        fetches++;
        executor.execute(() -> {
            List<SequencedOp> ops = List.of();
            try {
                ops = opLog.range(boardId, fromExclusive, toInclusive).stream().map(SequencedOp::of).toList();
            } catch (RuntimeException e) {
                LOG.warn("Fetching ops {}..{} of board {} failed; the next op or head check retries", fromExclusive + 1,
                        toInclusive, boardId, e);
            } finally {
                synchronized (this) {
                    fetching = false;
                }
            }
            receive(ops);
        });
    }

    private void deliver(Sub sub, List<SequencedOp> ops) {
        List<SequencedOp> fresh = ops;
        if (!ops.isEmpty() && ops.getFirst().rev() <= sub.lastRev) {
            fresh = ops.stream().filter(op -> op.rev() > sub.lastRev).toList();
        }
        if (fresh.isEmpty() || sub.closed) {
            return;
        }
        sub.lastRev = fresh.getLast().rev();
        try {
            sub.listener.onOps(boardId, fresh);
        } catch (RuntimeException e) {
            LOG.warn("A listener of board {} failed", boardId, e);
        }
    }

}
