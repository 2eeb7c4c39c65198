package app.tandem.collab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServerDocTest {
    static final UUID ALICE = UUID.randomUUID();
    static final UUID BOB = UUID.randomUUID();

    static Op create(String id) {
        return new Op.Create(id, "card", "root", "cards", "V");
    }

    static Op text(String node, Object... ops) {
        return new Op.TextEdit(node, "t", TextOp.of(ops));
    }

    static SequencedOp sequenced(ServerDoc.Result r) {
        return assertInstanceOf(ServerDoc.Sequenced.class, r).op();
    }

    @Test
    void eachOpTakesTheNextRevision() {
        ServerDoc s = new ServerDoc();
        assertEquals(0, s.rev());
        assertEquals(1, sequenced(s.submit(ALICE, "a", 1, 0, create("n"))).rev());
        assertEquals(2, sequenced(s.submit(ALICE, "a", 2, 1, Op.Noop.INSTANCE)).rev());
        assertEquals(2, s.rev());
    }

    @Test
    void aResendGetsTheOriginalAckAndIsNotAppliedTwice() {
        ServerDoc s = new ServerDoc();
        s.submit(ALICE, "a", 1, 0, create("n"));
        SequencedOp first = sequenced(s.submit(ALICE, "a", 2, 1, text("n", "hi")));
        s.submit(BOB, "b", 1, 2, text("n", 2, "!"));
        ServerDoc.Result again = s.submit(ALICE, "a", 2, 1, text("n", "hi"));
        assertEquals(new ServerDoc.Duplicate(new ServerDoc.Ack(2, first.op())), again);
        assertEquals("hi!", s.doc().text("n", "t"));
        assertEquals(3, s.rev());
        // an older op of the same client still in the window: its own ack
        assertEquals(new ServerDoc.Duplicate(new ServerDoc.Ack(1, create("n"))), s.submit(ALICE, "a", 1, 0, create("n")));
    }

    @Test
    void anOlderClientSeqNoLongerInTheWindowIsStale() {
        ServerDoc s = new ServerDoc(new app.tandem.collab.BoardDoc(), 0, 2);
        s.submit(ALICE, "a", 1, 0, create("n"));
        s.submit(ALICE, "a", 2, 1, Op.Noop.INSTANCE);
        s.submit(ALICE, "a", 3, 2, Op.Noop.INSTANCE);
        TandemException e = assertThrows(TandemException.class, () -> s.submit(ALICE, "a", 1, 0, create("n")));
        assertEquals(ErrorCode.STALE_REVISION, e.code());
    }

    @Test
    void baseRevisionAheadOrOutsideTheWindowIsStale() {
        ServerDoc s = new ServerDoc(new app.tandem.collab.BoardDoc(), 0, 3);
        assertEquals(ErrorCode.STALE_REVISION,
                assertThrows(TandemException.class, () -> s.submit(ALICE, "a", 1, 1, create("n"))).code());
        for (int i = 1; i <= 5; i++) {
            s.submit(ALICE, "a", i, i - 1, Op.Noop.INSTANCE);
        }
        assertEquals(2, s.oldestBaseRev());
        assertEquals(ErrorCode.STALE_REVISION,
                assertThrows(TandemException.class, () -> s.submit(BOB, "b", 1, 1, create("n"))).code());
        assertEquals(6, sequenced(s.submit(BOB, "b", 1, 2, create("n"))).rev());
    }

    @Test
    void concurrentTextIsTransformedWithTheTieRule() {
        ServerDoc s = new ServerDoc();
        s.submit(ALICE, "a", 1, 0, new Op.Create("n", "card", "root", "cards", "V", java.util.Map.of(), java.util.Map.of("t", "ab")));
        s.submit(ALICE, "a", 2, 1, text("n", 1, "X", 1));
        SequencedOp bob = sequenced(s.submit(BOB, "b", 1, 1, text("n", 1, "Y", 1)));
        assertEquals(text("n", 2, "Y", 1), bob.op());
        assertEquals("aXYb", s.doc().text("n", "t"));
    }

    @Test
    void invalidOpsAreRejectedWithTheirCodeAndChangeNothing() {
        ServerDoc s = new ServerDoc();
        s.submit(ALICE, "a", 1, 0, create("n"));
        String before = s.doc().toJson();
        Object[][] cases = {
            {create("n"), ErrorCode.INVALID_OP},
            {new Op.Delete("ghost"), ErrorCode.INVALID_OP},
            {new Op.Move("root", "n", "l", "V"), ErrorCode.INVALID_OP},
            {text("n", 3, "x"), ErrorCode.INVALID_OP},
            {text("n", "x".repeat(TextOp.MAX_LENGTH - 1)), null},
        };
        for (Object[] c : cases) {
            if (c[1] == null) {
                continue;
            }
            TandemException e = assertThrows(TandemException.class, () -> s.submit(BOB, "b", 5, 1, (Op) c[0]));
            assertEquals(c[1], e.code());
            assertEquals(before, s.doc().toJson());
            assertEquals(1, s.rev());
        }
        s.submit(BOB, "b", 6, 1, text("n", "x".repeat(TextOp.MAX_LENGTH)));
        TandemException e = assertThrows(TandemException.class,
                () -> s.submit(BOB, "b", 7, 2, new Op.TextEdit("n", "t", TextOp.of(TextOp.MAX_LENGTH - 1, "yy", 1))));
        assertEquals(ErrorCode.TEXT_TOO_LONG, e.code());
        assertEquals(2, s.rev());
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(TandemException.class, () -> s.submit(BOB, "", 8, 2, Op.Noop.INSTANCE)).code());
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(TandemException.class, () -> s.submit(BOB, "b", 0, 2, Op.Noop.INSTANCE)).code());
    }

    @Test
    void snapshotPlusTailRebuildsTheSequencer() {
        ServerDoc s = new ServerDoc();
        List<SequencedOp> log = new ArrayList<>();
        log.add(sequenced(s.submit(ALICE, "a", 1, 0, create("n"))));
        log.add(sequenced(s.submit(ALICE, "a", 2, 1, text("n", "hello"))));
        ServerDoc.Snapshot snap = s.snapshot();
        log.add(sequenced(s.submit(BOB, "b", 1, 2, text("n", 5, " world"))));
        log.add(sequenced(s.submit(ALICE, "a", 3, 2, text("n", "¡", 5)))); // concurrent with Bob's

        ServerDoc restored = ServerDoc.restore(snap, 100);
        for (SequencedOp op : log.subList(0, 2)) {
            restored.recall(op);
        }
        for (SequencedOp op : log.subList(2, 4)) {
            restored.replay(op);
        }
        assertEquals(s.doc().toJson(), restored.doc().toJson());
        assertEquals(4, restored.rev());
        // the rebuilt dedup table and window behave like the original
        assertInstanceOf(ServerDoc.Duplicate.class, restored.submit(BOB, "b", 1, 2, text("n", 5, " world")));
        assertEquals(sequenced(s.submit(BOB, "b", 2, 2, text("n", 5, "?"))),
                sequenced(restored.submit(BOB, "b", 2, 2, text("n", 5, "?"))));
        assertEquals(s.doc().toJson(), restored.doc().toJson());
        assertEquals(log.subList(2, 4), restored.since(2).subList(0, 2));
        assertNull(restored.since(-1));
    }

    @Test
    void replayDemandsConsecutiveRevisions() {
        ServerDoc s = new ServerDoc();
        assertThrows(IllegalStateException.class,
                () -> s.replay(new SequencedOp(2, ALICE, "a", 1, Op.Noop.INSTANCE)));
    }
}
