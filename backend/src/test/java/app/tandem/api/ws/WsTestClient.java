package app.tandem.api.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.tandem.tools.WsChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A raw protocol client for tests: sends text as is, and hands back every message the server sent, in order. */
final class WsTestClient implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    /** Presence broadcasts come at their own pace; tests read them separately ({@link #presence()}). */
    private final BlockingQueue<JsonNode> presenceInbox = new LinkedBlockingQueue<>();
    final WsChannel channel;
    /** The server's first message. */
    final JsonNode hello;

    private WsTestClient(int port, String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        channel = WsChannel.open(HTTP, URI.create("ws://127.0.0.1:" + port + WsEndpoint.PATH), headers,
                text -> {
                    JsonNode m = JSON.readTree(text);
                    (m.path("type").asString().equals("presence") ? presenceInbox : inbox).add(m);
                });
        hello = next();
        assertEquals("hello", hello.path("type").asString(), hello::toString);
    }

    static final class Builder {
        private final int port;
        private String token;

        Builder(int port) {
            this.port = port;
        }

        /** Sends the token in the upgrade request's Authorization header. */
        Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Connects and reads the hello. */
        WsTestClient open() {
            return new WsTestClient(port, token);
        }
    }

    void sendRaw(String text) {
        channel.send(text).join();
    }

    void send(Object message) {
        sendRaw(JSON.writeValueAsString(message));
    }

    /** Sends a message and returns the next one the server sends (the caller knows nothing else is in flight). */
    JsonNode request(Object message) {
        send(message);
        return next();
    }

    /** The next presence broadcast. */
    JsonNode presence() {
        return take(presenceInbox);
    }

    /** The next message that is not a presence broadcast. */
    JsonNode next() {
        return take(inbox);
    }

    private static JsonNode take(BlockingQueue<JsonNode> queue) {
        try {
            JsonNode m = queue.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "no message from the server within 20 s");
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message of the given type, skipping others. */
    JsonNode next(String type) {
        while (true) {
            JsonNode m = next();
            if (m.path("type").asString().equals(type)) {
                return m;
            }
        }
    }

    /** Whatever has arrived so far, without waiting. */
    JsonNode poll() {
        return inbox.poll();
    }

    /** Proves the connection is still usable and that nothing else was queued before the pong. */
    void assertUsable() {
        JsonNode pong = request(Map.of("type", "ping", "id", "alive?"));
        assertEquals("pong", pong.path("type").asString(), pong::toString);
        assertEquals("alive?", pong.path("id").asString());
    }

    @Override
    public void close() {
        channel.close();
    }
}
