package app.tandem.cluster.presence;

import java.util.UUID;

/**
 * One session on a board: who (account, display name, colour), where their attention is (focused node and field,
 * text selection as code-point offsets {@code anchor}/{@code head} in that field, both null when none), and the
 * node serving the session. Ephemeral: it lives in Hazelcast with a TTL, never in the database.
 */
public record Presence(UUID boardId, String sessionId, UUID accountId, String name, String colour,
                       String focusNode, String focusField, Integer anchor, Integer head, String memberId,
                       long updatedAtMillis) {

    Presence withFocus(String node, String field, Integer selectionAnchor, Integer selectionHead, long now) {
        return new Presence(boardId, sessionId, accountId, name, colour, node, field, selectionAnchor, selectionHead,
                memberId, now);
    }

    Presence touched(long now) {
        return new Presence(boardId, sessionId, accountId, name, colour, focusNode, focusField, anchor, head,
                memberId, now);
    }
}
