package app.tandem.cluster.engine;

import org.junit.jupiter.api.Tag;

/** The engine's cluster behaviour on a real PostgreSQL op log (-Ppostgres): group commit, the PK arbiter, dedup. */
@Tag("postgres")
class BoardEnginePostgresTest extends BoardEngineClusterTest {
}
