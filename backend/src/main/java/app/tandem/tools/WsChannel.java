package app.tandem.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A text WebSocket over {@code java.net.http}: whole messages in (fragments joined), whole messages out (sends
 * serialized, since the JDK allows one outstanding send at a time). Incoming messages reach {@code onMessage} one
 * at a time, in order, on the JDK's listener thread.
 */
public final class WsChannel implements AutoCloseable {
    private final WebSocket socket;
    private final CompletableFuture<Integer> closed;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private WsChannel(WebSocket socket, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /**
     * Opens the connection; {@code headers} go on the upgrade request (e.g. Authorization). Fails with
     * {@link java.net.http.WebSocketHandshakeException} when the server refuses the upgrade (e.g. 401).
     */
    public static WsChannel open(HttpClient http, URI uri, Map<String, String> headers, Consumer<String> onMessage) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    try {
                        onMessage.accept(message);
                    } finally {
                        ws.request(1);
                    }
                } else {
                    ws.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(1006);
            }
        };
        WebSocket socket = b.buildAsync(uri, listener).orTimeout(15, TimeUnit.SECONDS).join();
        return new WsChannel(socket, closed);
    }

    /** Queues one text message; messages go out in the order of the calls. */
    public synchronized CompletableFuture<?> send(String message) {
        lastSend = lastSend.handle((v, e) -> null)
                .thenCompose(v -> socket.sendText(message, true));
        return lastSend;
    }

    /** Queues one binary message (not part of the protocol; for tests of how the server refuses it). */
    public synchronized CompletableFuture<?> sendBinary(byte[] data) {
        lastSend = lastSend.handle((v, e) -> null)
                .thenCompose(v -> socket.sendBinary(ByteBuffer.wrap(data), true));
        return lastSend;
    }

    /** Completes with the close status (1006 when the connection broke without a close frame). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /** Drops the TCP connection without a close handshake (to test resume after a broken connection). */
    public void abort() {
        socket.abort();
        closed.complete(1006);
    }

    @Override
    public synchronized void close() {
        if (!socket.isOutputClosed()) {
            lastSend.handle((v, e) -> null).thenCompose(v -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
