package app.tandem.tools;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The client side's text op algebra (TEAM.md contract 1): a list of components over Unicode code points spanning
 * the whole text: {@code Integer n > 0} retain n, {@code String} insert, {@code Integer n < 0} delete -n.
 * Kept normalized: no zeros or empty strings, adjacent components of one kind merged, insert before delete.
 *
 * <p>This is the small subset of the collab core the tools need (apply, transform, compose). It lives here only
 * until the core's own TextOp is on main; the tools use nothing else of it, so swapping is a matter of imports.
 */
public final class TextOp {
    private final List<Object> components;

    private TextOp(List<Object> components) {
        this.components = components;
    }

    public List<Object> components() {
        return components;
    }

    // ---- building ----

    private static final class Builder {
        final List<Object> out = new ArrayList<>();

        void retain(int n) {
            if (n <= 0) {
                return;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last) instanceof Integer i && i > 0) {
                out.set(last, i + n);
            } else {
                out.add(n);
            }
        }

        void insert(String s) {
            if (s.isEmpty()) {
                return;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last) instanceof String prev) {
                out.set(last, prev + s);
            } else if (last >= 0 && out.get(last) instanceof Integer i && i < 0) {
                // insert before delete: put it ahead of the trailing delete (merging with an insert before that)
                if (last >= 1 && out.get(last - 1) instanceof String prev) {
                    out.set(last - 1, prev + s);
                } else {
                    out.add(last, s);
                }
            } else {
                out.add(s);
            }
        }

        void delete(int n) {
            if (n <= 0) {
                return;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last) instanceof Integer i && i < 0) {
                out.set(last, i - n);
            } else {
                out.add(-n);
            }
        }

        TextOp build() {
            // a trailing retain is kept: ops span the whole text (contract 1)
            return new TextOp(List.copyOf(out));
        }
    }

    /** The op that, on a text of {@code length} code points, deletes {@code delete} at {@code pos} and inserts there. */
    public static TextOp splice(long length, long pos, long delete, String insert) {
        if (pos < 0 || delete < 0 || pos + delete > length) {
            throw new IllegalArgumentException("splice(" + pos + ", " + delete + ") outside a text of length " + length);
        }
        Builder b = new Builder();
        b.retain(Math.toIntExact(pos));
        b.insert(insert);
        b.delete(Math.toIntExact(delete));
        b.retain(Math.toIntExact(length - pos - delete));
        return b.build();
    }

    /** The identity op on a text of {@code length} code points. */
    public static TextOp identity(long length) {
        Builder b = new Builder();
        b.retain(Math.toIntExact(length));
        return b.build();
    }

    public static TextOp fromJson(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("a text op is a JSON array");
        }
        Builder b = new Builder();
        for (JsonNode c : array) {
            if (c.isString()) {
                b.insert(c.asString());
            } else if (c.isIntegralNumber() && c.canConvertToInt() && c.asInt() != 0) {
                int n = c.asInt();
                if (n > 0) {
                    b.retain(n);
                } else {
                    b.delete(-n);
                }
            } else {
                throw new IllegalArgumentException("bad text op component " + c);
            }
        }
        return b.build();
    }

    public ArrayNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Object c : components) {
            if (c instanceof String s) {
                a.add(s);
            } else {
                a.add((Integer) c);
            }
        }
        return a;
    }

    /** Code points the op expects to read (retains + deletes). */
    public long baseLength() {
        long n = 0;
        for (Object c : components) {
            if (c instanceof Integer i) {
                n += Math.abs(i);
            }
        }
        return n;
    }

    /** Code points of the text after the op. */
    public long targetLength() {
        long n = 0;
        for (Object c : components) {
            if (c instanceof Integer i && i > 0) {
                n += i;
            } else if (c instanceof String s) {
                n += s.codePointCount(0, s.length());
            }
        }
        return n;
    }

    public boolean isNoop() {
        for (Object c : components) {
            if (!(c instanceof Integer i && i > 0)) {
                return false;
            }
        }
        return true;
    }

    // ---- apply ----

    /** Applies the op to {@code text} in place. */
    public void applyTo(LocalText text) {
        if (baseLength() != text.length()) {
            throw new IllegalArgumentException("op spans " + baseLength() + " code points, the text has "
                    + text.length());
        }
        long pos = 0;
        for (Object c : components) {
            if (c instanceof String s) {
                text.insert(pos, s);
                pos += s.codePointCount(0, s.length());
            } else {
                int n = (Integer) c;
                if (n > 0) {
                    pos += n;
                } else {
                    text.delete(pos, -n);
                }
            }
        }
    }

    // ---- compose and transform ----

    /** A cursor over an op's components that can take part of a component. */
    private static final class Cursor {
        final List<Object> cs;
        int index;
        /** Code points (or units of a retain/delete) of the current component already consumed. */
        int offset;

        Cursor(TextOp op) {
            this.cs = op.components;
        }

        boolean done() {
            return index >= cs.size();
        }

        Object peek() {
            return cs.get(index);
        }

        /** Remaining length of the current component (code points for inserts). */
        int remaining() {
            Object c = cs.get(index);
            if (c instanceof String s) {
                return s.codePointCount(0, s.length()) - offset;
            }
            return Math.abs((Integer) c) - offset;
        }

        /** Takes up to {@code n} units of the current component, returning what was taken (same kind). */
        Object take(int n) {
            Object c = cs.get(index);
            int rem = remaining();
            int k = Math.min(n, rem);
            Object part;
            if (c instanceof String s) {
                int from = s.offsetByCodePoints(0, offset);
                int to = s.offsetByCodePoints(from, k);
                part = s.substring(from, to);
            } else {
                part = (Integer) c > 0 ? k : -k;
            }
            if (k == rem) {
                index++;
                offset = 0;
            } else {
                offset += k;
            }
            return part;
        }

        Object takeAll() {
            return take(Integer.MAX_VALUE);
        }
    }

    private static void emit(Builder b, Object c) {
        if (c instanceof String s) {
            b.insert(s);
        } else if ((Integer) c > 0) {
            b.retain((Integer) c);
        } else {
            b.delete(-(Integer) c);
        }
    }

    private static int length(Object c) {
        return c instanceof String s ? s.codePointCount(0, s.length()) : Math.abs((Integer) c);
    }

    /** The op equivalent to applying {@code a} then {@code b}. */
    public static TextOp compose(TextOp a, TextOp b) {
        if (a.targetLength() != b.baseLength()) {
            throw new IllegalArgumentException("compose: a produces " + a.targetLength() + ", b expects " + b.baseLength());
        }
        Builder out = new Builder();
        Cursor ca = new Cursor(a);
        Cursor cb = new Cursor(b);
        while (!ca.done() || !cb.done()) {
            if (!ca.done() && ca.peek() instanceof Integer i && i < 0) {
                emit(out, ca.takeAll()); // a's deletes are untouched by b
                continue;
            }
            if (!cb.done() && cb.peek() instanceof String) {
                emit(out, cb.takeAll()); // b's inserts go in as they are
                continue;
            }
            if (ca.done() || cb.done()) {
                throw new IllegalStateException("compose: length mismatch");
            }
            int n = Math.min(ca.remaining(), cb.remaining());
            Object x = ca.take(n);
            Object y = cb.take(n);
            boolean bRetains = (Integer) y > 0;
            if (x instanceof String s) {
                if (bRetains) {
                    out.insert(s);
                } // else b deletes what a inserted: nothing
            } else { // a retains
                emit(out, y);
            }
        }
        return out.build();
    }

    /**
     * {@code a} rewritten to apply after {@code b} (both on the same text). When both insert at the same position,
     * {@code aLeft} says whether a's insert ends up first. Server: transform(incoming, sequenced, false). Client:
     * transform(local, remote, false) and transform(remote, local, true): the sequenced op's insert stays left.
     */
    public static TextOp transform(TextOp a, TextOp b, boolean aLeft) {
        if (a.baseLength() != b.baseLength()) {
            throw new IllegalArgumentException("transform: ops on texts of " + a.baseLength() + " and " + b.baseLength());
        }
        Builder out = new Builder();
        Cursor ca = new Cursor(a);
        Cursor cb = new Cursor(b);
        while (!ca.done() || !cb.done()) {
            boolean aIns = !ca.done() && ca.peek() instanceof String;
            boolean bIns = !cb.done() && cb.peek() instanceof String;
            if (aIns && (aLeft || !bIns)) {
                emit(out, ca.takeAll());
                continue;
            }
            if (bIns) {
                out.retain(length(cb.takeAll()));
                continue;
            }
            if (ca.done() || cb.done()) {
                throw new IllegalStateException("transform: length mismatch");
            }
            int n = Math.min(ca.remaining(), cb.remaining());
            Object x = ca.take(n);
            Object y = cb.take(n);
            boolean bDeletes = (Integer) y < 0;
            if (bDeletes) {
                continue; // what a retains or deletes is gone already
            }
            emit(out, x);
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

    @Override
    public String toString() {
        return toJson().toString();
    }
}
