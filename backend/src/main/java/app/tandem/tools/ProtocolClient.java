package app.tandem.tools;

import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain Java client of Tandem's WebSocket protocol (docs/protocol.md) and the few REST calls it needs, used by the
 * replay and loadgen tools and by tests. Requests ({@link #request}) get their reply by id; every other message
 * (ops, acks, presence, errors of fire-and-forget messages) goes to the {@code events} consumer, in arrival order,
 * on the socket's thread.
 */
public final class ProtocolClient implements AutoCloseable {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WsChannel channel;
    private final Map<Long, CompletableFuture<JsonNode>> requests = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
    private volatile Consumer<JsonNode> events;

    /** A coded error answered by the server. */
    public static final class ProtocolException extends RuntimeException {
        private final String code;

        public ProtocolException(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private ProtocolClient(HttpClient http, URI ws, String token, Consumer<JsonNode> events) {
        this.events = events;
        this.channel = WsChannel.open(http, ws, Map.of("Authorization", "Bearer " + token), this::onMessage);
        hello.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Connects to {@code api}'s /api/ws (http→ws, https→wss) with a bearer token. */
    public static ProtocolClient connect(HttpClient http, URI api, String token, Consumer<JsonNode> events) {
        return new ProtocolClient(http, wsUri(api), token, events);
    }

    public static URI wsUri(URI api) {
        String scheme = "https".equals(api.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + api.getRawAuthority() + "/api/ws");
    }

    public void events(Consumer<JsonNode> events) {
        this.events = events;
    }

    public JsonNode hello() {
        return hello.join();
    }

    private void onMessage(String text) {
        JsonNode m = JSON.readTree(text);
        if (!hello.isDone() && "hello".equals(m.path("type").asString())) {
            hello.complete(m);
            return;
        }
        JsonNode id = m.get("id");
        if (id != null && id.isIntegralNumber()) {
            CompletableFuture<JsonNode> f = requests.remove(id.asLong());
            if (f != null) {
                if ("error".equals(m.path("type").asString())) {
                    f.completeExceptionally(new ProtocolException(m.path("code").asString(), m.path("message").asString()));
                } else {
                    f.complete(m);
                }
                return;
            }
        }
        Consumer<JsonNode> e = events;
        if (e != null) {
            e.accept(m);
        }
    }

    /** Sends a request with a fresh id; the future completes with the reply, or a {@link ProtocolException}. */
    public CompletableFuture<JsonNode> request(ObjectNode message) {
        long id = ids.incrementAndGet();
        message.put("id", id);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        requests.put(id, f);
        channel.send(JSON.writeValueAsString(message)).whenComplete((v, e) -> {
            if (e != null) {
                requests.remove(id);
                f.completeExceptionally(e);
            }
        });
        return f.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends a message whose reply (if any) goes to the events consumer. */
    public void send(ObjectNode message) {
        channel.send(JSON.writeValueAsString(message));
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    public CompletableFuture<Integer> closed() {
        return channel.closed();
    }

    /** Breaks the connection without a close handshake. */
    public void abort() {
        channel.abort();
        failAll();
    }

    private void failAll() {
        requests.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
        requests.clear();
    }

    @Override
    public void close() {
        channel.close();
        failAll();
    }

    // ---- message builders ----

    public static ObjectNode message(String type) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", type);
        return m;
    }

    /** subscribe; the reply is a {@code snapshot} (with {@code doc} unless {@code fromRev} was given). */
    public CompletableFuture<JsonNode> subscribe(UUID board, Long fromRev) {
        ObjectNode m = message("subscribe");
        m.put("board", board.toString());
        if (fromRev != null) {
            m.put("fromRev", fromRev);
        }
        return request(m);
    }

    public CompletableFuture<JsonNode> unsubscribe(UUID board) {
        ObjectNode m = message("unsubscribe");
        m.put("board", board.toString());
        return request(m);
    }

    /** createBoard; completes with the board's id. */
    public CompletableFuture<UUID> createBoard(UUID workspace, String title, String boardType) {
        ObjectNode m = message("createBoard");
        m.put("workspace", workspace.toString());
        m.put("title", title);
        if (boardType != null) {
            m.put("boardType", boardType);
        }
        return request(m).thenApply(r -> UUID.fromString(r.path("board").path("id").asString()));
    }

    /** A submit whose ack or error reaches the events consumer (acks must be handled in stream order). */
    public void submit(UUID board, String clientId, long clientSeq, long baseRev, JsonNode op) {
        ObjectNode m = message("submit");
        m.put("id", "s" + clientSeq);
        m.put("board", board.toString());
        m.put("clientId", clientId);
        m.put("clientSeq", clientSeq);
        m.put("baseRev", baseRev);
        m.set("op", op);
        send(m);
    }

    /** submit and wait for its ack (for setup ops, with nothing else in flight on the board from this client). */
    public JsonNode submitAndWait(UUID board, String clientId, long clientSeq, long baseRev, JsonNode op) {
        ObjectNode m = message("submit");
        m.put("board", board.toString());
        m.put("clientId", clientId);
        m.put("clientSeq", clientSeq);
        m.put("baseRev", baseRev);
        m.set("op", op);
        return request(m).join();
    }

    /** A text op on one node's field (contract 2). */
    public static ObjectNode textOp(String node, String field, TextOp op) {
        ObjectNode o = message("text");
        o.put("node", node);
        o.put("field", field);
        o.set("ops", OpJson.toTree(op));
        return o;
    }

    /** A create op for a node with one empty text field, appended to the root's list {@code list}. */
    public static ObjectNode createTextNode(String node, String nodeType, String list, String pos, String field) {
        ObjectNode o = message("create");
        o.put("node", node);
        o.put("nodeType", nodeType);
        o.put("parent", "root");
        o.put("list", list);
        o.put("pos", pos);
        o.putObject("fields");
        o.putObject("texts").put(field, "");
        return o;
    }

    // ---- REST ----

    /** POST /api/auth/login; the bearer token. */
    public static String login(HttpClient http, URI api, String email, String password) {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
        JsonNode r = rest(http, "POST", api.resolve("/api/auth/login"), null, body, 200);
        return r.path("token").asString();
    }

    /** The first workspace where the account may create boards, or a new one named {@code nameIfNone}. */
    public static UUID writableWorkspace(HttpClient http, URI api, String token, String nameIfNone) {
        JsonNode list = rest(http, "GET", api.resolve("/api/workspaces"), token, null, 200);
        for (JsonNode w : list) {
            if (!"OBSERVER".equals(w.path("myRole").asString())) {
                return UUID.fromString(w.path("id").asString());
            }
        }
        JsonNode created = rest(http, "POST", api.resolve("/api/workspaces"), token,
                JSON.createObjectNode().put("name", nameIfNone), 201);
        return UUID.fromString(created.path("id").asString());
    }

    static JsonNode rest(HttpClient http, String method, URI uri, String token, JsonNode body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
            if (r.statusCode() != expected) {
                throw new ProtocolException(json.path("error").path("code").asString("HTTP_" + r.statusCode()),
                        method + " " + uri.getPath() + ": " + json.path("error").path("message").asString(r.body()));
            }
            return json;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot reach " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
