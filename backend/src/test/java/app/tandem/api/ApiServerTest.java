package app.tandem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.store.Database;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcTokenService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The REST API end to end: a real Vert.x HTTP server on a free loopback port, real services on a fresh H2,
 * and java.net.http requests. Each refused request is followed by a check that it changed nothing.
 */
class ApiServerTest {
    static Vertx vertx;
    Database db;
    ApiServer server;
    ApiClient api;
    final AtomicBoolean ready = new AtomicBoolean(true);
    NodeHealth health;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void start() {
        db = TestDatabase.fresh();
        health = new NodeHealth() {
            @Override
            public boolean ready() {
                return ready.get();
            }

            @Override
            public int clusterSize() {
                return 3;
            }

            @Override
            public String nodeId() {
                return "node-a";
            }
        };
        ApiServices services = new ApiServices(new JdbcAccountService(db.dataSource()),
                new JdbcTokenService(db.dataSource()), new JdbcWorkspaceService(db.dataSource()), health);
        server = ApiServer.start(vertx, "127.0.0.1", 0, services).await();
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close().await();
        db.close();
    }

    // ---- health ----

    @Test
    void healthIsUpWhenReadyAndStartingOtherwise() {
        ApiClient.Response up = api.get("/health", null);
        assertEquals(200, up.status(), up::toString);
        assertEquals("UP", up.body().get("status").asString());
        assertEquals(3, up.body().get("clusterSize").asInt());
        assertEquals("node-a", up.body().get("node").asString());

        ready.set(false);
        ApiClient.Response starting = api.get("/health", null);
        assertEquals(503, starting.status());
        assertEquals("STARTING", starting.body().get("status").asString());
    }

    // ---- auth ----

    @Test
    void signUpLogInAskWhoIAmAndLogOut() {
        ApiClient.Response signup = api.post("/api/auth/signup", null,
                Map.of("email", "Alice@Example.org", "password", "correct horse", "displayName", "Alice Adams"));
        assertEquals(201, signup.status(), signup::toString);
        JsonNode account = signup.body().get("account");
        assertEquals("alice@example.org", account.get("email").asString());
        assertEquals("Alice Adams", account.get("displayName").asString());
        assertFalse(account.has("passwordHash"));

        ApiClient.Response login = api.post("/api/auth/login", null,
                Map.of("email", "alice@example.org", "password", "correct horse"));
        assertEquals(200, login.status(), login::toString);
        assertEquals(account, login.body().get("account"));
        String token = login.body().get("token").asString();
        assertEquals("no-store", login.raw().headers().firstValue("Cache-Control").orElse(""));

        ApiClient.Response me = api.get("/api/me", token);
        assertEquals(200, me.status());
        assertEquals(account, me.body());

        assertEquals(204, api.post("/api/auth/logout", token, null).status());
        assertEquals(401, api.get("/api/me", token).status(), "the token stops working at logout");
        assertEquals(200, api.get("/api/me", signup.body().get("token").asString()).status(),
                "logging out one session leaves the other");
    }

    @Test
    void aTakenEmailIsAConflictAndAWrongPasswordIsUnauthorized() {
        signUp("alice");
        ApiClient.Response again = api.post("/api/auth/signup", null,
                Map.of("email", "ALICE@example.org", "password", "another pass", "displayName", "Other"));
        assertEquals(409, again.status());
        assertEquals("EMAIL_TAKEN", again.errorCode());

        ApiClient.Response wrong = api.post("/api/auth/login", null,
                Map.of("email", "alice@example.org", "password", "wrong password"));
        ApiClient.Response unknown = api.post("/api/auth/login", null,
                Map.of("email", "nobody@example.org", "password", "wrong password"));
        assertEquals(401, wrong.status());
        assertEquals("INVALID_CREDENTIALS", wrong.errorCode());
        assertEquals(wrong.body(), unknown.body(), "unknown email and wrong password look the same");
    }

