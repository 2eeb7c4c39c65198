package app.tandem.ui.collab;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Test-only text ops (contract 1) for the test sequencer: apply, and transform with the tie rule (the sequenced
 * op's insert stays left). The browser side of the same contract is text-ot.ts; the engine's is the core's.
 */
final class TestTextOps {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestTextOps() {
    }

    /** Components: Long n > 0 retain, Long n < 0 delete, String insert. */
    static List<Object> parse(String json) {
        JsonNode node = JSON.readTree(json);
        if (!node.isArray()) {
            throw new IllegalArgumentException("not an array");
        }
        List<Object> op = new ArrayList<>();
        for (JsonNode c : node) {
            if (c.isString()) {
                if (!c.asString().isEmpty()) {
                    op.add(c.asString());
                }
            } else if (c.isIntegralNumber()) {
                if (c.asLong() != 0) {
                    op.add(c.asLong());
                }
            } else {
                throw new IllegalArgumentException("bad component " + c);
            }
        }
        return op;
    }

    static String toJson(List<Object> op) {
        ArrayNode a = JSON.createArrayNode();
        for (Object c : op) {
            if (c instanceof String s) {
                a.add(s);
            } else {
                a.add((Long) c);
            }
        }
        return JSON.writeValueAsString(a);
    }

    static String apply(String text, List<Object> op) {
        int[] cps = text.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Object c : op) {
            if (c instanceof String s) {
                out.append(s);
            } else {
                long n = (Long) c;
                if (Math.abs(n) > cps.length - i) {
                    throw new IllegalArgumentException("op longer than the text");
                }
                if (n > 0) {
                    out.append(new String(cps, i, (int) n));
                }
                i += (int) Math.abs(n);
            }
        }
        if (i != cps.length) {
            throw new IllegalArgumentException("op shorter than the text");
        }
        return out.toString();
    }

    /** {@code op} transformed to apply after {@code sequenced}, whose inserts stay left. */
    static List<Object> transform(List<Object> op, List<Object> sequenced) {
        List<Object> out = new ArrayList<>();
        List<Object> a = new ArrayList<>(op);
        List<Object> b = new ArrayList<>(sequenced);
        int ia = 0;
        int ib = 0;
        while (ia < a.size() || ib < b.size()) {
            Object x = ia < a.size() ? a.get(ia) : null;
            Object y = ib < b.size() ? b.get(ib) : null;
            if (y instanceof String s) {
                add(out, (long) s.codePointCount(0, s.length()));
                ib++;
                continue;
            }
            if (x instanceof String s) {
                add(out, s);
                ia++;
                continue;
            }
            if (x == null || y == null) {
                throw new IllegalArgumentException("ops of different lengths");
            }
            long lx = (Long) x;
            long ly = (Long) y;
            long n = Math.min(Math.abs(lx), Math.abs(ly));
            if (lx > 0 && ly > 0) {
                add(out, n);
            } else if (lx < 0 && ly > 0) {
                add(out, -n);
            }
            // x retains what y deletes, or both delete: nothing
            ia = consume(a, ia, lx, n);
            ib = consume(b, ib, ly, n);
        }
        return out;
    }

    private static int consume(List<Object> ops, int i, long c, long n) {
        if (Math.abs(c) == n) {
            return i + 1;
        }
        ops.set(i, c > 0 ? c - n : c + n);
        return i;
    }

    private static void add(List<Object> out, Object c) {
        if (!out.isEmpty()) {
            Object last = out.getLast();
            if (last instanceof String s && c instanceof String t) {
                out.set(out.size() - 1, s + t);
                return;
            }
            if (last instanceof Long l && c instanceof Long m && Long.signum(l) == Long.signum(m)) {
                out.set(out.size() - 1, l + m);
                return;
            }
        }
        out.add(c);
    }
}
