package app.tandem.cluster;

import java.util.List;
import java.util.UUID;

/** A board's whole state at {@code version} (every applied change adds one). Cards sorted by column, position. */
public record BoardSnapshot(UUID boardId, long version, List<Card> cards) {
}