    @Test
    void badSignUpsAreRejectedWithAReasonAndCreateNothing() {
        ApiClient.Response shortPassword = api.post("/api/auth/signup", null,
                Map.of("email", "a@example.org", "password", "short", "displayName", "A"));
        assertEquals(422, shortPassword.status());
        assertEquals("VALIDATION_FAILED", shortPassword.errorCode());
        assertTrue(shortPassword.body().path("error").path("message").asString().contains("8"));

        ApiClient.Response missing = api.post("/api/auth/signup", null, Map.of("email", "a@example.org"));
        assertEquals(422, missing.status());
        assertTrue(missing.body().path("error").path("message").asString().contains("'displayName'"), missing::toString);

        ApiClient.Response wrongType = api.post("/api/auth/signup", null,
                "{\"email\": 42, \"password\": \"long enough\", \"displayName\": \"A\"}");
        assertEquals(422, wrongType.status());
        assertTrue(wrongType.body().path("error").path("message").asString().contains("'email' must be a string"));

        ApiClient.Response malformed = api.post("/api/auth/signup", null, "{\"email\": \"a@example.org\",");
        assertEquals(400, malformed.status());
        assertEquals("MALFORMED_JSON", malformed.errorCode());

        assertEquals(401, api.post("/api/auth/login", null,
                Map.of("email", "a@example.org", "password", "long enough")).status(), "no account was created");
    }

    @Test
    void bodiesMustBeOneJsonObject() {
        String token = signUp("alice");
        Map<String, String> cases = Map.of(
                "", "BAD_REQUEST",
                "[1, 2]", "BAD_REQUEST",
                "\"just a string\"", "BAD_REQUEST",
                "{\"name\": \"a\"} trailing", "MALFORMED_JSON",
                "{\"name\": \"a\", \"name\": \"b\"}", "MALFORMED_JSON",
                "{name: 'a'}", "MALFORMED_JSON",
                "{\"name\": [\"not\", \"text\"]}", "VALIDATION_FAILED");
        cases.forEach((body, code) -> {
            ApiClient.Response r = api.post("/api/workspaces", token, body);
            assertEquals(code, r.errorCode(), () -> "body " + body + " → " + r);
            assertTrue(r.body().path("error").path("message").asString().length() > 10);
        });
        assertEquals(0, api.get("/api/workspaces", token).body().size(), "no workspace was created");
    }

