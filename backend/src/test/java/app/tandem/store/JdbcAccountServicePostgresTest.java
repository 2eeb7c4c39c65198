package app.tandem.store;

import org.junit.jupiter.api.Tag;

/** The account contract again, on PostgreSQL (runs only with -Ppostgres). */
@Tag("postgres")
class JdbcAccountServicePostgresTest extends JdbcAccountServiceTest {
}
