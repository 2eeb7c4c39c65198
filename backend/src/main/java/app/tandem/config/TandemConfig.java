package app.tandem.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a Tandem node. Each one is an environment variable ({@code TANDEM_*}), documented in one
 * table in docs/operations.md; with none set, a node is a usable single-node install (H2 in ./data).
 */
public record TandemConfig(
        int httpPort,
        int apiPort,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int clusterPort,
        List<String> clusterMembers,
        String bindHost,
        boolean demo) {

    public static TandemConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    public static TandemConfig fromEnv(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("TANDEM_DATA_DIR", "./data")).toAbsolutePath().normalize();
        String dbUrl = blankToNull(env.get("TANDEM_DB_URL"));
        if (dbUrl == null) {
            // AUTO_SERVER lets several nodes on one host share the file (the first opener serves it over
            // loopback TCP), so a local two-node cluster needs no PostgreSQL. (H2 refuses DB_CLOSE_ON_EXIT=FALSE
            // with AUTO_SERVER; acknowledged ops are committed before the ack, so its own exit hook loses nothing.)
            dbUrl = "jdbc:h2:file:" + dataDir.resolve("tandem") + ";AUTO_SERVER=TRUE";
        }
        List<String> members = Arrays.stream(env.getOrDefault("TANDEM_CLUSTER_MEMBERS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new TandemConfig(
                port(env, "TANDEM_HTTP_PORT", 8080),
                port(env, "TANDEM_API_PORT", 8081),
                dataDir,
                dbUrl,
                env.getOrDefault("TANDEM_DB_USER", dbUrl.startsWith("jdbc:h2:") ? "sa" : ""),
                env.getOrDefault("TANDEM_DB_PASSWORD", ""),
                port(env, "TANDEM_CLUSTER_PORT", 5701),
                members,
                env.getOrDefault("TANDEM_BIND_HOST", "127.0.0.1"),
                Boolean.parseBoolean(env.getOrDefault("TANDEM_DEMO", "false")));
    }

    public boolean isPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    private static int port(Map<String, String> env, String name, int dflt) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return dflt;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), got '" + v + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
