package app.tandem.cluster;

import app.tandem.config.TandemConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's cluster membership: a single Hazelcast member and a clustered Vert.x running on that same member (the
 * Vert.x cluster manager is handed our instance, so there is one member per JVM, not two). The member joins by a
 * TCP/IP member list only (never multicast or auto-detection) on exactly the configured port, so an operator's
 * member list always means what it says. Start it once at startup; {@link #close} leaves gracefully.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    public static final String CLUSTER_NAME = "tandem";
    /** The member attribute HazelcastClusterManager reads its node id from when given an existing instance. */
    private static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final HazelcastInstance hazelcast;
    private final HazelcastClusterManager clusterManager;
    private final Vertx vertx;
    private final String nodeId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterNode(HazelcastInstance hazelcast, HazelcastClusterManager clusterManager, Vertx vertx, String nodeId) {
        this.hazelcast = hazelcast;
        this.clusterManager = clusterManager;
        this.vertx = vertx;
        this.nodeId = nodeId;
    }

    /**
     * Starts the Hazelcast member, joins (or founds) the cluster, then starts clustered Vert.x on it. Blocks until
     * both are up. The caller owns the node and must {@link #close} it (e.g. from a JVM shutdown hook: Hazelcast's
     * own hook is off so that Vert.x always leaves before its member does).
     */
    public static ClusterNode start(TandemConfig config) {
        String nodeId = UUID.randomUUID().toString();
        HazelcastInstance hazelcast;
        try {
            hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig(config, nodeId));
        } catch (RuntimeException e) {
            // Typically the port is taken: with auto-increment off that is fatal, as the member list expects it.
            throw new IllegalStateException("Could not start the cluster member on " + config.bindHost() + ":"
                    + config.clusterPort() + " (TANDEM_BIND_HOST, TANDEM_CLUSTER_PORT): " + e.getMessage(), e);
        }
        try {
            HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcast);
            String publicHost = isWildcard(config.bindHost())
                    ? hazelcast.getCluster().getLocalMember().getAddress().getHost()
                    : config.bindHost();
            VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions()
                    .setHost(config.bindHost())
                    .setClusterPublicHost(publicHost));
            Vertx vertx = Vertx.builder().with(options).withClusterManager(clusterManager).buildClustered()
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Cluster node {} up: member {} of a cluster of {}", nodeId,
                    hazelcast.getCluster().getLocalMember().getAddress(), hazelcast.getCluster().getMembers().size());
            return new ClusterNode(hazelcast, clusterManager, vertx, nodeId);
        } catch (Exception e) {
            hazelcast.shutdown();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start clustered Vert.x: " + e.getMessage(), e);
        }
    }

    static Config hazelcastConfig(TandemConfig config, String nodeId) {
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(CLUSTER_NAME);
        hz.setInstanceName("tandem-" + config.bindHost() + "-" + config.clusterPort() + "-" + nodeId.substring(0, 8));
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        hz.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID_ATTRIBUTE, nodeId);

        NetworkConfig network = hz.getNetworkConfig();
        network.setPort(config.clusterPort()).setPortAutoIncrement(false);
        // A restarted node must get its port back at once, not after TIME_WAIT.
        network.setReuseAddress(true);
        String self;
        if (isWildcard(config.bindHost())) {
            hz.setProperty("hazelcast.socket.bind.any", "true");
            self = "127.0.0.1:" + config.clusterPort();
        } else {
            hz.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(ipOf(config.bindHost()));
            self = config.bindHost() + ":" + config.clusterPort();
        }

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
        List<String> members = new ArrayList<>(config.clusterMembers());
        if (!members.contains(self)) {
            members.add(self);
        }
        members.forEach(tcp::addMember);

        return hz;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Members in the Hazelcast cluster as this member currently sees it. */
    public int clusterSize() {
        return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
    }

    /** This node's id in the Vert.x cluster (event-bus registrations carry it). */
    public String nodeId() {
        return nodeId;
    }

    /** Event-bus consumers registered cluster-wide for {@code address} (one entry per consumer, with its node id). */
    Future<List<RegistrationInfo>> registrations(String address) {
        Promise<List<RegistrationInfo>> promise = Promise.promise();
        ((ClusterManager) clusterManager).getRegistrations(address, promise);
        return promise.future();
    }

    /** Graceful: Vert.x leaves the cluster (its consumers unregister), then the member hands its partitions over. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            vertx.close().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Vert.x did not close cleanly on node {}: {}", nodeId, e.toString());
        } finally {
            hazelcast.shutdown();
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** Hazelcast interface patterns are IP addresses; the setting may be a host name. */
    private static String ipOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("TANDEM_BIND_HOST '" + host + "' does not resolve: " + e.getMessage(), e);
        }
    }
}
