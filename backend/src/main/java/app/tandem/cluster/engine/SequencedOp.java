package app.tandem.cluster.engine;

import app.tandem.store.StoredOp;
import java.util.UUID;

/** One op as every node sees it after sequencing: its revision, who made it, the client's id for it, the op JSON. */
public record SequencedOp(long rev, UUID authorId, String clientId, long clientSeq, String opJson) {

    static SequencedOp of(StoredOp op) {
        return new SequencedOp(op.rev(), op.authorId(), op.clientId(), op.clientSeq(), op.op());
    }

    StoredOp stored(UUID boardId) {
        return new StoredOp(boardId, rev, clientId, clientSeq, authorId, opJson, java.time.Instant.EPOCH);
    }
}
