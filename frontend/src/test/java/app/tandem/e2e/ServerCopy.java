package app.tandem.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's copy of a board, read through the WebSocket protocol ({@code /api/ws} on a node's API port, see
 * docs/protocol.md): {@code auth} with a bearer token, {@code subscribe} to the board, and the {@code snapshot}
 * reply's document. The connection is closed right after, so its presence session leaves again.
 */
final class ServerCopy {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ServerCopy() {
    }

    /** The board's document ({@code {"nodes":[...]}}) and revision as the node at {@code apiUrl} serves it. */
    record Snapshot(long rev, JsonNode doc) {
        /** Text field {@code field} of node {@code id} ("" when absent, as contract 2 says); fails if the node is missing. */
        String text(String id, String field) {
            for (JsonNode n : doc.get("nodes")) {
                if (id.equals(n.get("id").asString())) {
                    JsonNode texts = n.get("texts");
                    return texts != null && texts.has(field) ? texts.get(field).asString() : "";
                }
            }
            throw new AssertionError("node " + id + " is not in the server's document: " + doc);
        }
    }

    static Snapshot snapshot(String apiUrl, String token, String boardId) throws Exception {
        CompletableFuture<JsonNode> authenticated = new CompletableFuture<>();
        CompletableFuture<JsonNode> snapshot = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder buffer = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                buffer.append(data);
                if (last) {
                    JsonNode msg = JSON.readTree(buffer.toString());
                    buffer.setLength(0);
                    String type = msg.path("type").asString();
                    switch (type) {
                        case "authenticated" -> authenticated.complete(msg);
                        case "snapshot" -> snapshot.complete(msg);
                        case "error" -> {
                            AssertionError e = new AssertionError("protocol error from " + apiUrl + ": " + msg);
                            authenticated.completeExceptionally(e);
                            snapshot.completeExceptionally(e);
                        }
                        default -> {
                            // ops, presence: not needed here
                        }
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                authenticated.completeExceptionally(error);
                snapshot.completeExceptionally(error);
            }
        };
        String wsUrl = apiUrl.replaceFirst("^http", "ws") + "api/ws";
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create(wsUrl), listener).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            ws.sendText(JSON.writeValueAsString(Map.of("type", "auth", "id", 1, "token", token)), true)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            authenticated.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ws.sendText(JSON.writeValueAsString(Map.of("type", "subscribe", "id", 2, "board", boardId)), true)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode msg = snapshot.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Snapshot(msg.get("rev").asLong(), msg.get("doc"));
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
            ws.abort();
        }
    }
}
