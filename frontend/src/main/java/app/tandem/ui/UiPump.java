package app.tandem.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries items from other threads (the event bus, Hazelcast callbacks) into one UI, coalesced: however many items
 * arrive before the UI gets its turn, they are handed over together in one {@code UI.access}, so a burst costs one
 * push round trip. Items keep their order.
 *
 * <p>The caller's thread is never blocked: it only appends to a queue and, at most once per burst, hands a task to
 * the executor. {@code UI.access} itself runs on that executor because it may run the rendering and the push
 * inline when the session happens to be unlocked.
 */
public final class UiPump<T> implements AutoCloseable {
    private final UI ui;
    private final Executor executor;
    private final Consumer<List<T>> sink;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    public UiPump(UI ui, Consumer<List<T>> sink) {
        this.ui = ui;
        this.executor = ui.getSession().getService().getExecutor();
        this.sink = sink;
    }

    /** Any thread. Queues the items and makes sure one UI turn is pending. */
    public void offer(List<? extends T> items) {
        if (closed || items.isEmpty()) {
            return;
        }
        queue.addAll(items);
        if (scheduled.compareAndSet(false, true)) {
            inUi(() -> {
                // Clear the flag before draining: an item that lands after this point schedules a new turn.
                scheduled.set(false);
                List<T> batch = new ArrayList<>();
                for (T item; (item = queue.poll()) != null; ) {
                    batch.add(item);
                }
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                }
            });
        }
    }

    /** Any thread. Runs {@code command} with the UI locked, unless the view has gone away. */
    public void inUi(Command command) {
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
            close(); // the service is shutting down; nothing left to show
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
