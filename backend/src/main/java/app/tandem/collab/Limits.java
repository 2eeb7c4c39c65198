package app.tandem.collab;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.text.TextOp;
import java.util.Map;

/**
 * The size limits of a board document. They bound memory per board and keep one op cheap to check; every
 * violation is a coded error and nothing is applied.
 */
public final class Limits {
    /** Nodes per board, root included. */
    public static final int MAX_NODES = 10_000;
    /** Characters (UTF-16 units) of one scalar string value. */
    public static final int MAX_SCALAR_LENGTH = 10_000;
    /** Characters of a node id, node type, list name or field name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Characters of a fractional-index position. */
    public static final int MAX_POS_LENGTH = 256;
    /** Code points of one text field (the same as {@link TextOp#MAX_LENGTH}). */
    public static final int MAX_TEXT_LENGTH = TextOp.MAX_LENGTH;

    private Limits() {}

    /** Ids, types, list and field names: non-empty, at most 64 characters, no control characters. */
    static String name(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(what + " is required.");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw invalid(what + " is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid(what + " contains a control character.");
            }
        }
        return value;
    }

    static String pos(String pos) {
        if (pos == null || !FractionalIndex.isValid(pos)) {
            throw invalid("pos must be a non-empty fractional index (base-62 digits 0-9A-Za-z, not ending in 0), got "
                    + (pos == null ? "nothing" : "\"" + abbreviate(pos) + "\"") + ".");
        }
        if (pos.length() > MAX_POS_LENGTH) {
            throw invalid("pos is longer than " + MAX_POS_LENGTH + " characters.");
        }
        return pos;
    }

    /**
     * A scalar field value: String (at most 10,000 characters), Boolean, a whole number (as Long) or a finite
     * Double; null means "no value". Integer and Float are widened.
     */
    static Object scalar(String field, Object value) {
        return switch (value) {
            case null -> null;
            case String s when s.length() > MAX_SCALAR_LENGTH ->
                    throw invalid("Field '" + field + "' is longer than " + MAX_SCALAR_LENGTH + " characters.");
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Double d when d.isNaN() || d.isInfinite() -> throw invalid("Field '" + field + "' must be a finite number.");
            case Double d -> d;
            case Float f -> scalar(field, (double) f);
            default -> throw invalid("Field '" + field + "' must be a string, number, boolean or null.");
        };
    }

    static void textLength(String field, String text) {
        if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            throw new TandemException(ErrorCode.TEXT_TOO_LONG,
                    "Text '" + field + "' is longer than " + MAX_TEXT_LENGTH + " characters.");
        }
    }

    static void fieldNames(Map<String, ?> map, String what) {
        for (String k : map.keySet()) {
            name(what, k);
        }
    }

    static TandemException invalid(String message) {
        return new TandemException(ErrorCode.INVALID_OP, message);
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
