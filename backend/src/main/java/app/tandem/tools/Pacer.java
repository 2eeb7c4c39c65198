package app.tandem.tools;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one connection's submits within the server's announced rate (the {@code hello} message's
 * {@code limits.opsPerSecond} and {@code opsBurst}), so tools never hit RATE_LIMITED: the same token bucket as the
 * server's, with a little margin, delaying a send until its token is there. Sends keep their order.
 */
final class Pacer {
    private final double ratePerNano;
    private final double capacity;
    private final ScheduledExecutorService scheduler;
    private double tokens;
    private long last = System.nanoTime();

    Pacer(double opsPerSecond, int burst, ScheduledExecutorService scheduler) {
        this.ratePerNano = opsPerSecond * 0.9 / 1e9;
        this.capacity = Math.max(1, burst / 2);
        this.tokens = capacity;
        this.scheduler = scheduler;
    }

    synchronized void run(Runnable send) {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            send.run();
        } else {
            long delay = (long) Math.ceil(-tokens / ratePerNano);
            scheduler.schedule(send, delay, TimeUnit.NANOSECONDS);
        }
    }
}
