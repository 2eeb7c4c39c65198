package app.tandem.cluster.presence;

import app.tandem.cluster.ClusterNode;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.query.Predicates;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is on which board, cluster-wide. Each session is one entry of the Hazelcast map {@value #MAP} (JSON, one
 * backup) with a TTL; this node refreshes the entries of its own sessions, so a session lasts until it
 * {@link #leave}s. Every change is published on the event bus at {@code presence.<boardId>}, where each node has one
 * consumer per board with local listeners. An entry goes away when its session leaves, when its TTL runs out
 * because its node stopped refreshing (the key's owner publishes LEFT), and when the member serving it leaves the
 * cluster (the survivors remove its entries; keys carry the member id, so that is one key query).
 *
 * <p>Non-blocking for callers: Hazelcast calls are async or run on virtual threads.
 */
public final class PresenceRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceRegistry.class);
    public static final String MAP = "tandem-presence";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Distinct, readable on white and dark text alike; a user keeps the same colour on every node. */
    private static final List<String> PALETTE = List.of("#d6336c", "#1c7ed6", "#2f9e44", "#f08c00", "#7048e8",
            "#0c8599", "#e8590c", "#5c940d", "#ae3ec9", "#1971c2", "#c92a2a", "#087f5b");

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final IMap<String, String> map;
    private final String memberId;
    private final Duration ttl;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tandem-presence-", 0).factory());
    /** This node's sessions (the node writes them; heartbeats refresh them). Key: map key. */
    private final Map<String, Presence> local = new ConcurrentHashMap<>();
    /** One consumer per board with local listeners. Guarded by itself. */
    private final Map<UUID, Fanout> fanouts = new HashMap<>();
    private final UUID membershipRegistration;
    private final UUID expiryRegistration;
    private final long refreshTimer;

    private static final class Fanout {
        final CopyOnWriteArrayList<PresenceListener> listeners = new CopyOnWriteArrayList<>();
        MessageConsumer<String> consumer;
    }

    private PresenceRegistry(ClusterNode node, Duration ttl, boolean refreshLocal) {
        this.vertx = node.vertx();
        this.hazelcast = node.hazelcast();
        this.ttl = ttl;
        hazelcast.getConfig().addMapConfig(new MapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0));
        this.map = hazelcast.getMap(MAP);
        this.memberId = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.expiryRegistration = map.addLocalEntryListener((EntryExpiredListener<String, String>) this::expired,
                Predicates.alwaysTrue(), true);
        if (refreshLocal) {
            // The node is the heartbeat of its sessions: entries stay while it lives and the session has not left.
            this.refreshTimer = vertx.setPeriodic(Math.max(500, ttl.toMillis() / 3), id -> {
                for (Presence p : local.values()) {
                    heartbeat(p.boardId(), p.sessionId());
                }
            });
        } else {
            // Sessions whose caller neither left nor heartbeat have expired in the map; forget them here too.
            this.refreshTimer = vertx.setPeriodic(Math.max(1_000, ttl.toMillis()), id -> {
                long oldest = System.currentTimeMillis() - ttl.toMillis();
                local.values().removeIf(p -> p.updatedAtMillis() < oldest);
            });
        }
        this.membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String dead = e.getMember().getUuid().toString();
                executor.execute(() -> removeEntriesOf(dead));
            }
        });
    }

    /**
     * {@code ttl}: how long an entry outlives the last write for it (e.g. 30 s). This node refreshes its own sessions
     * every third of it, so a session lasts until it {@link #leave}s (callers must leave when the connection or UI
     * closes) or this node stops refreshing (crash, partition: the TTL and the member-loss cleanup remove it).
     */
    public static PresenceRegistry start(ClusterNode node, Duration ttl) {
        return new PresenceRegistry(node, ttl, true);
    }

    /** Without the node's refresh: sessions live only as long as their callers {@link #heartbeat} (tests). */
    static PresenceRegistry startWithoutRefresh(ClusterNode node, Duration ttl) {
        return new PresenceRegistry(node, ttl, false);
    }

    public static String address(UUID boardId) {
        return "presence." + boardId;
    }

    /** The user's colour, the same on every node (a pure function of the account id). */
    public static String colourOf(UUID accountId) {
        return PALETTE.get(Math.floorMod(accountId.hashCode(), PALETTE.size()));
    }

    /** The session (unique per browser tab or connection, no '/') arrives on the board. */
    public CompletionStage<Presence> join(UUID boardId, String sessionId, UUID accountId, String name) {
        Objects.requireNonNull(boardId, "boardId");
        Objects.requireNonNull(accountId, "accountId");
        if (sessionId == null || sessionId.isEmpty() || sessionId.contains("/")) {
            throw new IllegalArgumentException("sessionId must be non-empty without '/'");
        }
        Presence p = new Presence(boardId, sessionId, accountId, name, colourOf(accountId), null, null, null, null,
                memberId, System.currentTimeMillis());
        return write(p, PresenceEvent.Kind.JOINED).thenApply(v -> p);
    }

    /** New focus (node + field, null for none) and selection; also a heartbeat. Unknown sessions are ignored. */
    public CompletionStage<Void> update(UUID boardId, String sessionId, String focusNode, String focusField,
                                        Integer anchor, Integer head) {
        Presence p = local.get(key(boardId, sessionId));
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        return write(p.withFocus(focusNode, focusField, anchor, head, System.currentTimeMillis()),
                PresenceEvent.Kind.UPDATED);
    }

    /** Keeps the session alive (the node does this itself unless started without refresh); publishes nothing. */
    public CompletionStage<Void> heartbeat(UUID boardId, String sessionId) {
        String key = key(boardId, sessionId);
        Presence p = local.get(key);
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        Presence touched = p.touched(System.currentTimeMillis());
        if (local.replace(key, p, touched)) {
            return map.setAsync(key, JSON.writeValueAsString(touched), ttl.toMillis(), TimeUnit.MILLISECONDS)
                    // A leave that overtook this refresh: take the entry out again rather than leave a ghost.
                    .thenCompose(v -> local.containsKey(key) ? CompletableFuture.<Void>completedFuture(null)
                            : map.removeAsync(key).thenApply(old -> (Void) null));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The session leaves the board (closed tab, closed connection, logout). */
    public CompletionStage<Void> leave(UUID boardId, String sessionId) {
        String key = key(boardId, sessionId);
        local.remove(key);
        return map.removeAsync(key).thenAccept(old -> {
            if (old != null) {
                publish(PresenceEvent.Kind.LEFT, JSON.readValue(old, Presence.class));
            }
        });
    }

    /** Sessions on the board, cluster-wide, ordered by name then session. */
    public CompletionStage<List<Presence>> list(UUID boardId) {
        return CompletableFuture.supplyAsync(() -> {
            List<Presence> out = new ArrayList<>();
            for (String json : map.values(Predicates.like("__key", boardId + "/%"))) {
                out.add(JSON.readValue(json, Presence.class));
            }
            out.sort(Comparator.comparing((Presence p) -> String.valueOf(p.name())).thenComparing(Presence::sessionId));
            return out;
        }, executor);
    }

    /** Presence changes of the board on this node; close the handle to stop. See {@link PresenceListener}. */
    public AutoCloseable subscribe(UUID boardId, PresenceListener listener) {
        Fanout fanout;
        synchronized (fanouts) {
            fanout = fanouts.computeIfAbsent(boardId, id -> {
                Fanout f = new Fanout();
                f.consumer = vertx.eventBus().<String>consumer(address(id), message -> {
                    PresenceEvent event;
                    try {
                        event = JSON.readValue(message.body(), PresenceEvent.class);
                    } catch (RuntimeException e) {
                        LOG.warn("Dropped unreadable presence event on {}", address(id), e);
                        return;
                    }
                    for (PresenceListener l : f.listeners) {
                        try {
                            l.onPresence(event);
                        } catch (RuntimeException e) {
                            LOG.warn("A presence listener of board {} failed", id, e);
                        }
                    }
                });
                return f;
            });
            fanout.listeners.add(listener);
        }
        Fanout subscribed = fanout;
        return () -> {
            synchronized (fanouts) {
                if (!subscribed.listeners.remove(listener) || !subscribed.listeners.isEmpty()) {
                    return;
                }
                fanouts.remove(boardId, subscribed);
            }
            subscribed.consumer.unregister();
        };
    }

    /** Completes when this node's consumer for the board is registered cluster-wide (tests, first render). */
    public CompletionStage<Void> ready(UUID boardId) {
        synchronized (fanouts) {
            Fanout f = fanouts.get(boardId);
            return f == null ? CompletableFuture.completedFuture(null)
                    : f.consumer.completion().toCompletionStage();
        }
    }

    /** Removes this node's sessions (they leave), then stops listening. Call before closing the ClusterNode. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> leaving = new ArrayList<>();
        try {
            if (hazelcast.getLifecycleService().isRunning()) {
                for (Presence p : List.copyOf(local.values())) {
                    leaving.add(leave(p.boardId(), p.sessionId()).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("presence leave at close: {}", e.toString());
        }
        try {
            map.removeEntryListener(expiryRegistration);
            hazelcast.getCluster().removeMembershipListener(membershipRegistration);
        } catch (RuntimeException e) {
            LOG.debug("presence listeners at close: {}", e.toString());
        }
        vertx.cancelTimer(refreshTimer);
        synchronized (fanouts) {
            fanouts.values().forEach(f -> f.consumer.unregister());
            fanouts.clear();
        }
        executor.shutdown();
    }

    private CompletionStage<Void> write(Presence p, PresenceEvent.Kind kind) {
        String key = key(p.boardId(), p.sessionId());
        local.put(key, p);
        return map.setAsync(key, JSON.writeValueAsString(p), ttl.toMillis(), TimeUnit.MILLISECONDS)
                .thenAccept(v -> publish(kind, p));
    }

    private void publish(PresenceEvent.Kind kind, Presence p) {
        vertx.eventBus().publish(address(p.boardId()), JSON.writeValueAsString(new PresenceEvent(kind, p)));
    }

    /** On the key's owner, when a session's TTL ran out without a heartbeat. */
    private void expired(EntryEvent<String, String> event) {
        String json = event.getOldValue() != null ? event.getOldValue() : event.getValue();
        local.remove(event.getKey());
        if (json != null) {
            publish(PresenceEvent.Kind.LEFT, JSON.readValue(json, Presence.class));
        }
    }

    /** Every survivor runs this; only the one whose remove took the entry publishes LEFT. */
    private void removeEntriesOf(String deadMember) {
        try {
            for (String key : map.keySet(Predicates.like("__key", "%/" + deadMember + "/%"))) {
                String old = map.remove(key);
                if (old != null) {
                    publish(PresenceEvent.Kind.LEFT, JSON.readValue(old, Presence.class));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Removing presence of departed member {} failed; TTL will expire it", deadMember, e);
        }
    }

    private String key(UUID boardId, String sessionId) {
        return boardId + "/" + memberId + "/" + sessionId;
    }
}
