package app.tandem.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.config.TandemConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a node configures, starts and stops its member; two-member behaviour is in the engine tests (cluster.engine). */
class ClusterNodeTest {

    private static TandemConfig config(String bindHost, int port, List<String> members) {
        return new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa", "", port, members,
                bindHost, false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void membershipIsExactlyTheConfiguredOne() {
        Config hz = ClusterNode.hazelcastConfig(config("127.0.0.1", 5801, List.of("10.0.0.2:5801", "10.0.0.3:5801")),
                "node-id-1");
        assertEquals("tandem", hz.getClusterName());
        assertEquals(5801, hz.getNetworkConfig().getPort());
        assertFalse(hz.getNetworkConfig().isPortAutoIncrement(), "an operator's port means that port");
        JoinConfig join = hz.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.2:5801", "10.0.0.3:5801", "127.0.0.1:5801"), join.getTcpIpConfig().getMembers());
        assertEquals("false", hz.getProperty("hazelcast.socket.bind.any"));
        assertEquals("false", hz.getProperty("hazelcast.phone.home.enabled"));
        assertTrue(hz.getNetworkConfig().getInterfaces().getInterfaces().contains("127.0.0.1"));
        assertEquals("node-id-1", hz.getMemberAttributeConfig().getAttribute("__vertx.nodeId"));
        // ConfigUtil.loadConfig() kept Vert.x's own structures.
        assertEquals(1, hz.getMultiMapConfig("__vertx.subs").getBackupCount());
    }

    @Test
    void aTakenPortStopsTheNodeFromStartingAndLeavesNoMemberBehind() throws IOException {
        Set<HazelcastInstance> before = new HashSet<>(Hazelcast.getAllHazelcastInstances());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ClusterNode.start(config("127.0.0.1", taken.getLocalPort(), List.of())));
            assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
        }
        assertEquals(before, new HashSet<>(Hazelcast.getAllHazelcastInstances()));
    }

    @Test
    void aNodeBoundToAllInterfacesStartsAloneServesTheEventBusAndClosesCleanly() throws Exception {
        ClusterNode node = ClusterNode.start(config("0.0.0.0", freePort(), List.of()));
        try {
            assertEquals(1, node.clusterSize());
            node.vertx().eventBus().<String>consumer("ping", m -> m.reply("pong:" + m.body())).completion()
                    .await(10, TimeUnit.SECONDS);
            String reply = node.vertx().eventBus().<String>request("ping", "hello").await(10, TimeUnit.SECONDS).body();
            assertEquals("pong:hello", reply);
        } finally {
            node.close();
        }
        assertFalse(node.hazelcast().getLifecycleService().isRunning());
        assertEquals(0, node.clusterSize());
        node.close(); // idempotent
    }
}
