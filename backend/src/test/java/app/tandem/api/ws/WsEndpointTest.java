package app.tandem.api.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.api.ApiServer;
import app.tandem.api.ApiServices;
import app.tandem.api.NodeHealth;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.Workspace;
import app.tandem.store.Database;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcTokenService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.TestDatabase;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket endpoint's own behaviour, with no collaboration engine: authentication, framing, limits and coded
 * errors, over real WebSocket connections to a real ApiServer backed by real services on H2. Every refused message
 * is followed by proof that the connection is still usable.
 */
class WsEndpointTest {
    static Vertx vertx;
    Database db;
    JdbcAccountService accounts;
    JdbcTokenService tokens;
    JdbcWorkspaceService workspaces;
    ApiServer server;
    WsEndpoint endpoint;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    void start(WsLimits limits) {
        db = TestDatabase.fresh();
        accounts = new JdbcAccountService(db.dataSource());
        tokens = new JdbcTokenService(db.dataSource());
        workspaces = new JdbcWorkspaceService(db.dataSource());
        NodeHealth health = new NodeHealth() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public int clusterSize() {
                return 1;
            }

            @Override
            public String nodeId() {
                return "node-a";
            }
        };
        server = ApiServer.start(vertx, "127.0.0.1", 0, new ApiServices(accounts, tokens, workspaces, health)).await();
        endpoint = WsEndpoint.mount(server, new CatalogOnlyGateway(workspaces), limits);
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (server != null) {
            server.close().await();
        }
        if (db != null) {
            db.close();
        }
    }

    private Account account(String name) {
        return accounts.signUp(name + "@example.org", name, "correct horse " + name);
    }

    private static Map<String, Object> msg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertError(JsonNode m, Object id, String code) {
        assertEquals("error", m.path("type").asString(), m::toString);
        assertEquals(code, m.path("code").asString(), m::toString);
        if (id == null) {
            assertTrue(m.path("id").isNull(), m::toString);
        } else {
            assertEquals(String.valueOf(id), m.path("id").asString(), m::toString);
        }
        assertTrue(m.path("message").asString().length() > 10, m::toString);
    }

    private static Map<String, Object> textSubmit(int id, UUID board, long seq, Object textOps) {
        return msg("type", "submit", "id", id, "board", board.toString(), "clientId", "c1", "clientSeq", seq,
                "baseRev", 0, "op", msg("type", "text", "node", "n1", "field", "body", "ops", textOps));
    }

    // ---- authentication ----

    @Test
    void aBearerTokenInTheUpgradeRequestAuthenticatesTheConnection() {
        start(WsLimits.DEFAULTS);
        Account alice = account("alice");
        String token = tokens.issue(alice);
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(token).open()) {
            JsonNode hello = c.hello;
            assertEquals(1, hello.path("protocol").asInt());
            assertEquals(alice.id().toString(), hello.path("account").path("id").asString());
            assertEquals(WsLimits.DEFAULTS.maxMessageBytes(), hello.path("limits").path("maxMessageBytes").asInt());
            assertFalse(hello.path("session").asString().isEmpty());
            c.assertUsable();
        }
    }

    @Test
    void anUnknownBearerTokenIsRefusedBeforeTheUpgrade() {
        start(WsLimits.DEFAULTS);
        CompletionException e = assertThrows(CompletionException.class,
                () -> new WsTestClient.Builder(server.port()).token("not-a-token").open());
        WebSocketHandshakeException refused = (WebSocketHandshakeException) e.getCause();
        assertEquals(401, refused.getResponse().statusCode());
        assertEquals(0, endpoint.connectionCount());
    }

    @Test
    void aPlainHttpRequestIsABadRequest() throws Exception {
        start(WsLimits.DEFAULTS);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + WsEndpoint.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"BAD_REQUEST\""), r.body());
    }

    @Test
    void withoutAHeaderTheFirstMessageMustAuthenticate() {
        start(WsLimits.DEFAULTS);
        Account bob = account("bob");
        try (WsTestClient c = new WsTestClient.Builder(server.port()).open()) {
            assertTrue(c.hello.path("account").isNull(), c.hello::toString);
            assertError(c.request(msg("type", "subscribe", "id", 1, "board", UUID.randomUUID().toString())), 1,
                    "UNAUTHENTICATED");
            assertError(c.request(msg("type", "auth", "id", 2, "token", "wrong")), 2, "UNAUTHENTICATED");
            JsonNode ok = c.request(msg("type", "auth", "id", 3, "token", tokens.issue(bob)));
            assertEquals("authenticated", ok.path("type").asString(), ok::toString);
            assertEquals(3, ok.path("id").asInt());
            assertEquals("bob@example.org", ok.path("account").path("email").asString());
            assertError(c.request(msg("type", "auth", "id", 4, "token", tokens.issue(bob))), 4, "BAD_REQUEST");
            c.assertUsable();
        }
    }

    @Test
    void aConnectionThatNeverAuthenticatesIsClosed() throws Exception {
        start(WsLimits.DEFAULTS.withAuthTimeout(Duration.ofMillis(200)));
        try (WsTestClient c = new WsTestClient.Builder(server.port()).open()) {
            assertEquals(1008, c.channel.closed().get(20, TimeUnit.SECONDS));
        }
    }

    // ---- framing and malformed input ----

    @Test
    void malformedJsonIsAnErrorAndTheConnectionStaysUsable() {
        start(WsLimits.DEFAULTS);
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(account("alice"))).open()) {
            for (String bad : List.of("{not json", "{\"type\":\"ping\"} trailing", "{\"type\":\"ping\",\"type\":\"x\"}",
                    "")) {
                c.sendRaw(bad);
                assertError(c.next(), null, "MALFORMED_JSON");
            }
            c.assertUsable();
        }
    }

    @Test
    void wellFormedButWrongMessagesAreBadRequestsThatEchoTheirId() {
        start(WsLimits.DEFAULTS);
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(account("alice"))).open()) {
            c.sendRaw("[1,2]");
            assertError(c.next(), null, "BAD_REQUEST");
            c.sendRaw("{\"id\":{\"x\":1},\"type\":\"ping\"}");
            assertError(c.next(), null, "BAD_REQUEST");
            assertError(c.request(msg("id", 7)), 7, "BAD_REQUEST");
            assertError(c.request(msg("type", "dance", "id", "s1")), "s1", "BAD_REQUEST");
            assertError(c.request(msg("type", "subscribe", "id", 8)), 8, "BAD_REQUEST");
            assertError(c.request(msg("type", "subscribe", "id", 9, "board", "1-2-3-4-5")), 9, "BAD_REQUEST");
            assertError(c.request(msg("type", "subscribe", "id", 10, "board", UUID.randomUUID().toString(),
                    "fromRev", -1)), 10, "BAD_REQUEST");
            UUID board = UUID.randomUUID();
            assertError(c.request(msg("type", "submit", "id", 11, "board", board.toString(), "clientId", "c",
                    "clientSeq", 0, "baseRev", 0, "op", msg("type", "noop"))), 11, "BAD_REQUEST");
            assertError(c.request(msg("type", "submit", "id", 12, "board", board.toString(), "clientId", "c",
                    "clientSeq", 1, "baseRev", 0, "op", "noop")), 12, "BAD_REQUEST");
            assertError(c.request(msg("type", "submit", "id", 13, "board", board.toString(), "clientId",
                    "x".repeat(65), "clientSeq", 1, "baseRev", 0, "op", msg("type", "noop"))), 13, "BAD_REQUEST");
            assertError(c.request(msg("type", "presence", "id", 14, "board", board.toString())), 14, "BAD_REQUEST");
            assertError(c.request(msg("type", "unsubscribe", "id", 15, "board", board.toString())), 15, "BAD_REQUEST");
            c.channel.sendBinary(new byte[] {1, 2, 3});
            assertError(c.next(), null, "BAD_REQUEST");
            c.assertUsable();
        }
    }

    // ---- limits ----

    @Test
    void aMessageOverTheSizeLimitIsTooLargeAndTheConnectionStaysUsable() {
        start(WsLimits.DEFAULTS.withMaxMessageBytes(4096));
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(account("alice"))).open()) {
            c.send(textSubmit(1, UUID.randomUUID(), 1, List.of("x".repeat(5000))));
            assertError(c.next(), null, "TOO_LARGE");
            // multi-byte characters count as their UTF-8 bytes: 1,500 × 3 bytes > 4 KiB
            c.send(textSubmit(2, UUID.randomUUID(), 1, List.of("€".repeat(1500))));
            assertError(c.next(), null, "TOO_LARGE");
            c.sendRaw("[".repeat(100) + "]".repeat(100));
            assertError(c.next(), null, "TOO_LARGE");
            c.assertUsable();
        }
    }

    @Test
    void anOpInsertingMoreThanAFieldMayHoldIsTextTooLong() {
        start(WsLimits.DEFAULTS.withMaxTextLength(10));
        Account alice = account("alice");
        Workspace ws = workspaces.create(alice, "Partnership", null);
        UUID board = workspaces.createBoard(alice, ws.id(), "Plan", null).id();
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(alice)).open()) {
            // 11 code points (emoji are 2 UTF-16 units but 1 code point each)
            assertError(c.request(textSubmit(1, board, 1, List.of("😀".repeat(11)))), 1, "TEXT_TOO_LONG");
            assertError(c.request(msg("type", "submit", "id", 2, "board", board.toString(), "clientId", "c1",
                    "clientSeq", 1, "baseRev", 0, "op", msg("type", "create", "node", "n1", "nodeType", "note",
                            "parent", "root", "list", "items", "pos", "V", "fields", Map.of(),
                            "texts", Map.of("body", "x".repeat(11))))), 2, "TEXT_TOO_LONG");
            c.assertUsable();
        }
    }

    @Test
    void submitsBeyondTheRateAreRateLimitedWithoutReachingTheEngine() {
        // practically no refill during the test: exactly the burst passes
        start(WsLimits.DEFAULTS.withOpsPerSecond(0.001, 3));
        Account alice = account("alice");
        Workspace ws = workspaces.create(alice, "Partnership", null);
        UUID board = workspaces.createBoard(alice, ws.id(), "Plan", null).id();
        try (WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(alice)).open()) {
            for (int i = 1; i <= 3; i++) {
                assertError(c.request(textSubmit(i, board, i, List.of("a"))), i, "UNAVAILABLE");
            }
            for (int i = 4; i <= 6; i++) {
                assertError(c.request(textSubmit(i, board, i, List.of("a"))), i, "RATE_LIMITED");
            }
            c.assertUsable();
        }
    }

    @Test
    void eachConnectionHasItsOwnBucket() {
        start(WsLimits.DEFAULTS.withOpsPerSecond(0.001, 1));
        Account alice = account("alice");
        Workspace ws = workspaces.create(alice, "Partnership", null);
        UUID board = workspaces.createBoard(alice, ws.id(), "Plan", null).id();
        String token = tokens.issue(alice);
        try (WsTestClient a = new WsTestClient.Builder(server.port()).token(token).open();
             WsTestClient b = new WsTestClient.Builder(server.port()).token(token).open()) {
            assertError(a.request(textSubmit(1, board, 1, List.of("a"))), 1, "UNAVAILABLE");
            assertError(a.request(textSubmit(2, board, 2, List.of("a"))), 2, "RATE_LIMITED");
            assertError(b.request(textSubmit(1, board, 1, List.of("a"))), 1, "UNAVAILABLE");
        }
    }

    // ---- access and boards ----

    @Test
    void boardsAreCreatedThroughTheProtocolByMembersOnly() {
        start(WsLimits.DEFAULTS);
        Account alice = account("alice");
        Account olga = account("olga");
        Account mallory = account("mallory");
        Workspace ws = workspaces.create(alice, "Partnership", null);
        workspaces.acceptInvite(olga, workspaces.invite(alice, ws.id(), Role.OBSERVER, Duration.ofDays(1)).token());
        try (WsTestClient a = new WsTestClient.Builder(server.port()).token(tokens.issue(alice)).open();
             WsTestClient o = new WsTestClient.Builder(server.port()).token(tokens.issue(olga)).open();
             WsTestClient m = new WsTestClient.Builder(server.port()).token(tokens.issue(mallory)).open()) {
            JsonNode created = a.request(msg("type", "createBoard", "id", 1, "workspace", ws.id().toString(),
                    "title", "Lesson study", "boardType", "cycle"));
            assertEquals("boardCreated", created.path("type").asString(), created::toString);
            assertEquals("Lesson study", created.path("board").path("title").asString());
            assertEquals(ws.id().toString(), created.path("board").path("workspaceId").asString());
            UUID board = UUID.fromString(created.path("board").path("id").asString());
            assertEquals("Lesson study", workspaces.board(alice, board).title());

            assertError(o.request(msg("type", "createBoard", "id", 2, "workspace", ws.id().toString(),
                    "title", "Nope")), 2, "FORBIDDEN");
            assertError(m.request(msg("type", "createBoard", "id", 3, "workspace", ws.id().toString(),
                    "title", "Nope")), 3, "NOT_FOUND");
            assertError(a.request(msg("type", "createBoard", "id", 4, "workspace", ws.id().toString(),
                    "title", " ")), 4, "VALIDATION_FAILED");
            assertEquals(1, workspaces.boards(alice, ws.id()).size(), "the refused creations created nothing");

            assertError(m.request(msg("type", "subscribe", "id", 5, "board", board.toString())), 5, "NOT_FOUND");
            assertError(m.request(textSubmit(6, board, 1, List.of("a"))), 6, "NOT_FOUND");
            assertError(o.request(textSubmit(7, board, 1, List.of("a"))), 7, "FORBIDDEN");
            m.assertUsable();
            o.assertUsable();
        }
    }

    @Test
    void closingTheEndpointClosesItsConnectionsAsGoingAway() throws Exception {
        start(WsLimits.DEFAULTS);
        WsTestClient c = new WsTestClient.Builder(server.port()).token(tokens.issue(account("alice"))).open();
        assertEquals(1, endpoint.connectionCount());
        endpoint.close();
        assertEquals(1001, c.channel.closed().get(20, TimeUnit.SECONDS));
        c.close();
    }
}
