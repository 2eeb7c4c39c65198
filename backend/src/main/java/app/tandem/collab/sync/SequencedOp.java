package app.tandem.collab.sync;

import app.tandem.collab.Op;
import java.util.UUID;

/**
 * One entry of a board's op log: revision {@code rev} (1, 2, 3, ... with no gaps), who sent it, the
 * (clientId, clientSeq) that makes a resend recognisable, and the op as sequenced (transformed, possibly a noop).
 */
public record SequencedOp(long rev, UUID authorId, String clientId, long clientSeq, Op op) {}
