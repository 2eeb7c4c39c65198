-- Live board state of the thin board path: each board's whole state as JSON at its version, written through after
-- every applied change and read when a board is not in the cluster's memory (first use, full-cluster restart).
-- Stands alone (no reference to the catalogue tables) so it can be dropped when the op log replaces it.
-- TEXT: unbounded on PostgreSQL; on H2 an alias of CLOB. A board's state can pass any VARCHAR limit.
CREATE TABLE board_state (
    board_id   UUID PRIMARY KEY,
    version    BIGINT NOT NULL,
    state      TEXT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
