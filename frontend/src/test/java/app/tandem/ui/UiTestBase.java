package app.tandem.ui;

import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.auth.Account;
import app.tandem.cluster.ClusterNode;
import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.CollabModel;
import app.tandem.cluster.engine.EngineConfig;
import app.tandem.cluster.presence.PresenceRegistry;
import app.tandem.config.TandemConfig;
import app.tandem.store.Database;
import app.tandem.store.OpLog;
import app.tandem.store.SnapshotStore;
import app.tandem.store.JdbcAccountService;
import app.tandem.store.JdbcWorkspaceService;
import app.tandem.store.TestDatabase;
import com.vaadin.browserless.BrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.browserless.internal.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Browserless UI tests against the real services: JDBC services on a fresh database per test and the real board
 * engine and presence registry on a real single-member cluster (Hazelcast + clustered Vert.x on a free loopback port). The member is started once
 * per test JVM, since starting one takes seconds; each test gets its own database and its own boards.
 */
@ViewPackages(packages = "app.tandem.ui")
public abstract class UiTestBase extends BrowserlessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static ClusterNode node;

    protected Database db;
    protected JdbcAccountService accounts;
    protected JdbcWorkspaceService workspaces;
    protected OpLog opLog;
    protected BoardEngine engine;
    protected PresenceRegistry presence;

    @BeforeEach
    void realServices() {
        db = TestDatabase.fresh();
        accounts = new JdbcAccountService(db.dataSource());
        workspaces = new JdbcWorkspaceService(db.dataSource());
        opLog = new OpLog(db.dataSource());
        engine = BoardEngine.start(clusterNode(), opLog, new SnapshotStore(db.dataSource()),
                (accountId, boardId) -> workspaces.roleOnBoard(accounts.find(accountId)
                        .orElseThrow(() -> new TandemException(ErrorCode.NOT_FOUND, "No such account")), boardId),
                new CollabModel(), EngineConfig.defaults());
        presence = PresenceRegistry.start(clusterNode(), Duration.ofSeconds(30));
        UiServices.install(new UiServices(accounts, workspaces, engine, presence));
    }

    /** Views first (they unsubscribe on detach), then the services they were using. */
    @AfterEach
    @Override
    protected void cleanVaadinEnvironment() {
        try {
            super.cleanVaadinEnvironment();
        } finally {
            closeServices();
        }
    }

    private void closeServices() {
        if (presence != null) {
            presence.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (opLog != null) {
            opLog.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static synchronized ClusterNode clusterNode() {
        if (node == null) {
            int port = freePort();
            TandemConfig config = new TandemConfig(0, 0, Path.of("target", "unused"), "jdbc:h2:mem:unused", "sa", "",
                    port, List.of("127.0.0.1:" + port), "127.0.0.1", false);
            node = ClusterNode.start(config);
            ClusterNode started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ui-test-cluster-stop"));
        }
        return node;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- people -----------------------------------------------------------------------------------------------

    protected Account signUp(String email, String name) {
        return accounts.signUp(email, name, "correct horse battery");
    }

    /** Test set-up shortcut: this browser session is signed in as {@code account} (the login view is tested on its own). */
    protected void actAs(Account account) {
        VaadinSession.getCurrent().setAttribute(Account.class, account);
    }

    // ---- waiting for pushes -----------------------------------------------------------------------------------

    /**
     * Lets the UI run what other threads queued with UI.access (as the next request or push would) until
     * {@code condition} holds. Live board results arrive on other threads, so board tests wait with this.
     */
    protected void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            MockVaadin.clientRoundtrip();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > end) {
                fail("Timed out after " + DEADLINE.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    protected String currentPath() {
        return UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters();
    }

    /**
     * Components of {@code type} with class {@code className} inside {@code root}, found by walking the tree.
     * Unlike {@code $(...)}, which first runs pending UI.access tasks (a board may re-render in between), this
     * reads the tree exactly as it is, so several reads of one card see the same components.
     */
    protected static <T extends Component> List<T> inside(Component root, Class<T> type, String className) {
        List<T> found = new ArrayList<>();
        root.getChildren().forEach(child -> {
            if (type.isInstance(child) && child.getClassNames().contains(className)) {
                found.add(type.cast(child));
            }
            found.addAll(inside(child, type, className));
        });
        return found;
    }

    protected static <T extends Component> T single(Component root, Class<T> type, String className) {
        List<T> found = inside(root, type, className);
        if (found.size() != 1) {
            fail("expected one " + type.getSimpleName() + "." + className + " in " + root + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** All text inside {@code c}, as a person reads it (the testers' getText() only sees direct text). */
    protected static String textOf(Component c) {
        return c.getElement().getTextRecursively();
    }
}
