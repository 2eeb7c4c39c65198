package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.api.ApiServer;
import app.tandem.api.ApiServices;
import app.tandem.api.NodeHealth;
import app.tandem.auth.Account;
import app.tandem.cluster.ClusterNode;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.BoardRoles;
import app.tandem.cluster.engine.CollabModel;
import app.tandem.cluster.engine.EngineConfig;
import app.tandem.cluster.presence.PresenceRegistry;
import app.tandem.config.TandemConfig;
import app.tandem.store.Database;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcTokenService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real nodes in one JVM, wired as the composition root wires them: Hazelcast members with clustered Vert.x on
 * loopback, one shared H2 database (as nodes share PostgreSQL), and per node an op log, the board engine on the
 * collab core, an API server and the WebSocket endpoint over {@link EngineGateway}.
 */
final class ProtocolCluster implements AutoCloseable {
    final Database db = TestDatabase.fresh();
    final JdbcAccountService accounts = new JdbcAccountService(db.dataSource());
    final JdbcTokenService tokens = new JdbcTokenService(db.dataSource());
    final JdbcWorkspaceService workspaces = new JdbcWorkspaceService(db.dataSource());
    final SnapshotStore snapshots = new SnapshotStore(db.dataSource());
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<OpLog> logs = new ArrayList<>();
    final List<BoardEngine> engines = new ArrayList<>();
    final List<PresenceRegistry> registries = new ArrayList<>();
    final List<RegistryPresence> presences = new ArrayList<>();
    final List<EngineGateway> gateways = new ArrayList<>();
    final List<ApiServer> apis = new ArrayList<>();
    final List<WsEndpoint> endpoints = new ArrayList<>();

    ProtocolCluster(int size, WsLimits limits) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        BoardRoles roles = (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId).orElseThrow(
                () -> new TandemException(ErrorCode.NOT_FOUND, "No such board.")), boardId);
        try {
            for (int port : ports) {
                nodes.add(ClusterNode.start(new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused",
                        "sa", "", port, members, "127.0.0.1", false)));
            }
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!nodes.stream().allMatch(n -> n.clusterSize() == size
                    && n.hazelcast().getPartitionService().isClusterSafe())) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cluster of " + size + " did not form");
                }
                Thread.sleep(20);
            }
            for (ClusterNode node : nodes) {
                OpLog log = new OpLog(db.dataSource());
                logs.add(log);
                BoardEngine engine = BoardEngine.start(node, log, snapshots, roles, new CollabModel(),
                        EngineConfig.defaults());
                engines.add(engine);
                PresenceRegistry registry = PresenceRegistry.start(node, Duration.ofSeconds(30));
                registries.add(registry);
                RegistryPresence presence = new RegistryPresence(registry, Duration.ofSeconds(30));
                presences.add(presence);
                EngineGateway gateway = new EngineGateway(engine, workspaces, presence);
                gateways.add(gateway);
                ApiServer api = ApiServer.start(node.vertx(), "127.0.0.1", 0,
                        new ApiServices(accounts, tokens, workspaces, health(node))).await();
                apis.add(api);
                endpoints.add(WsEndpoint.mount(api, gateway, limits));
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("could not start the cluster: " + e, e);
        }
    }

    private static NodeHealth health(ClusterNode node) {
        return new NodeHealth() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public int clusterSize() {
                return node.clusterSize();
            }

            @Override
            public String nodeId() {
                return node.nodeId();
            }
        };
    }

    int port(int node) {
        return apis.get(node).port();
    }

    URI api(int node) {
        return URI.create("http://127.0.0.1:" + port(node));
    }

    Account account(String name) {
        return accounts.signUp(name + "@example.org", name, password(name));
    }

    static String password(String name) {
        return "correct horse " + name;
    }

    /** Composition-root order: endpoints and API servers first, then engines, members, op logs, database. */
    @Override
    public void close() {
        endpoints.forEach(WsEndpoint::close);
        apis.forEach(a -> a.close().await());
        gateways.forEach(EngineGateway::close);
        presences.forEach(RegistryPresence::close);
        registries.forEach(PresenceRegistry::close);
        engines.forEach(BoardEngine::close);
        nodes.forEach(ClusterNode::close);
        logs.forEach(OpLog::close);
        db.close();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
