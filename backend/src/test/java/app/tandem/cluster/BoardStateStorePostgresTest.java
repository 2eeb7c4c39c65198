package app.tandem.cluster;

import org.junit.jupiter.api.Tag;

/** The same contract on a real PostgreSQL (runs with -Ppostgres, where TestDatabase hands out a PostgreSQL schema). */
@Tag("postgres")
class BoardStateStorePostgresTest extends BoardStateStoreTest {
}
