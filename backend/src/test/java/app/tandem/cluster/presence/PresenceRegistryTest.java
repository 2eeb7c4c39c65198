package app.tandem.cluster.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.cluster.ClusterNode;
import app.tandem.config.TandemConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence on a real two-member cluster (Hazelcast + clustered Vert.x on loopback). */
class PresenceRegistryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<PresenceRegistry> registries = new ArrayList<>();
    private final UUID board = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @BeforeEach
    void start() throws IOException {
        int p1 = freePort();
        int p2 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        for (int port : new int[] {p1, p2}) {
            nodes.add(ClusterNode.start(new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa",
                    "", port, members, "127.0.0.1", false)));
        }
        awaitTrue(() -> nodes.stream().allMatch(n -> n.clusterSize() == 2), () -> "a cluster of two");
        for (ClusterNode node : nodes) {
            registries.add(PresenceRegistry.start(node, Duration.ofSeconds(30)));
        }
    }

    @AfterEach
    void stop() {
        registries.forEach(PresenceRegistry::close);
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void joinUpdateAndLeaveAreSeenOnEveryMember() throws Exception {
        Events events = new Events();
        AutoCloseable sub = registries.get(1).subscribe(board, events);
        get(registries.get(1).ready(board));

        Presence joined = get(registries.get(0).join(board, "tab-1", ann, "Ann"));
        assertEquals(PresenceRegistry.colourOf(ann), joined.colour());
        get(registries.get(0).join(board, "tab-2", bob, "Bob"));
        events.await(2);
        assertEquals(List.of("Ann", "Bob"), get(registries.get(1).list(board)).stream().map(Presence::name).toList());

        get(registries.get(0).update(board, "tab-1", "card-7", "notes", 3, 9));
        events.await(3);
        PresenceEvent update = events.all.get(2);
        assertEquals(PresenceEvent.Kind.UPDATED, update.kind());
        assertEquals("card-7", update.presence().focusNode());
        assertEquals("notes", update.presence().focusField());
        assertEquals(3, update.presence().anchor());
        assertEquals(9, update.presence().head());
        Presence listed = get(registries.get(1).list(board)).getFirst();
        assertEquals("notes", listed.focusField());
        assertEquals(joined.colour(), listed.colour(), "the colour is the same on every member");

        get(registries.get(0).leave(board, "tab-1"));
        events.await(4);
        assertEquals(PresenceEvent.Kind.LEFT, events.all.get(3).kind());
        assertEquals("tab-1", events.all.get(3).presence().sessionId());
        assertEquals(List.of("Bob"), get(registries.get(0).list(board)).stream().map(Presence::name).toList());
        assertTrue(get(registries.get(1).list(UUID.randomUUID())).isEmpty(), "boards are separate");
        sub.close();
    }

    @Test
    void sessionsOfAMemberThatLeavesTheClusterAreRemoved() {
        Events events = new Events();
        registries.getFirst().subscribe(board, events);
        get(registries.getFirst().ready(board));
        get(registries.get(0).join(board, "here", ann, "Ann"));
        get(registries.get(1).join(board, "there-1", bob, "Bob"));
        get(registries.get(1).join(board, "there-2", bob, "Bob"));
        events.await(3);
        assertEquals(3, get(registries.get(0).list(board)).size());

        // A crash: no leave, no graceful shutdown; the survivor cleans up after the member is gone.
        nodes.get(1).hazelcast().getLifecycleService().terminate();
        awaitTrue(() -> get(registries.get(0).list(board)).size() == 1, () -> "the dead member's sessions are gone");
        assertEquals("here", get(registries.get(0).list(board)).getFirst().sessionId());
        events.await(5);
        assertEquals(List.of(PresenceEvent.Kind.LEFT, PresenceEvent.Kind.LEFT),
                events.all.subList(3, 5).stream().map(PresenceEvent::kind).toList());
    }

    @Test
    void aSessionWithoutHeartbeatExpires() {
        PresenceRegistry shortLived = PresenceRegistry.startWithoutRefresh(nodes.getFirst(), Duration.ofSeconds(1));
        try {
            Events events = new Events();
            registries.get(1).subscribe(board, events);
            get(registries.get(1).ready(board));
            get(shortLived.join(board, "sleepy", ann, "Ann"));
            events.await(1);
            awaitTrue(() -> get(registries.get(1).list(board)).isEmpty(), () -> "the session expired");
            events.await(2);
            assertEquals(PresenceEvent.Kind.LEFT, events.all.get(1).kind());
            assertNull(events.all.get(1).presence().focusNode());
        } finally {
            shortLived.close();
        }
    }

    private static final class Events implements PresenceListener {
        final List<PresenceEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onPresence(PresenceEvent event) {
            all.add(event);
        }

        void await(int count) {
            awaitTrue(() -> all.size() >= count, () -> "expected " + count + " events, got " + all);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
