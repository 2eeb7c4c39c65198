package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import java.util.Objects;
import java.util.UUID;

/**
 * One client op on its way to the board's sequencer (contract 3). {@code (clientId, clientSeq)} identifies it
 * for dedup: resending the same pair returns the first ack and never applies twice.
 */
public record SubmitRequest(UUID boardId, UUID accountId, String clientId, long clientSeq, long baseRev, String opJson) {
    public static final int MAX_CLIENT_ID = 64;

    public SubmitRequest {
        Objects.requireNonNull(boardId, "boardId");
        Objects.requireNonNull(accountId, "accountId");
    }

    /** Checks what the engine can check without the document; throws BAD_REQUEST. */
    void validate() {
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "clientId must be 1 to " + MAX_CLIENT_ID + " characters.");
        }
        if (clientSeq < 1) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "clientSeq must be 1 or more.");
        }
        if (baseRev < 0) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "baseRev must be 0 or more.");
        }
        if (opJson == null || opJson.isEmpty()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "The op is missing.");
        }
    }
}
