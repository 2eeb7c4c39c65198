package app.tandem.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.text.TextOp;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BoardDocTest {

    static BoardDoc sample() {
        BoardDoc d = new BoardDoc();
        d.apply(new Op.Create("col", "column", "root", "columns", "V", Map.of("title", "To do"), Map.of()));
        d.apply(new Op.Create("c2", "card", "col", "cards", "b", Map.of(), Map.of("notes", "two")));
        d.apply(new Op.Create("c1", "card", "col", "cards", "a", Map.of("n", 1L), Map.of("notes", "one")));
        d.apply(new Op.Create("c3", "card", "col", "cards", "b"));
        return d;
    }

    @Test
    void childrenAreOrderedByPosThenId() {
        BoardDoc d = sample();
        assertEquals(List.of("c1", "c2", "c3"), d.children("col", "cards"));
        d.apply(new Op.Move("c1", "col", "cards", "c"));
        assertEquals(List.of("c2", "c3", "c1"), d.children("col", "cards"));
        d.apply(new Op.Move("c3", "root", "columns", "W"));
        assertEquals(List.of("col", "c3"), d.children("root", "columns"));
        assertEquals("root", d.parent("c3"));
    }

    @Test
    void fieldsAndTexts() {
        BoardDoc d = sample();
        d.apply(new Op.SetField("c1", "n", 2));
        d.apply(new Op.SetField("c1", "title", "x"));
        d.apply(new Op.SetField("c1", "title", null));
        assertEquals(Map.of("n", 2L), d.fields("c1"));
        d.apply(new Op.TextEdit("c1", "notes", TextOp.of(3, " more")));
        d.apply(new Op.TextEdit("c3", "notes", TextOp.of("new")));
        assertEquals("one more", d.text("c1", "notes"));
        assertEquals("new", d.text("c3", "notes"));
        assertEquals("", d.text("c3", "absent"));
    }

    @Test
    void deleteRemovesTheSubtree() {
        BoardDoc d = sample();
        d.apply(new Op.Delete("col"));
        assertEquals(1, d.size());
        assertFalse(d.has("c2"));
        assertEquals(List.of(), d.children("root", "columns"));
    }

    @Test
    void invalidOpsAreRejectedAndChangeNothing() {
        BoardDoc d = sample();
        String before = d.toJson();
        Op[] bad = {
            new Op.Create("c1", "card", "col", "cards", "z"),            // duplicate id
            new Op.Create("root", "card", "col", "cards", "z"),          // the root's id
            new Op.Create("x", "card", "nowhere", "cards", "z"),         // unknown parent
            new Op.Delete("nowhere"),
            new Op.Delete("root"),
            new Op.Move("root", "col", "cards", "z"),
            new Op.Move("col", "c1", "kids", "z"),                       // under its own descendant: a cycle
            new Op.Move("col", "col", "kids", "z"),                      // under itself
            new Op.Move("nowhere", "col", "cards", "z"),
            new Op.SetField("nowhere", "f", 1),
            new Op.TextEdit("c1", "notes", TextOp.of(2, "x")),           // length mismatch ("one" has 3)
            new Op.TextEdit("c1", "absent", TextOp.of(1, "x")),
            new Op.TextEdit("nowhere", "t", TextOp.of("x")),
        };
        for (Op op : bad) {
            TandemException e = assertThrows(TandemException.class, () -> d.apply(op), op.toString());
            assertEquals(ErrorCode.INVALID_OP, e.code(), op.toString());
            assertEquals(before, d.toJson(), op.toString());
        }
    }

    @Test
    void aBoardHasAtMostMaxNodes() {
        BoardDoc d = new BoardDoc();
        for (int i = 1; i < Limits.MAX_NODES; i++) {
            d.apply(new Op.Create("n" + i, "card", "root", "cards", "V"));
        }
        TandemException e = assertThrows(TandemException.class,
                () -> d.apply(new Op.Create("one-more", "card", "root", "cards", "V")));
        assertEquals(ErrorCode.INVALID_OP, e.code());
        assertEquals(Limits.MAX_NODES, d.size());
    }

    @Test
    void snapshotRoundTrips() {
        BoardDoc d = sample();
        d.apply(new Op.SetField("c2", "ok", false));
        d.apply(new Op.SetField("c2", "r", 2.5));
        String json = d.toJson();
        BoardDoc back = BoardDoc.fromJson(json);
        assertEquals(json, back.toJson());
        assertEquals(json, d.copy().toJson());
        assertEquals(List.of("c1", "c2", "c3"), back.children("col", "cards"));
        assertTrue(json.startsWith("{\"nodes\":[{\"id\":\"root\",\"type\":\"board\""), json);
    }

    @Test
    void malformedSnapshotsAreRejected() {
        String[] bad = {
            "{}",
            "{\"nodes\":[]}",
            "{\"nodes\":[{\"id\":\"root\",\"type\":\"card\"}]}",
            "{\"nodes\":[{\"id\":\"root\",\"type\":\"board\",\"lists\":{\"l\":[\"a\"]}}]}",
            "{\"nodes\":[{\"id\":\"root\",\"type\":\"board\"},{\"id\":\"a\",\"type\":\"card\",\"pos\":\"V\"}]}",
            "{\"nodes\":[{\"id\":\"root\",\"type\":\"board\",\"lists\":{\"l\":[\"a\",\"a\"]}},"
                + "{\"id\":\"a\",\"type\":\"card\",\"pos\":\"V\"}]}",
            "{\"nodes\":[{\"id\":\"root\",\"type\":\"board\",\"lists\":{\"l\":[\"a\"]}},"
                + "{\"id\":\"a\",\"type\":\"card\",\"pos\":\"V\",\"lists\":{\"l\":[\"a\"]}}]}",
        };
        for (String json : bad) {
            TandemException e = assertThrows(TandemException.class, () -> BoardDoc.fromJson(json), json);
            assertEquals(ErrorCode.INVALID_OP, e.code(), json);
        }
    }

    @Test
    void copyIsIndependent() {
        BoardDoc d = sample();
        BoardDoc c = d.copy();
        c.apply(new Op.TextEdit("c1", "notes", TextOp.of(3, "!")));
        c.apply(new Op.Move("c1", "root", "columns", "a"));
        assertEquals("one", d.text("c1", "notes"));
        assertEquals("col", d.parent("c1"));
    }

    /** The inverse of any valid op, applied after it, restores the document exactly. */
    @Property(tries = 300)
    void inverseRestores(@ForAll Random r) {
        BoardDoc d = RandomBoard.doc(r, 12);
        for (int i = 0; i < 10; i++) {
            Op op = RandomBoard.op(r, d, "x" + i);
            String before = d.toJson();
            List<Op> inverse = d.inverse(op);
            d.apply(op);
            for (Op inv : inverse) {
                d.apply(inv);
            }
            assertEquals(before, d.toJson(), op.toString());
            d.apply(op);
        }
    }

    @Property(tries = 100)
    void randomDocumentsRoundTripThroughJson(@ForAll Random r) {
        BoardDoc d = RandomBoard.doc(r, 30);
        assertEquals(d.toJson(), BoardDoc.fromJson(d.toJson()).toJson());
    }
}
