package app.tandem.collab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientDocTest {
    static final UUID ME = UUID.randomUUID();
    static final UUID YOU = UUID.randomUUID();

    static ServerDoc serverWithCard() {
        ServerDoc s = new ServerDoc();
        s.submit(YOU, "setup", 1, 0, new Op.Create("n", "card", "root", "cards", "V", Map.of(), Map.of("t", "ab")));
        return s;
    }

    static Op text(Object... ops) {
        return new Op.TextEdit("n", "t", TextOp.of(ops));
    }

    @Test
    void oneOpInFlightTheRestBufferedAndComposed() {
        ServerDoc server = serverWithCard();
        ClientDoc c = new ClientDoc("me", server.doc(), server.rev());
        ClientDoc.Submission first = c.applyLocal(text(2, "c")).orElseThrow();
        assertEquals(new ClientDoc.Submission("me", 1, 1, text(2, "c")), first);
        assertTrue(c.applyLocal(text(3, "d")).isEmpty());
        assertTrue(c.applyLocal(text(4, "e")).isEmpty());
        assertEquals("abcde", c.doc().text("n", "t"));
        assertEquals("ab", c.confirmed().text("n", "t"));

        ServerDoc.Sequenced s1 = assertInstanceOf(ServerDoc.Sequenced.class,
                server.submit(ME, first.clientId(), first.clientSeq(), first.baseRev(), first.op()));
        ClientDoc.Submission second = c.onAck(s1.op().rev()).orElseThrow();
        assertEquals(new ClientDoc.Submission("me", 2, 2, text(3, "de")), second, "typing composed into one op");
        server.submit(ME, second.clientId(), second.clientSeq(), second.baseRev(), second.op());
        assertTrue(c.onAck(3).isEmpty());
        assertFalse(c.hasPending());
        assertEquals(server.doc().toJson(), c.doc().toJson());
    }

    @Test
    void invalidLocalOpsAreRejectedAndChangeNothing() {
        ServerDoc server = serverWithCard();
        ClientDoc c = new ClientDoc("me", server.doc(), server.rev());
        TandemException e = assertThrows(TandemException.class, () -> c.applyLocal(text(5, "x")));
        assertEquals(ErrorCode.INVALID_OP, e.code());
        assertFalse(c.hasPending());
        assertFalse(c.canUndo());
        assertEquals(server.doc().toJson(), c.doc().toJson());
    }

    @Test
    void afterAReconnectTheResendIsRecognisedAndNotAppliedTwice() {
        ServerDoc server = serverWithCard();
        ClientDoc c = new ClientDoc("me", server.doc(), server.rev());
        ClientDoc.Submission sent = c.applyLocal(text(2, "!")).orElseThrow();
        // the server sequences it, then somebody else types; the ack is lost with the connection
        server.submit(ME, sent.clientId(), sent.clientSeq(), sent.baseRev(), sent.op());
        server.submit(YOU, "you", 1, 2, text("¿", 3));
        // reconnect: catch up on the ops missed (the stream contains our own op: it counts as the ack) ...
        for (SequencedOp op : server.since(c.rev())) {
            c.onSequenced(op);
        }
        assertFalse(c.hasPending());
        assertTrue(c.resend().isEmpty());
        assertEquals("¿ab!", c.doc().text("n", "t"));

        // ... or resend first: the server answers with the original ack
        ClientDoc.Submission again = c.applyLocal(text(4, "?")).orElseThrow();
        server.submit(ME, again.clientId(), again.clientSeq(), again.baseRev(), again.op());
        ClientDoc.Submission resent = c.resend().orElseThrow();
        assertEquals(again.clientSeq(), resent.clientSeq());
        ServerDoc.Duplicate dup = assertInstanceOf(ServerDoc.Duplicate.class,
                server.submit(ME, resent.clientId(), resent.clientSeq(), resent.baseRev(), resent.op()));
        c.onAck(dup.ack().rev());
        assertEquals("¿ab!?", server.doc().text("n", "t"));
        assertEquals(server.doc().toJson(), c.doc().toJson());
        assertEquals(server.rev(), c.rev());
    }

    @Test
    void aRejectedOpIsDroppedAndTheNextOneSent() {
        ServerDoc server = serverWithCard();
        ClientDoc c = new ClientDoc("me", server.doc(), server.rev());
        c.applyLocal(new Op.Create("x", "card", "root", "cards", "W"));
        c.applyLocal(text(2, "!"));
        // somebody else created "x" first: our create is rejected as a duplicate id
        SequencedOp theirs = ((ServerDoc.Sequenced) server.submit(YOU, "you", 1, 1,
                new Op.Create("x", "note", "root", "cards", "a"))).op();
        c.onRemote(theirs.rev(), theirs.op());
        assertEquals(ErrorCode.INVALID_OP, assertThrows(TandemException.class,
                () -> server.submit(ME, "me", 1, 1, new Op.Create("x", "card", "root", "cards", "W"))).code());
        ClientDoc.Submission next = c.onReject().orElseThrow();
        assertEquals(text(2, "!"), next.op());
        server.submit(ME, next.clientId(), next.clientSeq(), next.baseRev(), next.op());
        c.onAck(server.rev());
        assertEquals(server.doc().toJson(), c.doc().toJson());
        assertEquals("note", c.doc().type("x"));
    }

    @Test
    void aRemoteOpMustBeTheNextRevision() {
        ClientDoc c = new ClientDoc("me", new BoardDoc(), 0);
        assertThrows(IllegalStateException.class, () -> c.onRemote(2, Op.Noop.INSTANCE));
    }
}
