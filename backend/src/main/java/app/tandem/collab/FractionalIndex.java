package app.tandem.collab;

/**
 * Fractional-index positions for ordered child lists: strings of base-62 digits {@code 0-9A-Za-z} read as a
 * fraction {@code 0.d1d2d3...}, compared as plain strings (the digits are in ASCII order). Between any two
 * distinct keys there is another, so a node can always be placed between its neighbours without renumbering.
 * A key is never empty and never ends in {@code 0} (that is what keeps "between" always possible).
 * Pure and deterministic: the same neighbours always give the same key; ties of equal keys are broken by node
 * id in the list order.
 */
public final class FractionalIndex {
    static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = 62;

    private FractionalIndex() {}

    /** A key for the first element of an empty list (the middle digit). */
    public static String first() {
        return between(null, null);
    }

    /** A key that sorts before {@code key}. */
    public static String before(String key) {
        return between(null, key);
    }

    /** A key that sorts after {@code key}. */
    public static String after(String key) {
        return between(key, null);
    }

    /**
     * A key strictly between {@code lo} and {@code hi}; null means the start (for lo) or the end (for hi) of the
     * list. Both must be valid and {@code lo < hi}.
     */
    public static String between(String lo, String hi) {
        String a = lo == null ? "" : lo;
        if (lo != null && !isValid(lo) || hi != null && !isValid(hi)) {
            throw new IllegalArgumentException("Not a fractional index: " + (lo != null && !isValid(lo) ? lo : hi));
        }
        if (hi != null && a.compareTo(hi) >= 0) {
            throw new IllegalArgumentException("Need lo < hi, got " + lo + " and " + hi);
        }
        if (lo != null && hi == null) {
            return increment(lo);
        }
        if (lo == null && hi != null) {
            return decrement(hi);
        }
        return midpoint(a, hi);
    }

    /**
     * A key after {@code key} that grows by one digit only every 61 appends (appending is the common case):
     * bump the first digit that is not the largest and drop the rest.
     */
    private static String increment(String key) {
        for (int i = 0; i < key.length(); i++) {
            int d = digit(key.charAt(i));
            if (d < BASE - 1) {
                return key.substring(0, i) + DIGITS.charAt(d + 1);
            }
        }
        return key + DIGITS.charAt(BASE / 2);
    }

    /** A key before {@code key}: lower the first digit above 1 and drop the rest, else halve towards zero. */
    private static String decrement(String key) {
        for (int i = 0; i < key.length(); i++) {
            int d = digit(key.charAt(i));
            if (d > 1) {
                return key.substring(0, i) + DIGITS.charAt(d - 1);
            }
        }
        return midpoint("", key);
    }

    /** Non-empty, base-62 digits only, not ending in '0'. */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.charAt(key.length() - 1) == '0') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (digit(key.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Midpoint of {@code a < b}; a may be "" (zero), b null (one). Neither ends in '0'. */
    private static String midpoint(String a, String b) {
        if (b != null) {
            int n = 0; // length of the common prefix, a padded with zeros
            while (n < b.length() && (n < a.length() ? a.charAt(n) : '0') == b.charAt(n)) {
                n++;
            }
            if (n > 0) {
                return b.substring(0, n) + midpoint(n < a.length() ? a.substring(n) : "", b.substring(n));
            }
        }
        int da = a.isEmpty() ? 0 : digit(a.charAt(0));
        int db = b == null ? BASE : digit(b.charAt(0));
        if (db - da > 1) {
            return String.valueOf(DIGITS.charAt((da + db) / 2));
        }
        if (b != null && b.length() > 1) {
            return b.substring(0, 1); // b's first digit alone is below b and above a
        }
        return DIGITS.charAt(da) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
