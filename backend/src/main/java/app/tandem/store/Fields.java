package app.tandem.store;

import app.tandem.ErrorCode;
import app.tandem.TandemException;

/** Input checks shared by the stores: every rejected value answers VALIDATION_FAILED with a sentence saying why. */
final class Fields {
    private Fields() {
    }

    /** Trimmed text of 1..max characters. */
    static String requiredText(String value, String what, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw invalid(what + " must not be blank.");
        }
        return checkLength(v, what, max);
    }

    /** Trimmed text of 0..max characters; null means empty. */
    static String optionalText(String value, String what, int max) {
        return checkLength(value == null ? "" : value.strip(), what, max);
    }

    static TandemException invalid(String message) {
        return new TandemException(ErrorCode.VALIDATION_FAILED, message);
    }

    private static String checkLength(String v, String what, int max) {
        // Counted in UTF-16 units (String.length), the strictest of the two databases' ideas of a character,
        // so a value that passes here always fits its VARCHAR column on H2 and PostgreSQL.
        if (v.length() > max) {
            throw invalid(what + " must be at most " + max + " characters.");
        }
        return v;
    }
}
