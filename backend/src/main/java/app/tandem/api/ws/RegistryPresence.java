package app.tandem.api.ws;

import app.tandem.api.ApiServer;
import app.tandem.auth.Account;
import app.tandem.cluster.presence.Presence;
import app.tandem.cluster.presence.PresenceEvent;
import app.tandem.cluster.presence.PresenceRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link BoardPresence} over the cluster's {@link PresenceRegistry}: a connection's session joins the board's
 * presence, hears everyone already there (as joins) and every later change, refreshes its entry every third of the
 * TTL while it stays, and leaves when the connection unsubscribes or closes (or its entry expires if the node dies).
 */
public final class RegistryPresence implements BoardPresence, AutoCloseable {
    private final PresenceRegistry registry;
    private final Duration heartbeat;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tandem-ws-presence").factory());

    /** @param ttl the registry's TTL: sessions are refreshed every third of it */
    public RegistryPresence(PresenceRegistry registry, Duration ttl) {
        this.registry = registry;
        this.heartbeat = ttl.dividedBy(3);
    }

    @Override
    public CompletionStage<BoardGateway.PresenceSession> join(Account actor, UUID boardId, String sessionId,
                                                              BoardGateway.PresenceListener listener) {
        AutoCloseable sub = registry.subscribe(boardId, e -> {
            if (!e.presence().sessionId().equals(sessionId)) {
                listener.onPresence(toEvent(e.kind(), e.presence()));
            }
        });
        return registry.ready(boardId)
                .thenCompose(v -> registry.list(boardId))
                .thenCompose(present -> {
                    for (Presence p : present) {
                        if (!p.sessionId().equals(sessionId)) {
                            listener.onPresence(toEvent(PresenceEvent.Kind.JOINED, p));
                        }
                    }
                    return registry.join(boardId, sessionId, actor.id(), actor.displayName());
                })
                .handle((joined, err) -> {
                    if (err != null) {
                        closeQuietly(sub);
                        throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
                    }
                    return session(boardId, sessionId, sub);
                });
    }

    private BoardGateway.PresenceSession session(UUID boardId, String sessionId, AutoCloseable sub) {
        long every = Math.max(1, heartbeat.toMillis());
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(() -> registry.heartbeat(boardId, sessionId),
                every, every, TimeUnit.MILLISECONDS);
        AtomicBoolean left = new AtomicBoolean();
        return new BoardGateway.PresenceSession() {
            @Override
            public CompletionStage<Void> update(JsonNode state) {
                JsonNode focus = state.path("focus");
                JsonNode sel = state.path("selection");
                return registry.update(boardId, sessionId,
                        focus.isObject() ? focus.path("node").asString(null) : null,
                        focus.isObject() ? focus.path("field").asString(null) : null,
                        sel.isObject() ? (int) Math.min(Integer.MAX_VALUE, sel.path("anchor").asLong()) : null,
                        sel.isObject() ? (int) Math.min(Integer.MAX_VALUE, sel.path("head").asLong()) : null);
            }

            @Override
            public void leave() {
                if (left.compareAndSet(false, true)) {
                    beat.cancel(false);
                    closeQuietly(sub);
                    registry.leave(boardId, sessionId);
                }
            }
        };
    }

    static BoardGateway.PresenceEvent toEvent(PresenceEvent.Kind kind, Presence p) {
        BoardGateway.PresenceKind k = switch (kind) {
            case JOINED -> BoardGateway.PresenceKind.JOIN;
            case UPDATED -> BoardGateway.PresenceKind.UPDATE;
            case LEFT -> BoardGateway.PresenceKind.LEAVE;
        };
        ObjectNode state = ApiServer.JSON.createObjectNode();
        if (k == BoardGateway.PresenceKind.LEAVE || p.focusNode() == null) {
            state.putNull("focus");
        } else {
            ObjectNode f = state.putObject("focus");
            f.put("node", p.focusNode());
            f.put("field", p.focusField());
        }
        if (k == BoardGateway.PresenceKind.LEAVE || p.anchor() == null || p.head() == null) {
            state.putNull("selection");
        } else {
            ObjectNode s = state.putObject("selection");
            s.put("anchor", p.anchor());
            s.put("head", p.head());
        }
        return new BoardGateway.PresenceEvent(k, p.sessionId(), p.accountId(), p.name(), p.colour(), state);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort: the registry's own cleanup (TTL) covers what is left
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
