package app.tandem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1 for nodes a test starts. A port is free when this JVM could bind it a moment ago;
 * each port is handed out once per JVM, so two nodes of one test never get the same one. (Another process may
 * still take it in between; the node then fails to start with a clear message naming the port.)
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    /** One free port. */
    public static int take() {
        return take(1)[0];
    }

    /** {@code n} distinct free ports. */
    public static synchronized int[] take(int n) {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            int port;
            do {
                port = probe();
            } while (!GIVEN.add(port));
            ports[i] = port;
        }
        return ports;
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
