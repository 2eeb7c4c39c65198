package app.tandem.store;

import org.junit.jupiter.api.Tag;

/** The token contract again, on PostgreSQL (runs only with -Ppostgres). */
@Tag("postgres")
class JdbcTokenServicePostgresTest extends JdbcTokenServiceTest {
}
