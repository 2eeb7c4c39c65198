package app.tandem.api;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * A request's JSON object body with typed field access. Every problem becomes a coded error with a sentence:
 * not JSON → MALFORMED_JSON, not an object → BAD_REQUEST, missing or wrongly typed field → VALIDATION_FAILED.
 * Unknown fields are ignored so that older servers accept newer clients.
 */
public final class JsonInput {
    private final JsonNode object;

    private JsonInput(JsonNode object) {
        this.object = object;
    }

    public static JsonInput parse(String body) {
        if (body == null || body.isBlank()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "This request needs a JSON object as its body.");
        }
        JsonNode node;
        try {
            node = ApiServer.JSON.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TandemException(ErrorCode.MALFORMED_JSON,
                    "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new TandemException(ErrorCode.BAD_REQUEST, "The request body must be a JSON object ({...}).");
        }
        return new JsonInput(node);
    }

    public String requiredString(String field) {
        String v = optionalString(field);
        if (v == null) {
            throw invalid("Field '" + field + "' is required.");
        }
        return v;
    }

    /** The string value, or null if the field is absent or JSON null. */
    public String optionalString(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw invalid("Field '" + field + "' must be a string.");
        }
        return v.asString();
    }

    /** The integer value, or null if the field is absent or JSON null. */
    public Integer optionalInt(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid("Field '" + field + "' must be a whole number.");
        }
        return v.asInt();
    }

    private static TandemException invalid(String message) {
        return new TandemException(ErrorCode.VALIDATION_FAILED, message);
    }
}
