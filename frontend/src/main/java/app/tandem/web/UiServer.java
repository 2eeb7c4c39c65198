package app.tandem.web;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Vaadin UI in an embedded Jetty 12.1 (Servlet 6.1, ee11) inside the node's JVM.
 *
 * <p>Vaadin registers itself through ServletContainerInitializers and finds {@code @Route} classes by
 * annotation scanning, so the context scans the container classpath (every jar and classes directory on
 * {@code java.class.path}). That is why {@code tandem.jar} is one shaded jar: with a manifest Class-Path the
 * other jars are not on {@code java.class.path}, Jetty never sees Vaadin and serves a directory listing.
 */
public final class UiServer implements AutoCloseable {
    private final Server server;

    private UiServer(Server server) {
        this.server = server;
    }

    public static UiServer start(String host, int port) throws Exception {
        dropMissingClasspathEntries();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("ui-http");
        // Push (WebSocket) connections and request handling park a lot; virtual threads keep that cheap.
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        Resource webRoot = context.getResourceFactory().newClassLoaderResource("webapp");
        if (webRoot == null) {
            throw new IllegalStateException("classpath resource 'webapp' missing: broken build");
        }
        context.setBaseResource(webRoot);
        context.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, ".*\\.jar|.*/classes/.*");
        context.setConfigurationDiscovered(true);
        // Fail the node's start, not the first request, when Vaadin cannot initialise.
        context.setThrowUnavailableOnStartupException(true);
        server.setHandler(context);
        server.setStopTimeout(5_000);
        server.start();
        return new UiServer(server);
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Jetty's scan fails on classpath entries that do not exist (IDEs and surefire leave some behind). */
    private static void dropMissingClasspathEntries() {
        String cp = System.getProperty("java.class.path");
        if (cp != null) {
            System.setProperty("java.class.path", Arrays.stream(cp.split(File.pathSeparator))
                    .filter(e -> !e.isBlank() && new File(e).exists())
                    .collect(Collectors.joining(File.pathSeparator)));
        }
    }
}
