package app.tandem.api;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.Invite;
import app.tandem.domain.Member;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's REST API and health endpoint (Vert.x Web). Every route but sign-up, login and /health needs a
 * bearer token; authorization is left to the services, which check it on the server for every call. Errors
 * always answer {@code {"error":{"code":..,"message":..}}} with the code's HTTP status.
 *
 * <p>Threading: the services block (JDBC, bcrypt), so each request runs its service calls on a worker pool
 * ({@link #blocking}) and only the response is written back on the event loop. Nothing here blocks an event loop.
 *
 * <p>Later features mount more routes on {@link #router()}; they can reuse {@link #authenticate},
 * {@link #blocking} and fail a context with a {@link TandemException} to get the standard error body.
 */
public final class ApiServer {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_INVITE_DAYS = 7;
    /**
     * Hard cap on one WebSocket frame and message: above it Vert.x closes the connection (1009). The protocol's own,
     * lower limit ({@code WsLimits.maxMessageBytes}) answers TOO_LARGE and keeps the connection usable.
     */
    public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Our JSON (Jackson 3): dates as ISO-8601 strings; strict input (no duplicate keys, no trailing garbage). */
    public static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Canonical UUIDs only: UUID.fromString also accepts odd short forms like "1-2-3-4-5". */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Worker threads for blocking service calls; a little above the JDBC pool so waiting for a connection queues. */
    private static final int WORKER_THREADS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiServices services;
    private final Router router;
    private final WorkerExecutor workers;
    private HttpServer server;

    private ApiServer(Vertx vertx, ApiServices services) {
        this.services = services;
        this.router = Router.router(vertx);
        this.workers = vertx.createSharedWorkerExecutor("tandem-api-blocking", WORKER_THREADS);
        routes();
    }

    /** Starts listening; the future completes once the port is bound (use {@link #port()} with port 0). */
    public static Future<ApiServer> start(Vertx vertx, String host, int port, ApiServices services) {
        ApiServer api = new ApiServer(vertx, services);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES))
                .requestHandler(api.router)
                .listen()
                .map(s -> {
                    api.server = s;
                    return api;
                })
                .onFailure(e -> api.workers.close());
    }

    public Router router() {
        return router;
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close().eventually(workers::close);
    }

    /**
     * Runs blocking work (JDBC, bcrypt, synchronous cluster calls) on the API's worker pool; the future
     * completes back on the caller's event-loop context. Unordered: requests must not queue behind each other.
     */
    public <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    /** The account behind the request's bearer token, or a failed future with UNAUTHENTICATED. */
    public Future<Account> authenticate(RoutingContext ctx) {
        String token = bearerToken(ctx);
        return blocking(() -> accountFor(token));
    }

    /** The account behind a bearer token (e.g. from a WebSocket's first message), or UNAUTHENTICATED. */
    public Future<Account> authenticateToken(String token) {
        return blocking(() -> accountFor(token));
    }

    // ---- routes ----

    private void routes() {
        // Bodies only where a route reads one (POST/PUT); GETs, DELETEs and WebSocket upgrades stay untouched.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).handler(body);
        router.route().failureHandler(this::failure);
        // Not a catch-all route: later routes mounted on router() still match before the 404.
        router.errorHandler(404, ctx -> sendError(ctx, new TandemException(ErrorCode.NOT_FOUND,
                "No such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> sendError(ctx, new TandemException(ErrorCode.NOT_FOUND,
                "No such endpoint: " + ctx.request().method() + " " + ctx.request().path())));

        router.get("/health").handler(this::health);

        on(HttpMethod.POST, "/api/auth/signup", false, req -> {
            JsonInput in = req.json();
            Account account = services.accounts().signUp(
                    in.requiredString("email"), in.requiredString("displayName"), in.requiredString("password"));
            return Reply.created(new Session(services.tokens().issue(account), account));
        });
        on(HttpMethod.POST, "/api/auth/login", false, req -> {
            JsonInput in = req.json();
            Account account = services.accounts().authenticate(in.requiredString("email"), in.requiredString("password"));
            return Reply.ok(new Session(services.tokens().issue(account), account));
        });
        on(HttpMethod.POST, "/api/auth/logout", true, req -> {
            services.tokens().revoke(req.token());
            return Reply.noContent();
        });
        on(HttpMethod.GET, "/api/me", true, req -> Reply.ok(req.account()));

        on(HttpMethod.GET, "/api/workspaces", true, req -> Reply.ok(services.workspaces().listFor(req.account())));
        on(HttpMethod.POST, "/api/workspaces", true, req -> {
            JsonInput in = req.json();
            return Reply.created(services.workspaces().create(
                    req.account(), in.requiredString("name"), in.optionalString("description")));
        });
        on(HttpMethod.GET, "/api/workspaces/:id", true, req ->
                Reply.ok(services.workspaces().get(req.account(), req.id("id", "workspace"))));
        on(HttpMethod.GET, "/api/workspaces/:id/members", true, req ->
                Reply.ok(services.workspaces().members(req.account(), req.id("id", "workspace"))));
        on(HttpMethod.PUT, "/api/workspaces/:id/members/:accountId", true, req -> {
            UUID ws = req.id("id", "workspace");
            UUID member = req.id("accountId", "member");
            Role role = role(req.json().requiredString("role"));
            services.workspaces().changeRole(req.account(), ws, member, role);
            Member updated = services.workspaces().members(req.account(), ws).stream()
                    .filter(m -> m.accountId().equals(member)).findFirst()
                    .orElseThrow(() -> new TandemException(ErrorCode.NOT_FOUND, "No such member in this workspace."));
            return Reply.ok(updated);
        });
        on(HttpMethod.DELETE, "/api/workspaces/:id/members/:accountId", true, req -> {
            services.workspaces().removeMember(req.account(), req.id("id", "workspace"), req.id("accountId", "member"));
            return Reply.noContent();
        });

        on(HttpMethod.POST, "/api/workspaces/:id/invites", true, req -> {
            UUID ws = req.id("id", "workspace");
            JsonInput in = req.json();
            Role role = role(in.requiredString("role"));
            Integer days = in.optionalInt("validDays");
            // The range (1..30 days) is the service's rule, checked there after authorization.
            Duration validFor = Duration.ofDays(days == null ? DEFAULT_INVITE_DAYS : days);
            Invite invite = services.workspaces().invite(req.account(), ws, role, validFor);
            return Reply.created(InviteLink.of(invite));
        });
        on(HttpMethod.GET, "/api/invites/:token", true, req ->
                Reply.ok(InviteLink.of(services.workspaces().peekInvite(req.param("token")))));
        on(HttpMethod.POST, "/api/invites/:token/accept", true, req ->
                Reply.ok(services.workspaces().acceptInvite(req.account(), req.param("token"))));

        on(HttpMethod.GET, "/api/workspaces/:id/boards", true, req ->
                Reply.ok(services.workspaces().boards(req.account(), req.id("id", "workspace"))));
        on(HttpMethod.POST, "/api/workspaces/:id/boards", true, req -> {
            UUID ws = req.id("id", "workspace");
            JsonInput in = req.json();
            return Reply.created(services.workspaces().createBoard(
                    req.account(), ws, in.requiredString("title"), in.optionalString("type")));
        });
        on(HttpMethod.GET, "/api/boards/:id", true, req ->
                Reply.ok(services.workspaces().board(req.account(), req.id("id", "board"))));
    }

    private void health(RoutingContext ctx) {
        NodeHealth h = services.health();
        boolean ready = h.ready();
        send(ctx, new Reply(ready ? 200 : 503, new Health(ready ? "UP" : "STARTING", h.clusterSize(), h.nodeId())));
    }

    // ---- request plumbing ----

    /** One endpoint: its action runs on a worker thread, after authentication when {@code authenticated}. */
    private void on(HttpMethod method, String path, boolean authenticated, Action action) {
        router.route(method, path).handler(ctx -> {
            // Copy what the action needs on the event loop; the action itself runs on a worker.
            String token = authenticated ? bearerToken(ctx) : null;
            Map<String, String> params = Map.copyOf(ctx.pathParams());
            String body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asString();
            blocking(() -> action.handle(new Request(authenticated ? accountFor(token) : null, token, params, body)))
                    .onSuccess(reply -> send(ctx, reply))
                    .onFailure(ctx::fail);
        });
    }

    @FunctionalInterface
    private interface Action {
        Reply handle(Request req);
    }

    /** What an action sees of its request: the authenticated account (or null), path parameters and body. */
    private record Request(Account account, String token, Map<String, String> params, String body) {
        JsonInput json() {
            return JsonInput.parse(body);
        }

        String param(String name) {
            return params.get(name);
        }

        /** A path id; anything that is not a UUID cannot name a thing, so it is simply not found. */
        UUID id(String name, String what) {
            String v = params.get(name);
            if (v == null || !UUID_TEXT.matcher(v).matches()) {
                throw new TandemException(ErrorCode.NOT_FOUND, "No such " + what + ".");
            }
            return UUID.fromString(v);
        }
    }

    private record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply created(Object body) {
            return new Reply(201, body);
        }

        static Reply noContent() {
            return new Reply(204, null);
        }
    }

    private static String bearerToken(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private Account accountFor(String token) {
        if (token == null) {
            throw new TandemException(ErrorCode.UNAUTHENTICATED,
                    "Sign in first: send 'Authorization: Bearer <token>' with a token from /api/auth/login.");
        }
        return services.tokens().resolve(token).orElseThrow(() -> new TandemException(ErrorCode.UNAUTHENTICATED,
                "Your session token is unknown or expired; sign in again."));
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TandemException(ErrorCode.VALIDATION_FAILED,
                    "Field 'role' must be one of " + Arrays.toString(Role.values()) + ".");
        }
    }

    // ---- responses ----

    /** Error body and status for every failure, from our services, Vert.x Web (e.g. 413) or a bug. */
    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        int status = f instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
        TandemException error;
        if (f instanceof TandemException te) {
            error = te;
        } else if (status == 413) {
            error = new TandemException(ErrorCode.TOO_LARGE, "The request body is larger than 64 KiB.");
        } else if (status == 400) {
            error = new TandemException(ErrorCode.BAD_REQUEST, "The request could not be read.");
        } else if (status == 404 || status == 405) {
            error = new TandemException(ErrorCode.NOT_FOUND, "No such endpoint: " + ctx.request().path());
        } else {
            LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), f);
            error = new TandemException(ErrorCode.INTERNAL, "Something went wrong on the server; it has been logged.");
        }
        sendError(ctx, error);
    }

    private static void sendError(RoutingContext ctx, TandemException e) {
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        send(ctx, new Reply(e.code().httpStatus(), new ErrorBody(new ErrorDetail(e.code().name(), e.getMessage()))));
    }

    private static void send(RoutingContext ctx, Reply reply) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return; // e.g. the client went away, or a handler already answered
        }
        // Answers carry tokens and private workspace data: never cache them anywhere.
        ctx.response().putHeader("Cache-Control", "no-store").setStatusCode(reply.status());
        if (reply.body() == null) {
            ctx.response().end();
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .end(JSON.writeValueAsString(reply.body()));
    }

    // ---- response bodies (records serialize as they are) ----

    private record Session(String token, Account account) {
    }

    private record Health(String status, int clusterSize, String node) {
    }

    private record ErrorBody(ErrorDetail error) {
    }

    private record ErrorDetail(String code, String message) {
    }

    /** An invite as the API shows it: the UI link to share plus what it grants. */
    private record InviteLink(String token, String url, UUID workspaceId, String workspaceName, Role role,
                              Instant expiresAt) {
        static InviteLink of(Invite i) {
            return new InviteLink(i.token(), "/invite/" + i.token(), i.workspaceId(), i.workspaceName(), i.role(),
                    i.expiresAt());
        }
    }
}
