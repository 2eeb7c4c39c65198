package app.tandem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tools' text op algebra: the OT laws the client algorithm relies on, over random ops (code points). */
class TextOpTest {
    private static final String ALPHABET = "ab😀é";

    private static String randomText(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(4))));
        }
        return sb.toString();
    }

    private static TextOp randomOp(Random r, long length) {
        TextOp op = TextOp.identity(length);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            long len = op.targetLength();
            long pos = r.nextLong(len + 1);
            long del = r.nextInt(3) == 0 ? r.nextLong(len - pos + 1) : 0;
            String ins = r.nextInt(4) == 0 ? "" : randomText(r, 3);
            op = TextOp.compose(op, TextOp.splice(len, pos, del, ins));
        }
        return op;
    }

    private static String apply(String s, TextOp op) {
        LocalText t = new LocalText(s);
        op.applyTo(t);
        return t.toString();
    }

    @Test
    void composeIsApplyingOneAfterTheOther() {
        Random r = new Random(1);
        for (int i = 0; i < 5000; i++) {
            String s = randomText(r, 8);
            TextOp a = randomOp(r, s.codePointCount(0, s.length()));
            TextOp b = randomOp(r, a.targetLength());
            assertEquals(apply(apply(s, a), b), apply(s, TextOp.compose(a, b)), () -> s + " " + a + " " + b);
        }
    }

    @Test
    void transformedOpsConvergeWhicheverIsFirst() {
        Random r = new Random(2);
        for (int i = 0; i < 5000; i++) {
            String s = randomText(r, 8);
            long n = s.codePointCount(0, s.length());
            TextOp a = randomOp(r, n);
            TextOp b = randomOp(r, n);
            String viaA = apply(apply(s, a), TextOp.transform(b, a, false));
            String viaB = apply(apply(s, b), TextOp.transform(a, b, true));
            assertEquals(viaA, viaB, () -> s + " " + a + " " + b);
        }
    }

    @Test
    void theSequencedInsertStaysLeft() {
        TextOp sequenced = TextOp.fromJson(ProtocolClient.JSON.valueToTree(List.of(1, "X", 1)));
        TextOp incoming = TextOp.fromJson(ProtocolClient.JSON.valueToTree(List.of(1, "Y", 1)));
        String server = apply(apply("ab", sequenced), TextOp.transform(incoming, sequenced, false));
        assertEquals("aXYb", server);
        assertEquals("[2,\"Y\",1]", TextOp.transform(incoming, sequenced, false).toString());
    }

    @Test
    void normalizedForm() {
        TextOp op = TextOp.fromJson(ProtocolClient.JSON.valueToTree(List.of(3, -2, "p!")));
        assertEquals("[3,\"p!\",-2]", op.toString());
        assertEquals("help!", apply("hello", op));
        assertEquals("[1,\"ab\",-3]", TextOp.compose(TextOp.splice(4, 1, 1, "a"),
                TextOp.splice(4, 2, 2, "b")).toString());
    }
}
