package app.tandem.domain;

import org.junit.jupiter.api.Tag;

/** Demo seeding again, on PostgreSQL (runs only with -Ppostgres). */
@Tag("postgres")
class DemoDataPostgresTest extends DemoDataTest {
}
