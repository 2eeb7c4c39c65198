package app.tandem.collab.text;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import java.util.Arrays;

/**
 * A mutable text of Unicode code points held in a gap buffer, so that applying a {@link TextOp} costs the size of
 * the edit plus the distance from the previous edit, not the length of the text. Typing is local, so replaying a
 * real editing session is close to O(1) per keystroke. Not thread-safe: one owner (a board document).
 */
public final class TextBuffer {
    private int[] buf;
    private int gapStart;
    private int gapEnd;

    public TextBuffer() {
        this("");
    }

    public TextBuffer(String text) {
        int[] cps = text.codePoints().toArray();
        if (cps.length > TextOp.MAX_LENGTH) {
            throw new TandemException(ErrorCode.TEXT_TOO_LONG,
                    "A text field may hold at most " + TextOp.MAX_LENGTH + " characters.");
        }
        buf = Arrays.copyOf(cps, cps.length + 16);
        gapStart = cps.length;
        gapEnd = buf.length;
    }

    private TextBuffer(int[] buf, int gapStart, int gapEnd) {
        this.buf = buf;
        this.gapStart = gapStart;
        this.gapEnd = gapEnd;
    }

    /** Length in code points. */
    public int length() {
        return buf.length - (gapEnd - gapStart);
    }

    public TextBuffer copy() {
        return new TextBuffer(buf.clone(), gapStart, gapEnd);
    }

    /**
     * Applies {@code op} in place. Checked first, so a rejected op changes nothing: INVALID_OP if it does not span
     * this text, TEXT_TOO_LONG if the result would exceed {@link TextOp#MAX_LENGTH} (the builder already refuses
     * such ops, this guards the invariant).
     */
    public void apply(TextOp op) {
        if (op.baseLength() != length()) {
            throw TextOp.invalid("The text op spans " + op.baseLength() + " code points but the text has " + length() + ".");
        }
        int pos = 0;
        for (TextOp.Component c : op.components()) {
            switch (c) {
                case TextOp.Retain r -> pos += r.count();
                case TextOp.Delete d -> {
                    moveGap(pos);
                    gapEnd += d.count();
                }
                case TextOp.Insert i -> {
                    moveGap(pos);
                    ensureGap(i.length());
                    String s = i.text();
                    for (int k = 0; k < s.length(); ) {
                        int cp = s.codePointAt(k);
                        buf[gapStart++] = cp;
                        k += Character.charCount(cp);
                    }
                    pos += i.length();
                }
            }
        }
    }

    /** Code points {@code [from, to)} as a string. */
    public String slice(int from, int to) {
        if (from < 0 || to > length() || from > to) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + length());
        }
        StringBuilder sb = new StringBuilder(to - from);
        for (int p = from; p < to; p++) {
            sb.appendCodePoint(buf[p < gapStart ? p : p + (gapEnd - gapStart)]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(length());
        for (int p = 0; p < gapStart; p++) {
            sb.appendCodePoint(buf[p]);
        }
        for (int p = gapEnd; p < buf.length; p++) {
            sb.appendCodePoint(buf[p]);
        }
        return sb.toString();
    }

    private void moveGap(int pos) {
        if (pos < gapStart) {
            int n = gapStart - pos;
            System.arraycopy(buf, pos, buf, gapEnd - n, n);
            gapStart = pos;
            gapEnd -= n;
        } else if (pos > gapStart) {
            int n = pos - gapStart;
            System.arraycopy(buf, gapEnd, buf, gapStart, n);
            gapStart += n;
            gapEnd += n;
        }
    }

    private void ensureGap(int needed) {
        if (gapEnd - gapStart >= needed) {
            return;
        }
        int tail = buf.length - gapEnd;
        int capacity = Math.max(buf.length * 2, length() + needed + 16);
        int[] grown = new int[capacity];
        System.arraycopy(buf, 0, grown, 0, gapStart);
        System.arraycopy(buf, gapEnd, grown, capacity - tail, tail);
        gapEnd = capacity - tail;
        buf = grown;
    }
}
