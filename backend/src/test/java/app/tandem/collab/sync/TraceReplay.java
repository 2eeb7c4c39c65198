package app.tandem.collab.sync;

import app.tandem.collab.BoardDoc;
import app.tandem.tools.EditingTrace;
import app.tandem.collab.Op;
import app.tandem.collab.text.TextOp;
import java.util.UUID;

/** Replays a sequential editing trace through a {@link ServerDoc}, one op per transaction (tests and benchmarks). */
public final class TraceReplay {
    public static final String NODE = "doc";
    public static final String FIELD = "body";

    private TraceReplay() {}

    /** A server with one text node holding the trace's start content. */
    public static ServerDoc newServer(EditingTrace trace) {
        ServerDoc server = new ServerDoc();
        server.submit(UUID.randomUUID(), "setup", 1, 0, new Op.Create(NODE, "page", BoardDoc.ROOT, "pages", "V",
                java.util.Map.of(), java.util.Map.of(FIELD, trace.startContent())));
        return server;
    }

    /** Submits every transaction as one text op against the head, as one client typing alone; returns the server. */
    public static ServerDoc replaySequential(EditingTrace trace) {
        ServerDoc server = newServer(trace);
        UUID author = UUID.randomUUID();
        int length = trace.startContent().codePointCount(0, trace.startContent().length());
        long seq = 0;
        for (EditingTrace.Txn txn : trace.txns()) {
            TextOp op = null;
            for (EditingTrace.Patch p : txn.patches()) {
                TextOp splice = TextOp.splice(length, (int) p.pos(), (int) p.delete(), p.insert());
                op = op == null ? splice : TextOp.compose(op, splice);
                length = splice.targetLength();
            }
            server.submit(author, "typist", ++seq, server.rev(), new Op.TextEdit(NODE, FIELD, op));
        }
        return server;
    }
}
