package app.tandem.cluster.engine;

import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** The engine's event-bus messages, as JSON strings (Jackson 3): submit requests, acks and op batches. */
final class Wire {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Failure code on the event bus for {@link Retry}; an {@link app.tandem.ErrorCode} travels as 1000 + ordinal. */
    static final int RETRY = 999;
    static final int CODE_BASE = 1000;

    record Batch(UUID boardId, List<SequencedOp> ops) {
    }

    private Wire() {
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
