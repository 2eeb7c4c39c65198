package app.tandem.api.ws;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code ratePerSecond}; each accepted action takes one.
 * Not thread-safe: one connection's event loop owns it. The clock is injectable so tests need no sleeping.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, int capacity, LongSupplier nanoClock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token if there is one. */
    boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
