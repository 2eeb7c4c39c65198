package app.tandem.tools;

/**
 * A client's copy of one text field, edited in place by code-point offsets. Stored as UTF-16; while the text has
 * no characters outside the Basic Multilingual Plane (the usual case) a code-point offset is a char index and every
 * edit is one array move, otherwise offsets are counted.
 */
public final class LocalText {
    private final StringBuilder text = new StringBuilder();
    private long supplementary;
    private long length;

    public LocalText() {
    }

    public LocalText(String initial) {
        insert(0, initial);
    }

    /** Length in code points. */
    public long length() {
        return length;
    }

    public void insert(long pos, String s) {
        text.insert(charIndex(pos), s);
        long cps = s.codePointCount(0, s.length());
        supplementary += s.length() - cps;
        length += cps;
    }

    public void delete(long pos, long count) {
        int from = charIndex(pos);
        int to = supplementary == 0 ? Math.toIntExact(from + count) : text.offsetByCodePoints(from, Math.toIntExact(count));
        long units = to - from;
        text.delete(from, to);
        supplementary -= units - count;
        length -= count;
    }

    private int charIndex(long pos) {
        if (pos < 0 || pos > length) {
            throw new IndexOutOfBoundsException("position " + pos + " outside a text of " + length + " code points");
        }
        return supplementary == 0 ? Math.toIntExact(pos) : text.offsetByCodePoints(0, Math.toIntExact(pos));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
