package app.tandem.cluster;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a board snapshot: what the event bus carries on {@code board.<id>} and what the database keeps
 * in {@code board_state.state}: {@code {"boardId":..,"version":..,"cards":[{"id","column","title","text","position"}]}}.
 */
final class BoardJson {
    /** Unknown fields are skipped so that during a rolling upgrade older nodes read newer nodes' snapshots. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private BoardJson() {
    }

    static String write(BoardSnapshot snapshot) {
        return MAPPER.writeValueAsString(snapshot);
    }

    static BoardSnapshot read(String json) {
        return MAPPER.readValue(json, BoardSnapshot.class);
    }
}
