package app.tandem.store;

import app.tandem.config.TandemConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The node's database: a HikariCP pool over H2 (embedded default) or PostgreSQL, with the schema brought up to
 * date by Flyway before anything else touches it. The same SQL runs on both; migrations live in db/migration.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final boolean postgres;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
    }

    public static Database open(TandemConfig config) {
        if (config.dbUrl().startsWith("jdbc:h2:file:")) {
            createDirectories(config.dataDir());
        }
        return open(config.dbUrl(), config.dbUser(), config.dbPassword(), 10);
    }

    public static Database open(String url, String user, String password, int maxPoolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(maxPoolSize);
        hc.setPoolName("tandem-db");
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url.startsWith("jdbc:postgresql:"));
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isPostgres() {
        return postgres;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
