package app.tandem;

import app.tandem.api.ApiServer;
import app.tandem.api.ApiServices;
import app.tandem.api.NodeHealth;
import app.tandem.api.ws.EngineGateway;
import app.tandem.api.ws.RegistryPresence;
import app.tandem.api.ws.WsEndpoint;
import app.tandem.api.ws.WsLimits;
import app.tandem.cluster.ClusterNode;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.CollabModel;
import app.tandem.cluster.engine.EngineConfig;
import app.tandem.cluster.presence.PresenceRegistry;
import app.tandem.config.TandemConfig;
import app.tandem.domain.DemoData;
import app.tandem.store.Database;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcTokenService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.ui.UiServices;
import app.tandem.web.UiServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds one node's object graph by hand, in start-up order, and tears it down in
 * reverse. Readiness (/health 200) is declared only after every part is up.
 */
public final class Tandem implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tandem.class);
    /** A session that stops beating (its browser or node died) leaves the board's presence after this long. */
    private static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

    /** What to stop, most recently started first. */
    private final Deque<Stop> stops = new ArrayDeque<>();
    private volatile boolean closed;

    private Tandem() {
    }

    /** Starts every part in order; if one fails, the parts already started are stopped again. */
    public static Tandem start(TandemConfig config) throws Exception {
        Tandem node = new Tandem();
        try {
            node.startParts(config);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startParts(TandemConfig config) throws Exception {
        long t0 = System.nanoTime();
        Database database = started("database", Database.open(config));
        var accounts = new JdbcAccountService(database.dataSource());
        var tokens = new JdbcTokenService(database.dataSource());
        var workspaces = new JdbcWorkspaceService(database.dataSource());
        if (config.demo() && DemoData.seedIfEmpty(accounts, workspaces)) {
            log.info("Demo data created: alice@example.org and bob@example.org, password tandem-demo");
        }
        OpLog opLog = started("op log", new OpLog(database.dataSource()));
        ClusterNode cluster = started("cluster member", ClusterNode.start(config));
        BoardEngine engine = started("board engine", BoardEngine.start(cluster, opLog,
                new SnapshotStore(database.dataSource()),
                (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId)
                        .orElseThrow(() -> new TandemException(ErrorCode.NOT_FOUND, "No such account")), boardId),
                new CollabModel(), EngineConfig.defaults()));
        PresenceRegistry presence = started("presence", PresenceRegistry.start(cluster, PRESENCE_TTL));
        var readiness = new Readiness(cluster);
        ApiServer api = ApiServer.start(cluster.vertx(), config.bindHost(), config.apiPort(),
                new ApiServices(accounts, tokens, workspaces, readiness)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        stops.push(new Stop("API server",
                () -> api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)));
        RegistryPresence wsPresence = started("WebSocket presence", new RegistryPresence(presence, PRESENCE_TTL));
        EngineGateway gateway = started("WebSocket gateway", new EngineGateway(engine, workspaces, wsPresence));
        started("WebSocket connections", WsEndpoint.mount(api, gateway, WsLimits.DEFAULTS));
        UiServices.install(new UiServices(accounts, workspaces, engine, presence));
        UiServer ui = started("UI server", UiServer.start(config.bindHost(), config.httpPort()));
        readiness.ready = true;
        log.info("Tandem node {} ready in {} ms: UI http://{}:{}/ API http://{}:{}/ cluster size {}",
                cluster.nodeId(), (System.nanoTime() - t0) / 1_000_000, config.bindHost(), ui.port(),
                config.bindHost(), config.apiPort(), cluster.clusterSize());
    }

    private <T extends AutoCloseable> T started(String what, T part) {
        stops.push(new Stop(what, part::close));
        return part;
    }

    /**
     * Graceful stop, in reverse start order: the UI and the WebSocket connections first (no new work), the API,
     * then presence (this node's sessions leave) and the engine (its queued ops are committed or refused so other
     * nodes retry them), then leave the cluster, then the op log (drained) and the database.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Stopping Tandem node");
        for (Stop stop; (stop = stops.poll()) != null; ) {
            try {
                stop.action.run();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", stop.what, e.toString());
            }
        }
        log.info("Tandem node stopped");
    }

    private record Stop(String what, ThrowingRunnable action) {
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** /health answers 503 until the whole node is up, then reports the live cluster size. */
    private static final class Readiness implements NodeHealth {
        private final ClusterNode cluster;
        private volatile boolean ready;

        Readiness(ClusterNode cluster) {
            this.cluster = cluster;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public int clusterSize() {
            return cluster.clusterSize();
        }

        @Override
        public String nodeId() {
            return cluster.nodeId();
        }
    }
}
