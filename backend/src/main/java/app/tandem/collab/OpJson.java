package app.tandem.collab;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.text.TextOp;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of {@link Op} and {@link TextOp} (TEAM.md contracts 1 and 2). Reading is strict and every
 * problem is a coded {@link TandemException} with a sentence: not JSON → MALFORMED_JSON; a wrong shape, type or
 * value → INVALID_OP; a text longer than allowed → TEXT_TOO_LONG. Unknown keys are ignored (newer clients).
 */
public final class OpJson {
    /** Strict: no duplicate keys, nothing after the value. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private OpJson() {}

    /** Parses an op from JSON text. */
    public static Op parse(String json) {
        return fromTree(tree(json));
    }

    /** Parses a text op (a JSON array) from JSON text. */
    public static TextOp parseTextOp(String json) {
        return textOp(tree(json));
    }

    public static String write(Op op) {
        return JSON.writeValueAsString(toTree(op));
    }

    public static String write(TextOp op) {
        return JSON.writeValueAsString(toTree(op));
    }

    /** Reads JSON text into a tree: MALFORMED_JSON when it is not JSON. */
    public static JsonNode tree(String json) {
        if (json == null) {
            throw new TandemException(ErrorCode.MALFORMED_JSON, "Expected JSON, got nothing.");
        }
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new TandemException(ErrorCode.MALFORMED_JSON, "Not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static Op fromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw invalid("An op must be a JSON object with a \"type\".");
        }
        String type = string(n, "type");
        return switch (type) {
            case "create" -> new Op.Create(string(n, "node"), string(n, "nodeType"), string(n, "parent"),
                    string(n, "list"), string(n, "pos"), fields(n.get("fields")), texts(n.get("texts")));
            case "delete" -> new Op.Delete(string(n, "node"));
            case "move" -> new Op.Move(string(n, "node"), string(n, "parent"), string(n, "list"), string(n, "pos"));
            case "set" -> {
                if (!n.has("value")) {
                    throw invalid("A set op needs a \"value\" (null clears the field).");
                }
                yield new Op.SetField(string(n, "node"), string(n, "field"), scalar(string(n, "field"), n.get("value")));
            }
            case "text" -> {
                if (!n.has("ops")) {
                    throw invalid("A text op needs \"ops\": a JSON array of retains, inserts and deletes.");
                }
                yield new Op.TextEdit(string(n, "node"), string(n, "field"), textOp(n.get("ops")));
            }
            case "noop" -> Op.Noop.INSTANCE;
            default -> throw invalid("Unknown op type \"" + type + "\" (create, delete, move, set, text or noop).");
        };
    }

    /** A text op from its JSON array: positive int = retain, negative int = delete, string = insert. */
    public static TextOp textOp(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw invalid("A text op must be a JSON array of retains (n), deletes (-n) and inserts (\"s\").");
        }
        TextOp.Builder b = TextOp.builder();
        for (JsonNode c : array) {
            if (c.isString()) {
                b.insert(c.stringValue());
            } else if (c.isIntegralNumber() && c.canConvertToInt()) {
                int v = c.intValue();
                if (v >= 0) {
                    b.retain(v);
                } else {
                    b.delete(-(long) v);
                }
            } else if (c.isIntegralNumber()) {
                throw new TandemException(ErrorCode.TEXT_TOO_LONG,
                        "A text op component is larger than any text field (" + TextOp.MAX_LENGTH + ").");
            } else {
                throw invalid("A text op component must be an integer or a string, not " + c + ".");
            }
        }
        return b.build();
    }

    public static ObjectNode toTree(Op op) {
        ObjectNode o = JSON.createObjectNode();
        switch (op) {
            case Op.Create c -> {
                o.put("type", "create").put("node", c.node()).put("nodeType", c.nodeType()).put("parent", c.parent())
                        .put("list", c.list()).put("pos", c.pos());
                ObjectNode fields = o.putObject("fields");
                c.fields().forEach((k, v) -> putScalar(fields, k, v));
                ObjectNode texts = o.putObject("texts");
                c.texts().forEach(texts::put);
            }
            case Op.Delete d -> o.put("type", "delete").put("node", d.node());
            case Op.Move m -> o.put("type", "move").put("node", m.node()).put("parent", m.parent())
                    .put("list", m.list()).put("pos", m.pos());
            case Op.SetField s -> {
                o.put("type", "set").put("node", s.node()).put("field", s.field());
                putScalar(o, "value", s.value());
            }
            case Op.TextEdit t -> {
                o.put("type", "text").put("node", t.node()).put("field", t.field());
                o.set("ops", toTree(t.ops()));
            }
            case Op.Noop n -> o.put("type", "noop");
        }
        return o;
    }

    public static ArrayNode toTree(TextOp op) {
        ArrayNode a = JSON.createArrayNode();
        for (TextOp.Component c : op.components()) {
            switch (c) {
                case TextOp.Retain r -> a.add(r.count());
                case TextOp.Delete d -> a.add(-d.count());
                case TextOp.Insert i -> a.add(i.text());
            }
        }
        return a;
    }

    static void putScalar(ObjectNode o, String key, Object v) {
        switch (v) {
            case null -> o.putNull(key);
            case String s -> o.put(key, s);
            case Boolean b -> o.put(key, b);
            case Long l -> o.put(key, l);
            case Double d -> o.put(key, d);
            default -> throw new IllegalStateException("not a scalar: " + v);
        }
    }

    /** A JSON scalar as a Java value (String, Boolean, Long, Double or null). */
    static Object scalar(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw invalid("Field '" + field + "' must be a string, number, boolean or null.");
    }

    static Map<String, Object> fields(JsonNode n) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw invalid("\"fields\" must be an object of scalars.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.put(e.getKey(), scalar(e.getKey(), e.getValue()));
        }
        return out;
    }

    static Map<String, String> texts(JsonNode n) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw invalid("\"texts\" must be an object of strings.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isString()) {
                throw invalid("Text '" + e.getKey() + "' must be a string.");
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
        return out;
    }

    static String string(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw invalid("The op needs \"" + key + "\".");
        }
        if (!v.isString()) {
            throw invalid("\"" + key + "\" must be a string.");
        }
        return v.stringValue();
    }

    static TandemException invalid(String message) {
        return new TandemException(ErrorCode.INVALID_OP, message);
    }
}
