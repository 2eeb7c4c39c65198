package app.tandem;

import app.tandem.config.TandemConfig;
import java.util.Arrays;

/**
 * {@code java -jar tandem.jar [command] [options]}: the one entry point of the jar. With no command it runs a
 * node configured from {@code TANDEM_*} environment variables (docs/operations.md); the other commands are tools
 * that talk to a running cluster.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> run();
            case "replay" -> System.exit(app.tandem.tools.Replay.run(rest));
            case "loadgen" -> System.exit(app.tandem.tools.LoadGen.run(rest));
            case "help", "--help", "-h" -> usage(0);
            default -> {
                System.err.println("Unknown command: " + command);
                usage(2);
            }
        }
    }

    private static void run() throws Exception {
        // We stop Hazelcast ourselves, after the UI and API, so in-flight work can finish (graceful SIGTERM).
        System.setProperty("hazelcast.shutdownhook.enabled", "false");
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("vaadin.productionMode", "true");
        Tandem node = Tandem.start(TandemConfig.fromEnv());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "tandem-shutdown"));
        Thread.currentThread().join();
    }

    private static void usage(int exitCode) {
        System.out.println("""
                Usage: java -jar tandem.jar [command]

                Commands:
                  run     (default) start a Tandem node; settings are TANDEM_* environment variables,
                          see docs/operations.md
                  replay  --api http://HOST:PORT --email E --password P --trace FILE
                          replay an editing trace (../shared/data/editing-traces format, .json or .json.gz)
                          through the WebSocket protocol into a new board; prints one JSON line
                  loadgen --api URL[,URL...] --email E --password P --clients N --boards B
                          --rate OPS_PER_CLIENT_PER_SEC --seconds S
                          N protocol clients typing into B shared text fields (loopback only); prints one
                          JSON line with ops, ack and remote-delivery latency percentiles, errors, converged
                  help    this text
                """);
        System.exit(exitCode);
    }
}
