package app.tandem.ui.board;

import app.tandem.cluster.BoardSnapshot;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Carries board snapshots from other threads (the event bus, Hazelcast callbacks) into one UI, coalesced: however
 * many snapshots arrive before the UI gets its turn, it renders only the newest, in one {@code UI.access} and so
 * one push round trip. Newer means a higher {@link BoardSnapshot#version()}, so a late reply to this user's own
 * change never overwrites a newer remote change.
 *
 * <p>The caller's thread is never blocked: it only swaps an atomic reference and, at most once per burst, hands
 * a task to the executor. {@code UI.access} itself runs on that executor because it may run the rendering and
 * the push inline when the session happens to be unlocked.
 */
final class LiveFeed implements AutoCloseable {
    private final UI ui;
    private final Executor executor;
    private final Consumer<BoardSnapshot> render;
    private final AtomicReference<BoardSnapshot> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile AutoCloseable subscription;

    LiveFeed(UI ui, Executor executor, Consumer<BoardSnapshot> render) {
        this.ui = ui;
        this.executor = executor;
        this.render = render;
    }

    void subscribedAs(AutoCloseable subscription) {
        this.subscription = subscription;
        if (closed) {
            closeQuietly(subscription);
        }
    }

    /** Any thread. Keeps the snapshot if it is the newest seen and makes sure one render is pending. */
    void offer(BoardSnapshot snapshot) {
        if (closed || snapshot == null) {
            return;
        }
        latest.accumulateAndGet(snapshot, (cur, next) -> cur == null || next.version() > cur.version() ? next : cur);
        if (scheduled.compareAndSet(false, true)) {
            inUi(() -> {
                // Clear the flag before taking the snapshot: one that lands after this point schedules a new turn.
                scheduled.set(false);
                BoardSnapshot newest = latest.getAndSet(null);
                if (newest != null) {
                    render.accept(newest);
                }
            });
        }
    }

    /** Any thread. Runs {@code command} with the UI locked, unless the view has gone away. */
    void inUi(Command command) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    ui.access(() -> {
                        if (!closed) {
                            command.execute();
                        }
                    });
                } catch (UIDetachedException e) {
                    close();
                }
            });
        } catch (RejectedExecutionException e) {
            // The service is shutting down; nothing left to show.
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        AutoCloseable s = subscription;
        if (s != null) {
            closeQuietly(s);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Unsubscribing from a board that is already gone (node shutting down) is not a problem.
        }
    }
}
