package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.api.ApiServer;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * One client connection of the WebSocket protocol. All state here is owned by the connection's event loop:
 * gateway callbacks (which come on any thread) hop onto it with {@link Context#runOnContext}, so there are no locks.
 *
 * <p>The one subtle rule: for a board the client is subscribed to, the author's {@code ack} is sent in the board's
 * op stream order (when the stream reaches the op's rev), never before a remote op with a lower rev; the client's
 * Jupiter state depends on it. Every failure answers a coded {@code error} and leaves the connection usable.
 */
final class WsConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    static final int PROTOCOL_VERSION = 1;
    private static final int MAX_CLIENT_ID = 64;
    private static final int MAX_NAME = 128;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final WsEndpoint endpoint;
    private final BoardGateway gateway;
    private final WsLimits limits;
    private final ServerWebSocket ws;
    private final Context context;
    private final String sessionId = UUID.randomUUID().toString();
    private final TokenBucket opBucket;
    private final TokenBucket presenceBucket;
    private final Map<UUID, BoardSub> subs = new HashMap<>();
    /** Submits sent to the gateway and not yet acknowledged to the client, by clientId + clientSeq. */
    private final Map<String, PendingSubmit> pending = new HashMap<>();
    private Account account;
    private boolean authenticating;
    private long authTimer = -1;
    private boolean closed;

    private enum SubState { SUBSCRIBING, ACTIVE }

    private static final class BoardSub {
        final UUID board;
        SubState state = SubState.SUBSCRIBING;
        Role role;
        long deliveredRev = -1;
        BoardGateway.Subscription stream;
        BoardGateway.PresenceSession presence;
        /** The latest presence state sent before the presence join completed; published once it has. */
        JsonNode queuedPresence;
        /** Ops that arrived between the stream going live and the snapshot being sent. */
        final List<BoardGateway.SequencedOp> early = new ArrayList<>();

        BoardSub(UUID board) {
            this.board = board;
        }
    }

    private static final class PendingSubmit {
        final JsonNode id;
        final UUID board;
        final String clientId;
        final long clientSeq;
        BoardGateway.Ack ack;

        PendingSubmit(JsonNode id, UUID board, String clientId, long clientSeq) {
            this.id = id;
            this.board = board;
            this.clientId = clientId;
            this.clientSeq = clientSeq;
        }
    }

    WsConnection(WsEndpoint endpoint, ServerWebSocket ws, Account account) {
        this.endpoint = endpoint;
        this.gateway = endpoint.gateway;
        this.limits = endpoint.limits;
        this.ws = ws;
        this.account = account;
        this.context = Vertx.currentContext();
        this.opBucket = new TokenBucket(limits.opsPerSecond(), limits.opsBurst(), System::nanoTime);
        this.presenceBucket = new TokenBucket(limits.presencePerSecond(),
                (int) Math.max(1, Math.ceil(limits.presencePerSecond())), System::nanoTime);
    }

    void start() {
        ws.setWriteQueueMaxSize(limits.maxQueuedBytes());
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> sendError(null, new TandemException(ErrorCode.BAD_REQUEST,
                "Binary messages are not part of the protocol; send JSON text messages.")));
        ws.exceptionHandler(e -> LOG.debug("WebSocket {} failed: {}", sessionId, e.toString()));
        ws.closeHandler(v -> cleanUp());
        if (account == null) {
            authTimer = context.owner().setTimer(limits.authTimeout().toMillis(), t -> {
                if (account == null) {
                    close((short) 1008, "Authenticate first: send an 'auth' message with your token.");
                }
            });
        }
        ObjectNode hello = message("hello", null);
        hello.put("protocol", PROTOCOL_VERSION);
        hello.put("session", sessionId);
        hello.set("account", account == null ? null : ApiServer.JSON.valueToTree(account));
        ObjectNode l = hello.putObject("limits");
        l.put("maxMessageBytes", limits.maxMessageBytes());
        l.put("maxTextLength", limits.maxTextLength());
        l.put("opsPerSecond", limits.opsPerSecond());
        l.put("opsBurst", limits.opsBurst());
        l.put("presencePerSecond", limits.presencePerSecond());
        l.put("maxSubscriptions", limits.maxSubscriptions());
        send(hello);
    }

    /** Closes from any thread. */
    void close(short status, String reason) {
        context.runOnContext(v -> {
            if (!ws.isClosed()) {
                ws.close(status, reason);
            }
            cleanUp();
        });
    }

    private void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        if (authTimer >= 0) {
            context.owner().cancelTimer(authTimer);
        }
        for (BoardSub sub : subs.values()) {
            release(sub);
        }
        subs.clear();
        pending.clear();
        endpoint.removed(this);
    }

    private static void release(BoardSub sub) {
        if (sub.stream != null) {
            sub.stream.close();
        }
        if (sub.presence != null) {
            sub.presence.leave();
        }
    }

    // ---- input ----

    private void onText(String text) {
        if (closed) {
            return;
        }
        if (utf8Length(text) > limits.maxMessageBytes()) {
            sendError(null, new TandemException(ErrorCode.TOO_LARGE,
                    "A message may have at most " + limits.maxMessageBytes() + " bytes; nothing was applied. "
                            + "Split large text inserts into several ops."));
            return;
        }
        JsonNode msg;
        try {
            msg = endpoint.input.readTree(text);
        } catch (StreamConstraintsException e) {
            sendError(null, new TandemException(ErrorCode.TOO_LARGE,
                    "The message is nested too deeply or too long: " + e.getOriginalMessage()));
            return;
        } catch (JacksonException e) {
            sendError(null, new TandemException(ErrorCode.MALFORMED_JSON,
                    "The message is not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        if (msg == null || msg.isMissingNode()) {
            sendError(null, new TandemException(ErrorCode.MALFORMED_JSON, "The message is empty; send a JSON object."));
            return;
        }
        if (!msg.isObject()) {
            sendError(null, new TandemException(ErrorCode.BAD_REQUEST, "A message must be a JSON object ({...})."));
            return;
        }
        JsonNode id = msg.get("id");
        if (id != null && !id.isNull() && !id.isString() && !id.isIntegralNumber()) {
            sendError(null, new TandemException(ErrorCode.BAD_REQUEST, "Field 'id' must be a string or an integer."));
            return;
        }
        if (id != null && id.isNull()) {
            id = null;
        }
        try {
            String type = requiredString(msg, "type", 32);
            if (account == null && !type.equals("auth") && !type.equals("ping")) {
                throw new TandemException(ErrorCode.UNAUTHENTICATED,
                        "Authenticate first: send {\"type\":\"auth\",\"token\":...} with a token from POST /api/auth/login.");
            }
            switch (type) {
                case "auth" -> auth(id, msg);
                case "ping" -> send(message("pong", id));
                case "subscribe" -> subscribe(id, msg);
                case "unsubscribe" -> unsubscribe(id, msg);
                case "submit" -> submit(id, msg);
                case "presence" -> presence(id, msg);
                case "createBoard" -> createBoard(id, msg);
                default -> throw new TandemException(ErrorCode.BAD_REQUEST, "Unknown message type '" + type
                        + "'; see docs/protocol.md.");
            }
        } catch (TandemException e) {
            sendError(id, e);
        }
    }

    private void auth(JsonNode id, JsonNode msg) {
        if (account != null || authenticating) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "This connection is already authenticated.");
        }
        String token = requiredString(msg, "token", 512);
        authenticating = true;
        endpoint.api.authenticateToken(token).onComplete(ar -> {
            authenticating = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                sendError(id, ar.cause());
                return;
            }
            account = ar.result();
            ObjectNode reply = message("authenticated", id);
            reply.set("account", ApiServer.JSON.valueToTree(account));
            send(reply);
        });
    }

    private void createBoard(JsonNode id, JsonNode msg) {
        UUID workspace = uuid(msg, "workspace");
        String title = requiredString(msg, "title", 1000);
        String boardType = optionalString(msg, "boardType", 100);
        onContext(gateway.createBoard(account, workspace, title, boardType), (info, err) -> {
            if (err != null) {
                sendError(id, err);
                return;
            }
            ObjectNode reply = message("boardCreated", id);
            reply.set("board", ApiServer.JSON.valueToTree(info));
            send(reply);
        });
    }

    // ---- subscriptions and the op stream ----

    private record Opened(BoardGateway.Snapshot snapshot, long fromRev, BoardGateway.Subscription stream) {
    }

    private void subscribe(JsonNode id, JsonNode msg) {
        UUID board = uuid(msg, "board");
        Long fromRev = optionalLong(msg, "fromRev", 0);
        if (subs.containsKey(board)) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Already subscribed to this board; to resubscribe "
                    + "from another revision, unsubscribe first.");
        }
        if (subs.size() >= limits.maxSubscriptions()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "At most " + limits.maxSubscriptions()
                    + " boards per connection; unsubscribe from one first.");
        }
        BoardSub sub = new BoardSub(board);
        subs.put(board, sub);
        Account actor = account;
        BoardGateway.OpListener listener = new BoardGateway.OpListener() {
            @Override
            public void onOps(List<BoardGateway.SequencedOp> ops) {
                context.runOnContext(v -> delivered(sub, ops));
            }

            @Override
            public void onClosed(TandemException why) {
                context.runOnContext(v -> streamEnded(sub, why));
            }
        };
        CompletionStage<Opened> opening = gateway.open(actor, board).thenCompose(snap -> {
            if (fromRev != null && fromRev > snap.rev()) {
                throw new TandemException(ErrorCode.STALE_REVISION, "fromRev " + fromRev
                        + " is ahead of the board's revision " + snap.rev() + ".");
            }
            long from = fromRev == null ? snap.rev() : fromRev;
            return gateway.subscribe(actor, board, from, listener).thenApply(s -> new Opened(snap, from, s));
        });
        onContext(opening, (opened, err) -> {
            if (err != null) {
                if (subs.get(board) == sub) {
                    subs.remove(board);
                }
                sendError(id, err);
                return;
            }
            if (closed || subs.get(board) != sub) {
                opened.stream().close(); // unsubscribed (or gone) while subscribing
                return;
            }
            sub.stream = opened.stream();
            sub.role = opened.snapshot().role();
            sub.deliveredRev = opened.fromRev();
            sub.state = SubState.ACTIVE;
            ObjectNode reply = message("snapshot", id);
            reply.put("board", board.toString());
            reply.put("rev", opened.fromRev());
            reply.put("role", sub.role.name());
            if (fromRev == null) {
                reply.putRawValue("doc", new RawValue(opened.snapshot().docJson()));
            }
            send(reply);
            List<BoardGateway.SequencedOp> early = List.copyOf(sub.early);
            sub.early.clear();
            delivered(sub, early);
            joinPresence(sub, actor);
        });
    }

    private void joinPresence(BoardSub sub, Account actor) {
        onContext(gateway.joinPresence(actor, sub.board, sessionId,
                event -> context.runOnContext(v -> presenceEvent(sub, event))), (session, err) -> {
            if (err != null) {
                LOG.debug("Presence join on board {} failed: {}", sub.board, err.toString());
                return;
            }
            if (closed || subs.get(sub.board) != sub) {
                session.leave();
                return;
            }
            sub.presence = session;
            if (sub.queuedPresence != null) {
                session.update(sub.queuedPresence);
                sub.queuedPresence = null;
            }
        });
    }

    private void delivered(BoardSub sub, List<BoardGateway.SequencedOp> ops) {
        if (closed || subs.get(sub.board) != sub) {
            return;
        }
        if (sub.state != SubState.ACTIVE) {
            sub.early.addAll(ops);
            return;
        }
        for (BoardGateway.SequencedOp op : ops) {
            if (op.rev() <= sub.deliveredRev) {
                continue; // already in the snapshot or delivered
            }
            if (op.rev() != sub.deliveredRev + 1) {
                LOG.warn("Gap in board {} stream: expected rev {}, got {}", sub.board, sub.deliveredRev + 1, op.rev());
                streamEnded(sub, new TandemException(ErrorCode.UNAVAILABLE, "The board's op stream had a gap; "
                        + "subscribe again from your last revision (" + sub.deliveredRev + ")."));
                return;
            }
            sub.deliveredRev = op.rev();
            PendingSubmit p = pending.get(key(op.clientId(), op.clientSeq()));
            if (p != null && p.board.equals(sub.board)) {
                pending.remove(key(op.clientId(), op.clientSeq()));
                sendAck(p, op.rev(), op.opJson(), p.ack != null && p.ack.duplicate());
            } else {
                sendText(endpoint.opMessage(sub.board, op.rev(), board -> {
                    ObjectNode m = message("op", null);
                    m.put("board", board.toString());
                    m.put("rev", op.rev());
                    m.put("author", op.authorId() == null ? null : op.authorId().toString());
                    m.put("clientId", op.clientId());
                    m.put("clientSeq", op.clientSeq());
                    m.putRawValue("op", new RawValue(op.opJson()));
                    return ApiServer.JSON.writeValueAsString(m);
                }));
            }
        }
        flushAcks(sub.board, sub.deliveredRev);
    }

    /** Sends the acks the gateway already gave for ops the client has now seen the stream pass. */
    private void flushAcks(UUID board, long upToRev) {
        for (Iterator<PendingSubmit> it = pending.values().iterator(); it.hasNext(); ) {
            PendingSubmit p = it.next();
            if (p.board.equals(board) && p.ack != null && p.ack.rev() <= upToRev) {
                it.remove();
                sendAck(p, p.ack.rev(), p.ack.opJson(), p.ack.duplicate());
            }
        }
    }

    private void streamEnded(BoardSub sub, TandemException why) {
        if (closed || subs.get(sub.board) != sub) {
            return;
        }
        subs.remove(sub.board);
        release(sub);
        flushAcks(sub.board, Long.MAX_VALUE);
        ObjectNode m = message("unsubscribed", null);
        m.put("board", sub.board.toString());
        m.put("code", why.code().name());
        m.put("message", why.getMessage());
        send(m);
    }

    private void unsubscribe(JsonNode id, JsonNode msg) {
        UUID board = uuid(msg, "board");
        BoardSub sub = subs.remove(board);
        if (sub == null) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Not subscribed to this board.");
        }
        release(sub);
        flushAcks(board, Long.MAX_VALUE);
        ObjectNode reply = message("unsubscribed", id);
        reply.put("board", board.toString());
        send(reply);
    }

    // ---- submit ----

    private void submit(JsonNode id, JsonNode msg) {
        if (!opBucket.tryTake()) {
            throw new TandemException(ErrorCode.RATE_LIMITED, "At most " + limits.opsPerSecond()
                    + " ops per second per connection (bursts of " + limits.opsBurst() + "); nothing was applied. "
                    + "Send the same op again later, or combine edits into fewer ops.");
        }
        UUID board = uuid(msg, "board");
        String clientId = requiredString(msg, "clientId", MAX_CLIENT_ID);
        long clientSeq = requiredLong(msg, "clientSeq", 1);
        long baseRev = requiredLong(msg, "baseRev", 0);
        JsonNode op = msg.get("op");
        if (op == null || !op.isObject() || !op.path("type").isString()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field 'op' must be a board op: an object with a "
                    + "'type' (create, delete, move, set, text, noop).");
        }
        checkTextLengths(op);
        BoardSub sub = subs.get(board);
        if (sub != null && sub.role != null && !sub.role.canEditBoards()) {
            throw new TandemException(ErrorCode.FORBIDDEN, "Your role on this board (" + sub.role.label()
                    + ") can read but not edit.");
        }
        String key = key(clientId, clientSeq);
        if (pending.containsKey(key)) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Op (" + clientId + ", " + clientSeq
                    + ") is already being submitted on this connection; wait for its ack.");
        }
        PendingSubmit p = new PendingSubmit(id, board, clientId, clientSeq);
        pending.put(key, p);
        String opJson = ApiServer.JSON.writeValueAsString(op);
        onContext(gateway.submit(account, board, clientId, clientSeq, baseRev, opJson), (ack, err) -> {
            if (pending.get(key) != p) {
                return; // acknowledged by the stream already, or the connection is gone
            }
            if (err != null) {
                pending.remove(key);
                sendError(id, err);
                return;
            }
            p.ack = ack;
            BoardSub s = subs.get(board);
            if (s == null || (s.state == SubState.ACTIVE && s.deliveredRev >= ack.rev())) {
                pending.remove(key);
                sendAck(p, ack.rev(), ack.opJson(), ack.duplicate());
            }
            // else: subscribed and the stream has not reached ack.rev yet; delivered() sends the ack in order
        });
    }

    private void sendAck(PendingSubmit p, long rev, String opJson, boolean duplicate) {
        ObjectNode m = message("ack", p.id);
        m.put("board", p.board.toString());
        m.put("rev", rev);
        m.put("clientId", p.clientId);
        m.put("clientSeq", p.clientSeq);
        m.putRawValue("op", new RawValue(opJson));
        m.put("duplicate", duplicate);
        send(m);
    }

    /** Cheap early refusal of ops that insert more text at once than a field may hold (the core checks the rest). */
    private void checkTextLengths(JsonNode op) {
        String type = op.path("type").asString();
        long inserted = 0;
        if (type.equals("text")) {
            for (JsonNode c : op.path("ops")) {
                if (c.isString()) {
                    inserted += codePoints(c.asString());
                }
            }
        } else if (type.equals("create")) {
            for (JsonNode t : op.path("texts")) {
                if (t.isString()) {
                    inserted = Math.max(inserted, codePoints(t.asString()));
                }
            }
        }
        if (inserted > limits.maxTextLength()) {
            throw new TandemException(ErrorCode.TEXT_TOO_LONG, "A text field may hold at most "
                    + limits.maxTextLength() + " characters; nothing was applied.");
        }
    }

    // ---- presence ----

    private void presence(JsonNode id, JsonNode msg) {
        UUID board = uuid(msg, "board");
        BoardSub sub = subs.get(board);
        if (sub == null) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Subscribe to the board before sending presence.");
        }
        if (!presenceBucket.tryTake()) {
            throw new TandemException(ErrorCode.RATE_LIMITED, "At most " + limits.presencePerSecond()
                    + " presence updates per second per connection; send only the latest state.");
        }
        ObjectNode state = ApiServer.JSON.createObjectNode();
        JsonNode focus = msg.get("focus");
        if (focus == null || focus.isNull()) {
            state.putNull("focus");
        } else {
            if (!focus.isObject()) {
                throw new TandemException(ErrorCode.BAD_REQUEST, "Field 'focus' must be {\"node\":..,\"field\":..} or null.");
            }
            ObjectNode f = state.putObject("focus");
            f.put("node", requiredString(focus, "node", MAX_NAME));
            String field = optionalString(focus, "field", MAX_NAME);
            if (field == null) {
                f.putNull("field");
            } else {
                f.put("field", field);
            }
        }
        JsonNode selection = msg.get("selection");
        if (selection == null || selection.isNull()) {
            state.putNull("selection");
        } else {
            if (!selection.isObject()) {
                throw new TandemException(ErrorCode.BAD_REQUEST,
                        "Field 'selection' must be {\"anchor\":n,\"head\":n} or null.");
            }
            ObjectNode s = state.putObject("selection");
            s.put("anchor", requiredLong(selection, "anchor", 0));
            s.put("head", requiredLong(selection, "head", 0));
            if (s.path("anchor").asLong() > limits.maxTextLength() || s.path("head").asLong() > limits.maxTextLength()) {
                throw new TandemException(ErrorCode.BAD_REQUEST, "A selection lies within a text field.");
            }
        }
        if (sub.presence == null) { // still joining: keep only the latest state, published when joined
            sub.queuedPresence = state;
            if (id != null) {
                send(message("ok", id));
            }
            return;
        }
        onContext(sub.presence.update(state), (v, err) -> {
            if (err != null) {
                sendError(id, err);
            } else if (id != null) {
                send(message("ok", id));
            }
        });
    }

    private void presenceEvent(BoardSub sub, BoardGateway.PresenceEvent e) {
        if (closed || subs.get(sub.board) != sub || sessionId.equals(e.sessionId())) {
            return;
        }
        ObjectNode m = message("presence", null);
        m.put("board", sub.board.toString());
        m.put("event", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("session", e.sessionId());
        ObjectNode user = m.putObject("user");
        user.put("id", e.accountId() == null ? null : e.accountId().toString());
        user.put("name", e.name());
        user.put("color", e.color());
        JsonNode state = e.state() == null ? ApiServer.JSON.createObjectNode() : e.state();
        m.set("focus", state.has("focus") ? state.get("focus") : null);
        m.set("selection", state.has("selection") ? state.get("selection") : null);
        send(m);
    }

    // ---- output ----

    private static ObjectNode message(String type, JsonNode id) {
        ObjectNode m = ApiServer.JSON.createObjectNode();
        m.put("type", type);
        if (id != null) {
            m.set("id", id);
        }
        return m;
    }

    private void sendError(JsonNode id, Throwable failure) {
        TandemException e = asTandem(failure);
        ObjectNode m = ApiServer.JSON.createObjectNode();
        m.put("type", "error");
        m.set("id", id);
        m.put("code", e.code().name());
        m.put("message", e.getMessage());
        send(m);
    }

    private void send(ObjectNode message) {
        sendText(ApiServer.JSON.writeValueAsString(message));
    }

    private void sendText(String message) {
        if (closed || ws.isClosed()) {
            return;
        }
        ws.writeTextMessage(message);
        if (ws.writeQueueFull()) {
            LOG.info("Closing WebSocket {}: the client does not read what it is sent", sessionId);
            ws.close((short) 1013, "You are not reading fast enough; reconnect and resubscribe from your last rev.");
            cleanUp();
        }
    }

    /** Runs {@code then} on this connection's event loop once the stage completes; never after the connection closed. */
    private <T> void onContext(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        stage.whenComplete((value, err) -> context.runOnContext(v -> {
            if (closed) {
                if (value instanceof BoardGateway.Subscription s) {
                    s.close();
                } else if (value instanceof Opened o) {
                    o.stream().close();
                } else if (value instanceof BoardGateway.PresenceSession p) {
                    p.leave();
                }
                return;
            }
            then.accept(value, err == null ? null : unwrap(err));
        }));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static TandemException asTandem(Throwable t) {
        t = unwrap(t);
        if (t instanceof TandemException te) {
            return te;
        }
        LOG.error("Unexpected failure in the WebSocket protocol", t);
        return new TandemException(ErrorCode.INTERNAL, "Something went wrong on the server; it has been logged.");
    }

    // ---- field access ----

    private static String key(String clientId, long clientSeq) {
        return clientId + '\n' + clientSeq;
    }

    private static String requiredString(JsonNode msg, String field, int maxLength) {
        String v = optionalString(msg, field, maxLength);
        if (v == null || v.isEmpty()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' is required (a non-empty string).");
        }
        return v;
    }

    private static String optionalString(JsonNode msg, String field, int maxLength) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be a string.");
        }
        String s = v.asString();
        if (s.length() > maxLength) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' may have at most " + maxLength
                    + " characters.");
        }
        return s;
    }

    private static long requiredLong(JsonNode msg, String field, long min) {
        Long v = optionalLong(msg, field, min);
        if (v == null) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' is required (a whole number).");
        }
        return v;
    }

    private static Long optionalLong(JsonNode msg, String field, long min) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be a whole number >= "
                    + min + ".");
        }
        return v.asLong();
    }

    private static UUID uuid(JsonNode msg, String field) {
        String v = requiredString(msg, field, 36);
        if (!UUID_TEXT.matcher(v).matches()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be an id (a UUID).");
        }
        return UUID.fromString(v);
    }

    static long codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
