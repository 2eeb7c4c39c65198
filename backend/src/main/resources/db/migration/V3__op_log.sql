-- The durable op log of the collaboration engine: one row per sequenced op. An op is acknowledged to its
-- author only after its row is committed. (board_id, rev) is the arbiter of sequencing: if two sequencers ever
-- race for one board (ownership change, split brain), the database accepts exactly one op per revision.
CREATE TABLE op_log (
    board_id    UUID         NOT NULL,
    rev         BIGINT       NOT NULL,
    client_id   VARCHAR(64)  NOT NULL,
    client_seq  BIGINT       NOT NULL,
    author_id   UUID         NOT NULL,
    op          TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (board_id, rev)
);
-- Dedup of a resent op survives restarts: (clientId, clientSeq) is applied at most once per board.
CREATE UNIQUE INDEX op_log_client ON op_log (board_id, client_id, client_seq);

-- Snapshots every N ops: loading a board reads the latest snapshot and only the ops after it.
CREATE TABLE board_snapshot (
    board_id    UUID         NOT NULL,
    rev         BIGINT       NOT NULL,
    doc         TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (board_id, rev)
);
