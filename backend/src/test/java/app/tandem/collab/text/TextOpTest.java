package app.tandem.collab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.OpJson;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TextOpTest {

    @Test
    void theContractExampleTurnsHelloIntoHelp() {
        TextOp op = OpJson.parseTextOp("[3, -2, \"p!\"]");
        assertEquals("help!", op.apply("hello"));
        assertEquals(5, op.baseLength());
        assertEquals(5, op.targetLength());
        assertEquals("[3,\"p!\",-2]", op.toString(), "normalized: insert before an adjacent delete");
    }

    @Test
    void normalizationDropsZerosAndMergesNeighbours() {
        TextOp op = TextOp.of(0, 1, 2, "", "a", "b", -1, "c", -2, 0);
        assertEquals(TextOp.of(3, "abc", -3), op);
        assertEquals("[3,\"abc\",-3]", op.toString());
    }

    @Test
    void lengthsCountCodePointsNotUtf16Units() {
        TextOp op = TextOp.of(1, -1, "漢", 1);
        assertEquals("a漢b", op.apply("a😀b"));
        assertEquals(3, op.baseLength());
        assertEquals("[1,\"😀\",-1,1]", op.invert("a😀b").toString());
    }

    @Test
    void anOpMustSpanTheWholeText() {
        TandemException e = assertThrows(TandemException.class, () -> TextOp.of(3).apply("hello"));
        assertEquals(ErrorCode.INVALID_OP, e.code());
        assertThrows(TandemException.class, () -> TextOp.of(6).apply("hello"));
    }

    @Test
    void tooLongTextIsRejected() {
        TandemException e = assertThrows(TandemException.class, () -> TextOp.of("x".repeat(TextOp.MAX_LENGTH + 1)));
        assertEquals(ErrorCode.TEXT_TOO_LONG, e.code());
        e = assertThrows(TandemException.class, () -> TextOp.of(TextOp.MAX_LENGTH, "x"));
        assertEquals(ErrorCode.TEXT_TOO_LONG, e.code());
        e = assertThrows(TandemException.class, () -> OpJson.parseTextOp("[99999999999]"));
        assertEquals(ErrorCode.TEXT_TOO_LONG, e.code());
    }

    @Test
    void malformedComponentsAreInvalid() {
        for (String bad : new String[] {"{}", "[1.5]", "[true]", "[null]", "[[1]]", "\"abc\"", "[\"\\ud800\"]"}) {
            TandemException e = assertThrows(TandemException.class, () -> OpJson.parseTextOp(bad), bad);
            assertEquals(ErrorCode.INVALID_OP, e.code(), bad);
        }
        assertEquals(ErrorCode.MALFORMED_JSON,
                assertThrows(TandemException.class, () -> OpJson.parseTextOp("[1,")).code());
    }

    @Test
    void tieRuleTheOpSequencedFirstStaysLeft() {
        TextOp first = TextOp.of(1, "X", 1);   // sequenced first
        TextOp second = TextOp.of(1, "Y", 1);  // concurrent, sequenced later
        TextOp.Transformed t = TextOp.transform(second, first);
        assertEquals("aXYb", t.a().apply(first.apply("ab")));
        assertEquals("aXYb", t.b().apply(second.apply("ab")));
    }

    @Test
    void concurrentDeletesOfTheSameRangeDeleteItOnce() {
        TextOp a = TextOp.of(1, -2, 1);
        TextOp b = TextOp.of(-3, 1);
        TextOp.Transformed t = TextOp.transform(a, b);
        assertEquals("d", t.a().apply(b.apply("abcd")));
        assertEquals("d", t.b().apply(a.apply("abcd")));
    }

    @Test
    void spliceBuildsTheOpOfOneEdit() {
        assertEquals("heLLo world", TextOp.splice(11, 2, 2, "LL").apply("hello world"));
        assertThrows(TandemException.class, () -> TextOp.splice(3, 2, 2, ""));
    }

    @Property(tries = 500)
    void transformConvergesTp1(@ForAll Random r) {
        String s = RandomText.text(r, 12);
        TextOp a = RandomText.op(r, RandomText.length(s));
        TextOp b = RandomText.op(r, RandomText.length(s));
        TextOp.Transformed t = TextOp.transform(a, b);
        assertEquals(t.b().apply(a.apply(s)), t.a().apply(b.apply(s)));
    }

    @Property(tries = 500)
    void composeEqualsApplyingInSequence(@ForAll Random r) {
        String s = RandomText.text(r, 12);
        TextOp a = RandomText.op(r, RandomText.length(s));
        TextOp b = RandomText.op(r, a.targetLength());
        assertEquals(b.apply(a.apply(s)), TextOp.compose(a, b).apply(s));
    }

    @Property(tries = 500)
    void invertUndoes(@ForAll Random r) {
        String s = RandomText.text(r, 12);
        TextOp a = RandomText.op(r, RandomText.length(s));
        assertEquals(s, a.invert(s).apply(a.apply(s)));
        assertEquals(a.invert(s), a.invert(new TextBuffer(s)));
    }

    @Property(tries = 300)
    void gapBufferAgreesWithStringApply(@ForAll Random r) {
        String s = RandomText.text(r, 12);
        TextBuffer buf = new TextBuffer(s);
        for (int i = 0; i < 8; i++) {
            TextOp op = RandomText.op(r, RandomText.length(s));
            s = op.apply(s);
            buf.apply(op);
            assertEquals(s, buf.toString());
            assertEquals(RandomText.length(s), buf.length());
        }
    }

    @Property(tries = 300)
    void jsonRoundTrip(@ForAll Random r) {
        TextOp a = RandomText.op(r, r.nextInt(20));
        assertEquals(a, OpJson.parseTextOp(OpJson.write(a)));
        assertTrue(a.baseLength() >= 0);
    }
}
