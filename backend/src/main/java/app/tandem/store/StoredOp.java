package app.tandem.store;

import java.time.Instant;
import java.util.UUID;

/** One sequenced op as the op log keeps it; {@code op} is the op's JSON (the collab wire format). */
public record StoredOp(UUID boardId, long rev, String clientId, long clientSeq, UUID authorId, String op,
                       Instant createdAt) {
}
