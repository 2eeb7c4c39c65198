-- The thin board path (whole board state as JSON per board) is replaced by the collaboration engine's op log and
-- snapshots (V3). Nothing reads board_state any more.
DROP TABLE board_state;
