package app.tandem.api.ws;

import app.tandem.api.ApiServer;
import java.time.Duration;

/**
 * Per-connection input limits of the WebSocket protocol. Exceeding one answers a coded error, applies nothing and
 * keeps the connection open (except above {@link ApiServer#MAX_WEBSOCKET_MESSAGE_BYTES}, where Vert.x itself
 * closes the connection with status 1009).
 *
 * @param maxMessageBytes     largest accepted client message, UTF-8 bytes (TOO_LARGE); 1 MiB
 * @param maxJsonDepth        deepest accepted JSON nesting (TOO_LARGE); 32 (a board op needs about 5)
 * @param maxTextLength       largest text field in code points (TEXT_TOO_LONG); 200,000 (TEAM.md contract 1).
 *                            The endpoint refuses ops that insert more than this at once; the core refuses
 *                            ops that would make a field longer
 * @param opsPerSecond        sustained submit rate per connection, a token bucket (RATE_LIMITED); 50
 * @param opsBurst            the bucket's size: submits allowed at once after a quiet period; 100
 * @param presencePerSecond   sustained presence updates per connection (RATE_LIMITED); 30, burst the same
 * @param maxSubscriptions    boards one connection may subscribe to at once (BAD_REQUEST); 16
 * @param authTimeout         a connection that has not authenticated by then is closed (status 1008); 10 s
 * @param maxQueuedBytes      outgoing bytes buffered for a client that does not read; above it the connection is
 *                            closed (status 1013) and the client must reconnect and resubscribe; 8 MiB
 */
public record WsLimits(int maxMessageBytes, int maxJsonDepth, int maxTextLength, double opsPerSecond, int opsBurst,
                       double presencePerSecond, int maxSubscriptions, Duration authTimeout, int maxQueuedBytes) {

    public static final WsLimits DEFAULTS =
            new WsLimits(1024 * 1024, 32, 200_000, 50, 100, 30, 16, Duration.ofSeconds(10), 8 * 1024 * 1024);

    public WsLimits {
        if (maxMessageBytes < 1024 || maxMessageBytes > ApiServer.MAX_WEBSOCKET_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be in 1 KiB.." + ApiServer.MAX_WEBSOCKET_MESSAGE_BYTES);
        }
        if (maxJsonDepth < 8 || maxTextLength < 1 || opsPerSecond <= 0 || opsBurst < 1 || presencePerSecond <= 0
                || maxSubscriptions < 1 || authTimeout.isNegative() || authTimeout.isZero() || maxQueuedBytes < 1024) {
            throw new IllegalArgumentException("invalid WebSocket limits: " + this);
        }
    }

    public WsLimits withOpsPerSecond(double rate, int burst) {
        return new WsLimits(maxMessageBytes, maxJsonDepth, maxTextLength, rate, burst, presencePerSecond,
                maxSubscriptions, authTimeout, maxQueuedBytes);
    }

    public WsLimits withMaxMessageBytes(int bytes) {
        return new WsLimits(bytes, maxJsonDepth, maxTextLength, opsPerSecond, opsBurst, presencePerSecond,
                maxSubscriptions, authTimeout, maxQueuedBytes);
    }

    public WsLimits withMaxTextLength(int codePoints) {
        return new WsLimits(maxMessageBytes, maxJsonDepth, codePoints, opsPerSecond, opsBurst, presencePerSecond,
                maxSubscriptions, authTimeout, maxQueuedBytes);
    }

    public WsLimits withMaxSubscriptions(int n) {
        return new WsLimits(maxMessageBytes, maxJsonDepth, maxTextLength, opsPerSecond, opsBurst, presencePerSecond,
                n, authTimeout, maxQueuedBytes);
    }

    public WsLimits withAuthTimeout(Duration timeout) {
        return new WsLimits(maxMessageBytes, maxJsonDepth, maxTextLength, opsPerSecond, opsBurst, presencePerSecond,
                maxSubscriptions, timeout, maxQueuedBytes);
    }
}
