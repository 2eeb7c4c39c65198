package app.tandem.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, fully migrated database for one test: a private in-memory H2 by default, or a private schema in the
 * real PostgreSQL when the build runs with -Ppostgres (system property tandem.test.db=postgres). Close it after.
 */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("tandem.test.db"));
    }

    public static Database fresh() {
        if (!postgres()) {
            return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        }
        String base = System.getProperty("tandem.test.pg.url", "jdbc:postgresql://127.0.0.1:55432/tandem_test");
        String user = System.getProperty("tandem.test.pg.user", "tandem");
        String password = System.getProperty("tandem.test.pg.password", "tandem");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = java.sql.DriverManager.getConnection(base, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests not reachable at " + base
                    + " (bin/test starts one; see docs/operations.md): " + e.getMessage(), e);
        }
        return Database.open(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, 4);
    }
}
