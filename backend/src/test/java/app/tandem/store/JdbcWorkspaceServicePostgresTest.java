package app.tandem.store;

import org.junit.jupiter.api.Tag;

/** The workspace, role, invite and board-catalogue contract again, on PostgreSQL (runs only with -Ppostgres). */
@Tag("postgres")
class JdbcWorkspaceServicePostgresTest extends JdbcWorkspaceServiceTest {
}
