package app.tandem.collab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.RandomBoard;
import app.tandem.collab.text.TextOp;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Random concurrent histories of several clients, delivered in random orders, converge to the server's document. */
class ConvergenceTest {

    @Property(tries = 150)
    void textOnlyHistoriesConverge(@ForAll Random r, @ForAll @IntRange(min = 2, max = 4) int clients) {
        Network net = new Network(clients);
        net.send(0, net.client(0).applyLocal(new Op.Create("doc", "page", "root", "pages", "V")));
        net.drain(r);
        for (int step = 0; step < 120; step++) {
            int c = r.nextInt(clients);
            if (r.nextInt(3) == 0) {
                ClientDoc cd = net.client(c);
                TextOp op = app.tandem.collab.text.RandomText.op(r, cd.doc().textLength("doc", "body"));
                net.send(c, cd.applyLocal(new Op.TextEdit("doc", "body", op)));
            } else {
                net.randomStep(r);
            }
        }
        net.drain(r);
        net.assertConverged();
        net.assertLogReplays();
        assertEquals(0, net.rejects);
    }

    @Property(tries = 200)
    void structureAndTextHistoriesWithUndoConverge(@ForAll Random r, @ForAll @IntRange(min = 2, max = 4) int clients) {
        Network net = new Network(clients);
        int[] ids = new int[clients];
        for (int step = 0; step < 150; step++) {
            int c = r.nextInt(clients);
            ClientDoc cd = net.client(c);
            int action = r.nextInt(10);
            if (action < 3) {
                Op op = RandomBoard.op(r, cd.doc(), "c" + c + "-" + ids[c]++);
                net.send(c, cd.applyLocal(op));
            } else if (action == 3) {
                net.send(c, r.nextInt(3) == 0 ? cd.redo() : cd.undo());
            } else {
                net.randomStep(r);
            }
        }
        net.drain(r);
        net.assertConverged();
        net.assertLogReplays();
    }

    @Test
    void concurrentMovesThatWouldMakeACycleConverge() {
        Network net = new Network(2);
        net.send(0, net.client(0).applyLocal(new Op.Create("a", "card", "root", "l", "V")));
        net.drain(new Random(1));
        net.send(0, net.client(0).applyLocal(new Op.Create("b", "card", "root", "l", "W")));
        net.drain(new Random(1));
        net.send(0, net.client(0).applyLocal(new Op.Move("a", "b", "l", "V")));
        net.send(1, net.client(1).applyLocal(new Op.Move("b", "a", "l", "V")));
        net.serve(0);
        net.serve(1);
        net.drain(new Random(2));
        net.assertConverged();
        BoardDoc d = net.server.doc();
        assertEquals("b", d.parent("a"), "the first sequenced move wins, the second would close a cycle");
        assertEquals("root", d.parent("b"));
    }

    @Test
    void editsInsideAConcurrentlyDeletedSubtreeBecomeNoops() {
        Network net = new Network(2);
        net.send(0, net.client(0).applyLocal(new Op.Create("col", "column", "root", "l", "V")));
        net.drain(new Random(1));
        net.send(0, net.client(0).applyLocal(new Op.Create("card", "card", "col", "l", "V", Map.of(), Map.of("t", "hi"))));
        net.drain(new Random(1));
        net.send(0, net.client(0).applyLocal(new Op.Delete("col")));
        net.send(1, net.client(1).applyLocal(new Op.TextEdit("card", "t", TextOp.of(2, "!"))));
        net.send(1, net.client(1).applyLocal(new Op.Create("kid", "card", "card", "l", "V")));
        net.serve(0);
        net.drain(new Random(3));
        net.assertConverged();
        assertEquals(1, net.server.doc().size());
        assertEquals(0, net.rejects);
    }

    @Test
    void lastSequencedSetWins() {
        Network net = new Network(2);
        net.send(0, net.client(0).applyLocal(new Op.Create("n", "card", "root", "l", "V")));
        net.drain(new Random(1));
        net.send(0, net.client(0).applyLocal(new Op.SetField("n", "title", "from 0")));
        net.send(1, net.client(1).applyLocal(new Op.SetField("n", "title", "from 1")));
        net.serve(1);
        net.serve(0);
        net.drain(new Random(1));
        net.assertConverged();
        assertEquals("from 0", net.server.doc().field("n", "title"));
    }
}
