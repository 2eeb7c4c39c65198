package app.tandem.ui.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.cluster.BoardSnapshot;
import com.vaadin.browserless.BrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.browserless.internal.MockVaadin;
import com.vaadin.flow.component.UI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off from event-bus threads to a UI. While the UI is busy (here: the test thread holds its session
 * lock, as a request in progress would), snapshots pile up; the UI then renders once, the newest.
 */
@ViewPackages(packages = "app.tandem.ui.board.none")
class LiveFeedTest extends BrowserlessTest {
    private final UUID board = UUID.randomUUID();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Long> rendered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BoardSnapshot version(long v) {
        return new BoardSnapshot(board, v, List.of());
    }

    private void awaitTasksQueued() throws InterruptedException {
        // The executor hands the access to the UI asynchronously; give those hand-offs time to reach the queue.
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aBurstOfSnapshotsIsRenderedOnceAsTheNewest() throws Exception {
        LiveFeed feed = new LiveFeed(UI.getCurrent(), executor, s -> rendered.add(s.version()));

        Thread bus = Thread.ofPlatform().start(() -> {
            for (long v = 1; v <= 200; v++) {
                feed.offer(version(v));
            }
        });
        bus.join(10_000);
        awaitTasksQueued();
        MockVaadin.clientRoundtrip();

        assertEquals(List.of(200L), rendered);
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotWinOverANewerOne() throws Exception {
        LiveFeed feed = new LiveFeed(UI.getCurrent(), executor, s -> rendered.add(s.version()));

        feed.offer(version(7));
        feed.offer(version(5)); // e.g. the reply to my own change, overtaken by someone else's
        awaitTasksQueued();
        MockVaadin.clientRoundtrip();

        assertEquals(List.of(7L), rendered);
    }

    @Test
    void afterCloseNothingIsRenderedAndTheSubscriptionIsClosed() throws Exception {
        LiveFeed feed = new LiveFeed(UI.getCurrent(), executor, s -> rendered.add(s.version()));
        boolean[] unsubscribed = {false};
        feed.subscribedAs(() -> unsubscribed[0] = true);

        feed.offer(version(1));
        feed.close();
        feed.offer(version(2));
        awaitTasksQueued();
        MockVaadin.clientRoundtrip();

        assertTrue(unsubscribed[0]);
        assertEquals(List.of(), rendered);
    }

    @Test
    void laterSnapshotsAfterARenderScheduleAnotherRender() throws Exception {
        ExecutorService direct = executor;
        LiveFeed feed = new LiveFeed(UI.getCurrent(), direct, s -> rendered.add(s.version()));

        feed.offer(version(1));
        waitUntilQueuedThenRun();
        feed.offer(version(2));
        feed.offer(version(3));
        awaitTasksQueued();
        MockVaadin.clientRoundtrip();

        assertEquals(List.of(1L, 3L), rendered);
    }

    private void waitUntilQueuedThenRun() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rendered.isEmpty() && System.nanoTime() < end) {
            MockVaadin.clientRoundtrip();
            Thread.sleep(5);
        }
    }
}
