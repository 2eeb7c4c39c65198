package app.tandem.collab.text;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain-text operation over Unicode code points that spans the whole text (TEAM.md contract 1): retain n,
 * insert s, delete n. Instances are immutable and always normalized (no zeros or empty strings, adjacent
 * components of one kind merged, an insert placed before an adjacent delete), so two ops that do the same
 * thing are {@code equals}.
 *
 * <p>The JSON form ({@code [3, -2, "p!"]}) is read and written by {@link app.tandem.collab.OpJson}; here
 * {@link #of(Object...)} builds the same shape from Java values.
 */
public final class TextOp {
    /** Longest text a field may have, in code points; an op making a field longer is TEXT_TOO_LONG. */
    public static final int MAX_LENGTH = 200_000;

    /** One step of an op. */
    public sealed interface Component permits Retain, Insert, Delete {}

    public record Retain(int count) implements Component {}

    /** {@code length} is the number of code points of {@code text}, computed once. */
    public record Insert(String text, int length) implements Component {
        public Insert(String text) {
            this(text, text.codePointCount(0, text.length()));
        }
    }

    public record Delete(int count) implements Component {}

    private static final TextOp EMPTY = new TextOp(List.of(), 0, 0);

    private final List<Component> components;
    private final int baseLength;
    private final int targetLength;

    private TextOp(List<Component> components, int baseLength, int targetLength) {
        this.components = components;
        this.baseLength = baseLength;
        this.targetLength = targetLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The identity op on a text of {@code length} code points. */
    public static TextOp identity(int length) {
        return builder().retain(length).build();
    }

    /**
     * An op from JSON-like values: a positive int retains, a negative int deletes, a string inserts. Zeros and
     * empty strings are dropped. Anything else is INVALID_OP; a result longer than {@link #MAX_LENGTH} is
     * TEXT_TOO_LONG.
     */
    public static TextOp of(Object... components) {
        Builder b = builder();
        for (Object c : components) {
            switch (c) {
                case Integer n when n >= 0 -> b.retain(n);
                case Integer n -> b.delete(-(long) n);
                case String s -> b.insert(s);
                case null, default -> throw invalid("A text op component must be an integer or a string, not " + c + ".");
            }
        }
        return b.build();
    }

    /** The op that turns a text of {@code length} code points into the same text with one splice at {@code pos}. */
    public static TextOp splice(int length, int pos, int deleteCount, String insert) {
        if (pos < 0 || deleteCount < 0 || pos + (long) deleteCount > length) {
            throw invalid("Splice at " + pos + " deleting " + deleteCount + " is outside a text of length " + length + ".");
        }
        return builder().retain(pos).insert(insert).delete(deleteCount).retain(length - pos - deleteCount).build();
    }

    public List<Component> components() {
        return components;
    }

    /** Length (code points) of the text this op applies to. */
    public int baseLength() {
        return baseLength;
    }

    /** Length (code points) of the text this op produces. */
    public int targetLength() {
        return targetLength;
    }

    /** True if the op changes nothing (only a retain, or nothing at all). */
    public boolean isIdentity() {
        for (Component c : components) {
            if (!(c instanceof Retain)) {
                return false;
            }
        }
        return true;
    }

    /** Applies this op to {@code text}; INVALID_OP if the lengths do not match. */
    public String apply(String text) {
        int length = text.codePointCount(0, text.length());
        if (length != baseLength) {
            throw invalid("The text op spans " + baseLength + " code points but the text has " + length + ".");
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int at = 0; // UTF-16 index into text
        for (Component c : components) {
            switch (c) {
                case Retain r -> {
                    int end = text.offsetByCodePoints(at, r.count());
                    out.append(text, at, end);
                    at = end;
                }
                case Insert i -> out.append(i.text());
                case Delete d -> at = text.offsetByCodePoints(at, d.count());
            }
        }
        return out.toString();
    }

    /**
     * The op that undoes this one, given the text this op was applied to (only the deleted ranges are read).
     */
    public TextOp invert(String textBefore) {
        int length = textBefore.codePointCount(0, textBefore.length());
        if (length != baseLength) {
            throw invalid("The text op spans " + baseLength + " code points but the text has " + length + ".");
        }
        return invert(textBefore, null);
    }

    /** {@link #invert(String)} against a {@link TextBuffer}, without copying the whole text. */
    public TextOp invert(TextBuffer textBefore) {
        if (textBefore.length() != baseLength) {
            throw invalid("The text op spans " + baseLength + " code points but the text has " + textBefore.length() + ".");
        }
        return invert(null, textBefore);
    }

    private TextOp invert(String text, TextBuffer buffer) {
        Builder b = builder();
        int pos = 0;
        for (Component c : components) {
            switch (c) {
                case Retain r -> {
                    b.retain(r.count());
                    pos += r.count();
                }
                case Insert i -> b.delete(i.length());
                case Delete d -> {
                    String removed = buffer != null ? buffer.slice(pos, pos + d.count())
                            : text.substring(text.offsetByCodePoints(0, pos), text.offsetByCodePoints(0, pos + d.count()));
                    b.insert(removed);
                    pos += d.count();
                }
            }
        }
        return b.build();
    }

    /** The pair of ops that {@link #transform} returns: {@code a} to apply after b, {@code b} to apply after a. */
    public record Transformed(TextOp a, TextOp b) {}

    /**
     * Transforms two concurrent ops on the same text (TP1: {@code apply(apply(s, a), b') == apply(apply(s, b), a')}).
     * <b>Tie rule</b>: {@code b} is the op the server sequenced first (or the remote op, on a client), so when both
     * insert at the same position b's insert stays left.
     */
    public static Transformed transform(TextOp a, TextOp b) {
        if (a.baseLength != b.baseLength) {
            throw invalid("Concurrent text ops span " + a.baseLength + " and " + b.baseLength + " code points.");
        }
        Builder a1 = builder();
        Builder b1 = builder();
        Cursor ca = new Cursor(a);
        Cursor cb = new Cursor(b);
        while (ca.more() || cb.more()) {
            if (cb.peek() instanceof Insert i) { // b first: its insert stays left
                b1.insert(i.text());
                a1.retain(i.length());
                cb.next();
                continue;
            }
            if (ca.peek() instanceof Insert i) {
                a1.insert(i.text());
                b1.retain(i.length());
                ca.next();
                continue;
            }
            int n = Math.min(ca.remaining(), cb.remaining());
            Component x = ca.peek();
            Component y = cb.peek();
            if (x instanceof Retain && y instanceof Retain) {
                a1.retain(n);
                b1.retain(n);
            } else if (x instanceof Delete && y instanceof Retain) {
                a1.delete(n);
            } else if (x instanceof Retain && y instanceof Delete) {
                b1.delete(n);
            } // both delete the same range: nothing left to do for either
            ca.take(n);
            cb.take(n);
        }
        return new Transformed(a1.build(), b1.build());
    }

    /** The single op equivalent to applying {@code a} then {@code b}. */
    public static TextOp compose(TextOp a, TextOp b) {
        if (a.targetLength != b.baseLength) {
            throw invalid("Cannot compose: the first op produces " + a.targetLength
                    + " code points, the second spans " + b.baseLength + ".");
        }
        Builder out = builder();
        Cursor ca = new Cursor(a);
        Cursor cb = new Cursor(b);
        while (ca.more() || cb.more()) {
            if (ca.peek() instanceof Delete d) {
                out.delete(d.count());
                ca.next();
                continue;
            }
            if (cb.peek() instanceof Insert i) {
                out.insert(i.text());
                cb.next();
                continue;
            }
            int n = Math.min(ca.remaining(), cb.remaining());
            Component x = ca.peek();
            Component y = cb.peek();
            if (x instanceof Retain && y instanceof Retain) {
                out.retain(n);
            } else if (x instanceof Retain && y instanceof Delete) {
                out.delete(n);
            } else if (x instanceof Insert && y instanceof Retain) {
                out.insert(ca.insertPart(n));
            } // an insert deleted again: nothing
            ca.take(n);
            cb.take(n);
        }
        return out.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextOp t && t.components.equals(components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    /** The JSON form, e.g. {@code [3,-2,"p!"]}. */
    @Override
    public String toString() {
        return app.tandem.collab.OpJson.write(this);
    }

    static TandemException invalid(String message) {
        return new TandemException(ErrorCode.INVALID_OP, message);
    }

    /** Walks an op's components, allowing a component to be consumed in parts. */
    private static final class Cursor {
        private final List<Component> components;
        private int index;
        private int offset; // code points of components.get(index) already consumed

        Cursor(TextOp op) {
            this.components = op.components;
        }

        boolean more() {
            return index < components.size();
        }

        Component peek() {
            return more() ? components.get(index) : null;
        }

        void next() {
            index++;
            offset = 0;
        }

        int remaining() {
            if (!more()) {
                throw invalid("Text ops of different lengths.");
            }
            return switch (components.get(index)) {
                case Retain r -> r.count() - offset;
                case Delete d -> d.count() - offset;
                case Insert i -> i.length() - offset;
            };
        }

        void take(int n) {
            offset += n;
            if (offset == switch (components.get(index)) {
                case Retain r -> r.count();
                case Delete d -> d.count();
                case Insert i -> i.length();
            }) {
                next();
            }
        }

        String insertPart(int n) {
            String text = ((Insert) components.get(index)).text();
            int from = text.offsetByCodePoints(0, offset);
            return text.substring(from, text.offsetByCodePoints(from, n));
        }
    }

    /** Builds a normalized op; lengths are checked against {@link #MAX_LENGTH}. */
    public static final class Builder {
        private final List<Component> out = new ArrayList<>(4);
        private long base;
        private long target;

        private Builder() {}

        public Builder retain(long n) {
            if (n < 0) {
                throw invalid("A retain count cannot be negative.");
            }
            if (n == 0) {
                return this;
            }
            base += n;
            target += n;
            checkLengths();
            if (!out.isEmpty() && out.getLast() instanceof Retain r) {
                out.set(out.size() - 1, new Retain(r.count() + (int) n));
            } else {
                out.add(new Retain((int) n));
            }
            return this;
        }

        public Builder delete(long n) {
            if (n < 0) {
                throw invalid("A delete count cannot be negative.");
            }
            if (n == 0) {
                return this;
            }
            base += n;
            checkLengths();
            if (!out.isEmpty() && out.getLast() instanceof Delete d) {
                out.set(out.size() - 1, new Delete(d.count() + (int) n));
            } else {
                out.add(new Delete((int) n));
            }
            return this;
        }

        public Builder insert(String s) {
            if (s == null) {
                throw invalid("An insert needs a string.");
            }
            if (s.isEmpty()) {
                return this;
            }
            checkUnicode(s);
            Insert ins = new Insert(s);
            target += ins.length();
            checkLengths();
            int last = out.size() - 1;
            if (last >= 0 && out.get(last) instanceof Insert i) {
                out.set(last, new Insert(i.text() + s, i.length() + ins.length()));
            } else if (last >= 0 && out.get(last) instanceof Delete d) {
                // normalized form: insert before an adjacent delete
                if (last >= 1 && out.get(last - 1) instanceof Insert i) {
                    out.set(last - 1, new Insert(i.text() + s, i.length() + ins.length()));
                } else {
                    out.add(last, ins);
                }
            } else {
                out.add(ins);
            }
            return this;
        }

        public TextOp build() {
            if (out.isEmpty()) {
                return EMPTY;
            }
            return new TextOp(Collections.unmodifiableList(new ArrayList<>(out)), (int) base, (int) target);
        }

        private void checkLengths() {
            if (base > MAX_LENGTH || target > MAX_LENGTH) {
                throw new TandemException(ErrorCode.TEXT_TOO_LONG,
                        "A text field may hold at most " + MAX_LENGTH + " characters.");
            }
        }

        private static void checkUnicode(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                        continue;
                    }
                    throw invalid("Inserted text contains an unpaired surrogate.");
                }
                if (Character.isLowSurrogate(c)) {
                    throw invalid("Inserted text contains an unpaired surrogate.");
                }
            }
        }
    }
}
