package app.tandem;

import app.tandem.api.ApiServer;
import app.tandem.api.ApiServices;
import app.tandem.api.NodeHealth;
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

    private final Database database;
    private final ClusterNode cluster;
    private final OpLog opLog;
    private final BoardEngine engine;
    private final PresenceRegistry presence;
    private final ApiServer api;
    private final UiServer ui;
    private volatile boolean closed;

    private Tandem(Database database, ClusterNode cluster, OpLog opLog, BoardEngine engine, PresenceRegistry presence,
                   ApiServer api, UiServer ui) {
        this.database = database;
        this.cluster = cluster;
        this.opLog = opLog;
        this.engine = engine;
        this.presence = presence;
        this.api = api;
        this.ui = ui;
    }

    public static Tandem start(TandemConfig config) throws Exception {
        long t0 = System.nanoTime();
        Database database = Database.open(config);
        var accounts = new JdbcAccountService(database.dataSource());
        var tokens = new JdbcTokenService(database.dataSource());
        var workspaces = new JdbcWorkspaceService(database.dataSource());
        if (config.demo() && DemoData.seedIfEmpty(accounts, workspaces)) {
            log.info("Demo data created: alice@example.org and bob@example.org, password tandem-demo");
        }
        ClusterNode cluster = ClusterNode.start(config);
        OpLog opLog = new OpLog(database.dataSource());
        BoardEngine engine = BoardEngine.start(cluster, opLog, new SnapshotStore(database.dataSource()),
                (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId)
                        .orElseThrow(() -> new TandemException(ErrorCode.NOT_FOUND, "No such account")), boardId),
                new CollabModel(), EngineConfig.defaults());
        PresenceRegistry presence = PresenceRegistry.start(cluster, PRESENCE_TTL);
        var readiness = new Readiness(cluster);
        ApiServer api = ApiServer.start(cluster.vertx(), config.bindHost(), config.apiPort(),
                new ApiServices(accounts, tokens, workspaces, readiness)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        UiServices.install(new UiServices(accounts, workspaces, engine, presence));
        UiServer ui = UiServer.start(config.bindHost(), config.httpPort());
        readiness.ready = true;
        log.info("Tandem node {} ready in {} ms: UI http://{}:{}/ API http://{}:{}/ cluster size {}",
                cluster.nodeId(), (System.nanoTime() - t0) / 1_000_000, config.bindHost(), ui.port(),
                config.bindHost(), config.apiPort(), cluster.clusterSize());
        return new Tandem(database, cluster, opLog, engine, presence, api, ui);
    }

    /**
     * Graceful stop: UI and API first (no new work), then presence (this node's sessions leave) and the engine
     * (its queued ops are committed or failed), then leave the cluster, then the op log and the database.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Stopping Tandem node");
        quietly("UI server", ui::close);
        quietly("API server", () -> api.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        quietly("presence", presence::close);
        quietly("board engine", engine::close);
        quietly("cluster member", cluster::close);
        quietly("op log", opLog::close);
        quietly("database", database::close);
        log.info("Tandem node stopped");
    }

    private static void quietly(String what, ThrowingRunnable step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", what, e.toString());
        }
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
