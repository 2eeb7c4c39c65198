package app.tandem.collab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Per-user undo: reverts only your own edits, also after others edited concurrently. */
class UndoTest {

    static Network withCard(String text) {
        Network net = new Network(2);
        net.send(0, net.client(0).applyLocal(new Op.Create("n", "card", "root", "cards", "V",
                Map.of("title", "Plan"), Map.of("t", text))));
        net.drain(new Random(0));
        return net;
    }

    static Op text(ClientDoc c, TextOp op) {
        return new Op.TextEdit("n", "t", op);
    }

    @Test
    void undoRemovesMyTypingAndKeepsTheirs() {
        Network net = withCard("ab");
        ClientDoc me = net.client(1);
        ClientDoc other = net.client(0);
        net.send(1, me.applyLocal(text(me, TextOp.of(1, "ME", 1))));          // aMEb
        net.send(0, other.applyLocal(text(other, TextOp.of(2, "them"))));     // abthem (concurrent)
        net.drain(new Random(1));
        assertEquals("aMEbthem", net.server.doc().text("n", "t"));
        net.send(1, me.undo());
        net.drain(new Random(1));
        net.assertConverged();
        assertEquals("abthem", net.server.doc().text("n", "t"));
        net.send(1, me.redo());
        net.drain(new Random(1));
        assertEquals("aMEbthem", net.server.doc().text("n", "t"));
    }

    @Test
    void undoOfSetRestoresTheOldValueUnlessSomeoneElseSetItSince() {
        Network net = withCard("");
        ClientDoc me = net.client(1);
        net.send(1, me.applyLocal(new Op.SetField("n", "title", "Mine")));
        net.drain(new Random(1));
        net.send(1, me.undo());
        net.drain(new Random(1));
        assertEquals("Plan", net.server.doc().field("n", "title"));
        net.send(1, me.redo());
        net.drain(new Random(1));
        assertEquals("Mine", net.server.doc().field("n", "title"));

        net.send(0, net.client(0).applyLocal(new Op.SetField("n", "title", "Theirs")));
        net.drain(new Random(1));
        net.send(1, me.undo());
        net.drain(new Random(1));
        assertEquals("Theirs", net.server.doc().field("n", "title"), "never undo somebody else's edit");
        net.assertConverged();
    }

    @Test
    void undoOfDeleteRecreatesTheSubtreeWithTheSameIds() {
        Network net = withCard("notes");
        net.send(0, net.client(0).applyLocal(new Op.Create("kid", "card", "n", "items", "V", Map.of("x", 1L), Map.of())));
        net.drain(new Random(1));
        ClientDoc me = net.client(1);
        String before = net.server.doc().toJson();
        net.send(1, me.applyLocal(new Op.Delete("n")));
        net.drain(new Random(1));
        assertFalse(net.server.doc().has("kid"));
        net.send(1, me.undo());
        net.drain(new Random(2));
        net.assertConverged();
        assertEquals(before, net.server.doc().toJson());
    }

    @Test
    void undoOfCreateDeletesAndUndoOfMoveMovesBack() {
        Network net = withCard("");
        ClientDoc me = net.client(1);
        net.send(1, me.applyLocal(new Op.Create("col", "column", "root", "columns", "V")));
        net.drain(new Random(1));
        net.send(1, me.applyLocal(new Op.Move("n", "col", "cards", "a")));
        net.drain(new Random(1));
        net.send(1, me.undo());
        net.drain(new Random(1));
        assertEquals("root", net.server.doc().parent("n"));
        assertEquals("V", net.server.doc().pos("n"));
        net.send(1, me.undo());
        net.drain(new Random(1));
        assertFalse(net.server.doc().has("col"));
        assertFalse(me.canUndo());
        net.assertConverged();
    }

    @Test
    void myTextEditOnANodeSomeoneElseDeletedIsNotUndoable() {
        Network net = withCard("ab");
        ClientDoc me = net.client(1);
        net.send(1, me.applyLocal(text(me, TextOp.of(2, "c"))));
        net.send(0, net.client(0).applyLocal(new Op.Delete("n")));
        net.drain(new Random(4));
        assertTrue(me.undo().isEmpty());
        net.drain(new Random(4));
        net.assertConverged();
        assertFalse(net.server.doc().has("n"));
    }

    /**
     * Two people type concurrently (unique characters: mine Hangul, theirs CJK); they may delete any
     * character. After I undo all my edits, the text holds exactly the original characters and theirs, minus
     * what they deleted: none of mine, and what I deleted is back.
     */
    @Property(tries = 200)
    void undoingAllMyEditsLeavesExactlyTheirs(@ForAll Random r) {
        String start = "0123456789";
        Network net = withCard(start);
        ClientDoc me = net.client(1);
        ClientDoc them = net.client(0);
        Set<Integer> theirsDeleted = new HashSet<>();
        Set<Integer> theirsInserted = new HashSet<>();
        Set<Integer> mineDeleted = new HashSet<>();
        int[] next = {'a', 'A'};
        for (int step = 0; step < 40; step++) {
            int who = r.nextInt(3);
            if (who < 2) {
                ClientDoc c = who == 0 ? them : me;
                String s = c.doc().text("n", "t");
                int len = s.codePointCount(0, s.length());
                int pos = r.nextInt(len + 1);
                int del = r.nextInt(3) == 0 ? Math.min(len - pos, r.nextInt(3)) : 0;
                String ins = "";
                if (del == 0 || r.nextBoolean()) {
                    ins = new String(Character.toChars(who == 0 ? 0x4E00 + next[1]++ : 0xAC00 + next[0]++));
                }
                if (who == 0) {
                    s.substring(s.offsetByCodePoints(0, pos), s.offsetByCodePoints(0, pos + del)).codePoints()
                            .forEach(theirsDeleted::add);
                    ins.codePoints().forEach(theirsInserted::add);
                } else {
                    s.substring(s.offsetByCodePoints(0, pos), s.offsetByCodePoints(0, pos + del)).codePoints()
                            .forEach(mineDeleted::add);
                }
                net.send(who == 0 ? 0 : 1, c.applyLocal(text(c, TextOp.splice(len, pos, del, ins))));
            } else {
                net.randomStep(r);
            }
        }
        net.drain(r);
        while (me.canUndo()) {
            net.send(1, me.undo());
            net.drain(r);
        }
        net.assertConverged();
        Set<Integer> expected = new HashSet<>();
        start.codePoints().forEach(expected::add);
        expected.addAll(theirsInserted);
        expected.removeAll(theirsDeleted);
        String result = net.server.doc().text("n", "t");
        Set<Integer> actual = new HashSet<>();
        result.codePoints().forEach(actual::add);
        assertEquals(result.codePointCount(0, result.length()), actual.size(), "no character twice: " + result);
        // Known limit (docs/decisions/0001): a character we both deleted concurrently may come back when I undo,
        // because the transform of my delete against theirs keeps no trace that they deleted it too.
        Set<Integer> both = new HashSet<>(theirsDeleted);
        both.retainAll(mineDeleted);
        expected.removeAll(both);
        actual.removeAll(both);
        assertEquals(expected, actual, result);
    }
}
