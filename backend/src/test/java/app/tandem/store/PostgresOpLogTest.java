package app.tandem.store;

import org.junit.jupiter.api.Tag;

/** The op log contract on a real PostgreSQL (-Ppostgres). */
@Tag("postgres")
class PostgresOpLogTest extends OpLogTest {
}
