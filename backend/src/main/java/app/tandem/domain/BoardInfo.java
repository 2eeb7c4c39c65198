package app.tandem.domain;

import java.time.Instant;
import java.util.UUID;

/** A board's catalogue entry (its content lives in the live board state, not here). */
public record BoardInfo(UUID id, UUID workspaceId, String title, String type, Instant createdAt) {
}
