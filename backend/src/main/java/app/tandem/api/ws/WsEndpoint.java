package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.api.ApiServer;
import app.tandem.auth.Account;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket JSON protocol at {@value #PATH} on the API server (docs/protocol.md). Mounting adds one GET route to
 * the API router: a request with {@code Authorization: Bearer <token>} is authenticated before the upgrade (an
 * unknown token answers 401 and no upgrade); a request without one is upgraded unauthenticated and must send an
 * {@code auth} message first (browsers cannot set headers on a WebSocket). Tokens in the URL are not accepted: URLs
 * end up in logs.
 *
 * <p>Each connection is one {@link WsConnection}, living on the event loop that accepted it.
 */
public final class WsEndpoint implements AutoCloseable {
    public static final String PATH = "/api/ws";
    private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

    final ApiServer api;
    final BoardGateway gateway;
    final WsLimits limits;
    /** Input JSON: strict like the REST API's, plus the nesting limit. */
    final JsonMapper input;
    private final Set<WsConnection> connections = ConcurrentHashMap.newKeySet();
    /**
     * The {@code op} message of a recently sequenced op, by board and revision: it is the same text for every
     * connection on this node that receives it, so it is serialized once, not once per subscriber.
     */
    private final Map<OpKey, String> opMessages = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OpKey, String> eldest) {
            return size() > OP_MESSAGE_CACHE;
        }
    };
    private static final int OP_MESSAGE_CACHE = 4096;

    private record OpKey(UUID board, long rev) {
    }
    private volatile boolean closed;

    private WsEndpoint(ApiServer api, BoardGateway gateway, WsLimits limits) {
        this.api = api;
        this.gateway = gateway;
        this.limits = limits;
        this.input = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxJsonDepth())
                                .maxDocumentLength(limits.maxMessageBytes() * 4L)
                                .build())
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Adds the {@value #PATH} route to the API server. Close the endpoint before the API server. */
    public static WsEndpoint mount(ApiServer api, BoardGateway gateway, WsLimits limits) {
        WsEndpoint endpoint = new WsEndpoint(api, gateway, limits);
        api.router().get(PATH).handler(endpoint::handle);
        return endpoint;
    }

    /** How many connections are open on this node (for tests and metrics). */
    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection (status 1001 "going away"), which leaves their subscriptions and presence. */
    @Override
    public void close() {
        closed = true;
        for (WsConnection c : List.copyOf(connections)) {
            c.close((short) 1001, "The server is shutting down; reconnect to another node.");
        }
    }

    /** The serialized {@code op} message for a sequenced op, built at most once per node while it is recent. */
    String opMessage(UUID board, long rev, Function<UUID, String> build) {
        OpKey key = new OpKey(board, rev);
        synchronized (opMessages) {
            String cached = opMessages.get(key);
            if (cached != null) {
                return cached;
            }
        }
        String message = build.apply(board);
        synchronized (opMessages) {
            opMessages.put(key, message);
        }
        return message;
    }

    void removed(WsConnection connection) {
        connections.remove(connection);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (closed) {
            ctx.fail(new TandemException(ErrorCode.UNAVAILABLE, "This node is shutting down; connect to another."));
            return;
        }
        if (!req.canUpgradeToWebSocket()) {
            ctx.fail(new TandemException(ErrorCode.BAD_REQUEST,
                    PATH + " speaks the WebSocket protocol only (see docs/protocol.md)."));
            return;
        }
        String token = bearerToken(req.getHeader("Authorization"));
        if (token == null) {
            upgrade(ctx, null);
            return;
        }
        req.pause();
        api.authenticateToken(token).onSuccess(account -> upgrade(ctx, account)).onFailure(ctx::fail);
    }

    private void upgrade(RoutingContext ctx, Account account) {
        ctx.request().toWebSocket()
                .onSuccess(ws -> {
                    WsConnection c = new WsConnection(this, ws, account);
                    connections.add(c);
                    c.start();
                })
                .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
    }

    static String bearerToken(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