    @Test
    void everyProtectedRouteNeedsAValidToken() {
        String id = UUID.randomUUID().toString();
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/me"}, new String[] {"POST", "/api/auth/logout"},
                new String[] {"GET", "/api/workspaces"}, new String[] {"POST", "/api/workspaces"},
                new String[] {"GET", "/api/workspaces/" + id}, new String[] {"GET", "/api/workspaces/" + id + "/members"},
                new String[] {"POST", "/api/workspaces/" + id + "/invites"},
                new String[] {"PUT", "/api/workspaces/" + id + "/members/" + id},
                new String[] {"DELETE", "/api/workspaces/" + id + "/members/" + id},
                new String[] {"GET", "/api/workspaces/" + id + "/boards"},
                new String[] {"POST", "/api/workspaces/" + id + "/boards"},
                new String[] {"GET", "/api/boards/" + id}, new String[] {"GET", "/api/invites/abc"},
                new String[] {"POST", "/api/invites/abc/accept"});
        for (String[] route : routes) {
            for (String token : new String[] {null, "not-a-real-token"}) {
                String body = route[0].equals("POST") || route[0].equals("PUT") ? "{\"name\":\"x\"}" : null;
                ApiClient.Response r = api.send(route[0], route[1], token, body);
                assertEquals(401, r.status(), () -> route[0] + " " + route[1] + " → " + r);
                assertEquals("UNAUTHENTICATED", r.errorCode());
                assertEquals("Bearer", r.raw().headers().firstValue("WWW-Authenticate").orElse(""));
            }
        }
    }

    // ---- workspaces and members ----

    @Test
    void createListAndReadAWorkspace() {
        String token = signUp("alice");
        ApiClient.Response created = api.post("/api/workspaces", token,
                Map.of("name", "Riverside & Hillview", "description", "Reading for pleasure"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("OWNER", created.body().get("myRole").asString());
        String id = created.body().get("id").asString();

        ApiClient.Response list = api.get("/api/workspaces", token);
        assertEquals(200, list.status());
        assertEquals(1, list.body().size());
        assertEquals(created.body(), list.body().get(0));
        assertEquals(created.body(), api.get("/api/workspaces/" + id, token).body());

        JsonNode members = api.get("/api/workspaces/" + id + "/members", token).body();
        assertEquals(1, members.size());
        assertEquals("alice@example.org", members.get(0).get("email").asString());
        assertEquals("OWNER", members.get(0).get("role").asString());

        ApiClient.Response noDescription = api.post("/api/workspaces", token, Map.of("name", "Second"));
        assertEquals(201, noDescription.status());
        assertEquals("", noDescription.body().get("description").asString());
    }

    @Test
    void unknownMalformedAndOtherPeoplesIdsAreAllNotFound() {
        String alice = signUp("alice");
        String olga = signUp("olga");
        String ws = createWorkspace(alice);
        String board = api.post("/api/workspaces/" + ws + "/boards", alice, Map.of("title", "Plan"))
                .body().get("id").asString();
        String random = UUID.randomUUID().toString();
        List<String> paths = List.of("/api/workspaces/" + random, "/api/workspaces/not-a-uuid",
                "/api/workspaces/1-2-3-4-5", "/api/workspaces/" + ws, "/api/workspaces/" + ws + "/members",
                "/api/workspaces/" + ws + "/boards", "/api/boards/" + random, "/api/boards/42",
                "/api/boards/" + board, "/api/invites/no-such-token");
        for (String path : paths) {
            ApiClient.Response r = api.get(path, olga);
            assertEquals(404, r.status(), () -> path + " → " + r);
            assertEquals("NOT_FOUND", r.errorCode());
        }
        ApiClient.Response put = api.put("/api/workspaces/" + ws + "/members/not-a-uuid", alice, Map.of("role", "PARTNER"));
        assertEquals(404, put.status());
        ApiClient.Response post = api.post("/api/workspaces/" + ws + "/boards", olga, Map.of("title", "Mine"));
        assertEquals(404, post.status());
        assertEquals(1, api.get("/api/workspaces/" + ws + "/boards", alice).body().size(), "olga created nothing");
    }

    @Test
    void invitesAreSingleUseLinks() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        ApiClient.Response invite = api.post("/api/workspaces/" + ws + "/invites", alice,
                Map.of("role", "partner", "validDays", 3));
        assertEquals(201, invite.status(), invite::toString);
        String token = invite.body().get("token").asString();
        assertEquals("/invite/" + token, invite.body().get("url").asString());
        assertEquals("PARTNER", invite.body().get("role").asString());
        Instant expires = Instant.parse(invite.body().get("expiresAt").asString());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(3 * 86400 - 60)), "ISO-8601 date, three days ahead");

        String bob = signUp("bob");
        ApiClient.Response peek = api.get("/api/invites/" + token, bob);
        assertEquals(200, peek.status());
        assertEquals("Partnership", peek.body().get("workspaceName").asString());

        ApiClient.Response accepted = api.post("/api/invites/" + token + "/accept", bob, null);
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals("PARTNER", accepted.body().get("myRole").asString());
        assertEquals(ws, accepted.body().get("id").asString());

        ApiClient.Response reused = api.post("/api/invites/" + token + "/accept", signUp("carol"), null);
        assertEquals(410, reused.status());
        assertEquals("INVITE_USED", reused.errorCode());

        String second = api.post("/api/workspaces/" + ws + "/invites", alice, Map.of("role", "OBSERVER"))
                .body().get("token").asString();
        ApiClient.Response already = api.post("/api/invites/" + second + "/accept", bob, null);
        assertEquals(409, already.status());
        assertEquals("ALREADY_MEMBER", already.errorCode());
        assertEquals(2, api.get("/api/workspaces/" + ws + "/members", alice).body().size());
    }

    @Test
    void badInviteRequestsAreRejected() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        List<Map<String, Object>> bad = List.of(Map.of("role", "OWNER"), Map.of("role", "HEADTEACHER"),
                Map.of("role", "PARTNER", "validDays", 0), Map.of("role", "PARTNER", "validDays", 31),
                Map.of("role", "PARTNER", "validDays", "7"), Map.of("role", "PARTNER", "validDays", 1.5),
                Map.of("validDays", 7));
        for (Map<String, Object> body : bad) {
            ApiClient.Response r = api.post("/api/workspaces/" + ws + "/invites", alice, body);
            assertEquals(422, r.status(), () -> body + " → " + r);
        }
        ApiClient.Response defaults = api.post("/api/workspaces/" + ws + "/invites", alice, Map.of("role", "MENTOR"));
        assertEquals(201, defaults.status());
        Instant expires = Instant.parse(defaults.body().get("expiresAt").asString());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(7 * 86400 - 60)), "a week by default");
    }

    @Test
    void aPartnerCannotManageMembersAndNothingChanges() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        String bob = join(alice, ws, "bob", "PARTNER");
        String aliceId = api.get("/api/me", alice).body().get("id").asString();
        String bobId = api.get("/api/me", bob).body().get("id").asString();
        JsonNode before = api.get("/api/workspaces/" + ws + "/members", alice).body();

        List<ApiClient.Response> attempts = new ArrayList<>();
        attempts.add(api.put("/api/workspaces/" + ws + "/members/" + bobId, bob, Map.of("role", "OWNER")));
        attempts.add(api.put("/api/workspaces/" + ws + "/members/" + aliceId, bob, Map.of("role", "OBSERVER")));
        attempts.add(api.delete("/api/workspaces/" + ws + "/members/" + aliceId, bob));
        attempts.add(api.post("/api/workspaces/" + ws + "/invites", bob, Map.of("role", "BROKER")));
        for (ApiClient.Response r : attempts) {
            assertEquals(403, r.status(), r::toString);
            assertEquals("FORBIDDEN", r.errorCode());
        }
        assertEquals(before, api.get("/api/workspaces/" + ws + "/members", alice).body());
    }

    @Test
    void theOwnerChangesRolesAndRemovesMembers() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        String bob = join(alice, ws, "bob", "PARTNER");
        String bobId = api.get("/api/me", bob).body().get("id").asString();
        String aliceId = api.get("/api/me", alice).body().get("id").asString();

        ApiClient.Response changed = api.put("/api/workspaces/" + ws + "/members/" + bobId, alice, Map.of("role", "MENTOR"));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("MENTOR", changed.body().get("role").asString());
        assertEquals("MENTOR", api.get("/api/workspaces/" + ws, bob).body().get("myRole").asString());

        ApiClient.Response lastOwner = api.put("/api/workspaces/" + ws + "/members/" + aliceId, alice,
                Map.of("role", "PARTNER"));
        assertEquals(422, lastOwner.status());
        assertEquals("OWNER", api.get("/api/workspaces/" + ws, alice).body().get("myRole").asString());

        assertEquals(204, api.delete("/api/workspaces/" + ws + "/members/" + bobId, alice).status());
        assertEquals(404, api.get("/api/workspaces/" + ws, bob).status());
        assertEquals(404, api.delete("/api/workspaces/" + ws + "/members/" + bobId, alice).status());
    }

    // ---- boards ----

    @Test
    void membersCreateListAndReadBoards() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        ApiClient.Response created = api.post("/api/workspaces/" + ws + "/boards", alice, Map.of("title", "Reading cycle"));
        assertEquals(201, created.status(), created::toString);
        JsonNode board = created.body();
        assertEquals("cycle", board.get("type").asString());
        assertEquals(ws, board.get("workspaceId").asString());
        Instant.parse(board.get("createdAt").asString());

        ApiClient.Response typed = api.post("/api/workspaces/" + ws + "/boards", alice,
                Map.of("title", "Lessons", "type", "lesson-sequence"));
        assertEquals("lesson-sequence", typed.body().get("type").asString());

        JsonNode list = api.get("/api/workspaces/" + ws + "/boards", alice).body();
        assertEquals(List.of(board, typed.body()), List.of(list.get(0), list.get(1)));
        assertEquals(board, api.get("/api/boards/" + board.get("id").asString(), alice).body());

        ApiClient.Response blank = api.post("/api/workspaces/" + ws + "/boards", alice, Map.of("title", "  "));
        assertEquals(422, blank.status());
        assertEquals(2, api.get("/api/workspaces/" + ws + "/boards", alice).body().size());
    }

    @Test
    void observersReadBoardsButCannotCreateThem() {
        String alice = signUp("alice");
        String ws = createWorkspace(alice);
        api.post("/api/workspaces/" + ws + "/boards", alice, Map.of("title", "Plan"));
        String obs = join(alice, ws, "olive", "OBSERVER");

        ApiClient.Response r = api.post("/api/workspaces/" + ws + "/boards", obs, Map.of("title", "Sneaky"));
        assertEquals(403, r.status());
        assertEquals("FORBIDDEN", r.errorCode());
        JsonNode boards = api.get("/api/workspaces/" + ws + "/boards", obs).body();
        assertEquals(1, boards.size());
        assertEquals(200, api.get("/api/boards/" + boards.get(0).get("id").asString(), obs).status());
    }

    // ---- limits and unknown routes ----

    @Test
    void aBodyOver64KiBIsRefusedAndChangesNothing() {
        String alice = signUp("alice");
        String huge = "{\"name\":\"Big\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";
        ApiClient.Response r = api.post("/api/workspaces", alice, huge);
        assertEquals(413, r.status(), r::toString);
        assertEquals("TOO_LARGE", r.errorCode());
        assertEquals(0, api.get("/api/workspaces", alice).body().size());

        String underLimitButTooLongForTheField = "{\"name\":\"Big\",\"description\":\"" + "x".repeat(60 * 1024) + "\"}";
        assertEquals(422, api.post("/api/workspaces", alice, underLimitButTooLongForTheField).status());
    }

    @Test
    void unknownRoutesAnswerJsonNotFound() {
        for (String[] route : List.of(new String[] {"GET", "/api/nope"}, new String[] {"GET", "/"},
                new String[] {"DELETE", "/health"}, new String[] {"PATCH", "/api/workspaces"})) {
            ApiClient.Response r = api.send(route[0], route[1], null, null);
            assertEquals(404, r.status(), () -> route[0] + " " + route[1] + " → " + r);
            assertEquals("NOT_FOUND", r.errorCode());
            assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
    }

    // ---- threading ----

    @Test
    void serviceCallsNeverRunOnAnEventLoop() {
        // The same real services, each call recorded with the kind of thread it ran on.
        List<String> onEventLoop = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        ApiServices recorded = new ApiServices(
                recording(app.tandem.auth.AccountService.class, new JdbcAccountService(db.dataSource()), calls, onEventLoop),
                recording(app.tandem.auth.TokenService.class, new JdbcTokenService(db.dataSource()), calls, onEventLoop),
                recording(app.tandem.domain.WorkspaceService.class, new JdbcWorkspaceService(db.dataSource()), calls,
                        onEventLoop),
                health);
        ApiServer other = ApiServer.start(vertx, "127.0.0.1", 0, recorded).await();
        try {
            ApiClient client = new ApiClient(other.port());
            String token = client.post("/api/auth/signup", null,
                    Map.of("email", "t@example.org", "password", "password", "displayName", "T")).body().get("token").asString();
            String ws = client.post("/api/workspaces", token, Map.of("name", "W")).body().get("id").asString();
            client.post("/api/workspaces/" + ws + "/boards", token, Map.of("title", "B"));
            client.get("/api/workspaces/" + ws + "/boards", token);
            client.get("/api/workspaces/" + UUID.randomUUID(), token);
        } finally {
            other.close().await();
        }
        assertTrue(calls.size() >= 8, calls::toString);
        assertEquals(List.of(), onEventLoop);
    }

    @SuppressWarnings("unchecked")
    static <T> T recording(Class<T> type, T target, List<String> calls, List<String> onEventLoop) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            calls.add(m.getName());
            if (io.vertx.core.Context.isOnEventLoopThread()) {
                onEventLoop.add(m.getName() + " on " + Thread.currentThread().getName());
            }
            try {
                return m.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    // ---- helpers ----

    /** Signs a new account up through the API; returns its bearer token. */
    String signUp(String name) {
        ApiClient.Response r = api.post("/api/auth/signup", null,
                Map.of("email", name + "@example.org", "password", "password-" + name, "displayName", name));
        assertEquals(201, r.status(), r::toString);
        return r.body().get("token").asString();
    }

    String createWorkspace(String token) {
        ApiClient.Response r = api.post("/api/workspaces", token, Map.of("name", "Partnership"));
        assertEquals(201, r.status(), r::toString);
        return r.body().get("id").asString();
    }

    /** A new account joins through an invite from {@code inviter}; returns its token. */
    String join(String inviter, String ws, String name, String role) {
        String invite = api.post("/api/workspaces/" + ws + "/invites", inviter, Map.of("role", role))
                .body().get("token").asString();
        String token = signUp(name);
        assertEquals(200, api.post("/api/invites/" + invite + "/accept", token, null).status());
        return token;
    }
}
