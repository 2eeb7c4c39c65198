package app.tandem.api.ws;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.engine.DocumentModel;
import app.tandem.collab.OpJson;
import app.tandem.collab.sync.SequencedOp;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.store.StoredOp;
import java.util.UUID;

/**
 * The engine's document model over the collab core's sequencer logic ({@link ServerDoc}: transform against the
 * window since the base revision with the tie rule, deletes and moves, fit, apply; TEAM.md contract 2). The engine
 * owns ordering, dedup, durability and fan-out; this adapter only translates between its JSON strings and the core.
 *
 * <p>It lives here only because no other branch had one when the WebSocket protocol needed a real engine; it
 * belongs in {@code cluster/engine} (the engine's javadoc calls it {@code CollabModel}).
 */
public final class CollabDocumentModel implements DocumentModel<ServerDoc> {
    private final int window;

    public CollabDocumentModel() {
        this(ServerDoc.DEFAULT_WINDOW);
    }

    public CollabDocumentModel(int window) {
        this.window = window;
    }

    @Override
    public ServerDoc empty() {
        return new ServerDoc();
    }

    @Override
    public ServerDoc restore(String snapshotJson, long rev) {
        return ServerDoc.restore(new ServerDoc.Snapshot(rev, snapshotJson), window);
    }

    @Override
    public Sequenced<ServerDoc> submit(ServerDoc doc, long rev, UUID authorId, String clientId, long clientSeq,
                                       long baseRev, String opJson) {
        if (rev != doc.rev() + 1) {
            throw new IllegalStateException("board at revision " + doc.rev() + " asked to sequence revision " + rev);
        }
        return switch (doc.submit(authorId, clientId, clientSeq, baseRev, OpJson.parse(opJson))) {
            case ServerDoc.Sequenced s -> new Sequenced<>(doc, OpJson.write(s.op().op()));
            // The engine answers resends from the op log before asking the model; one reaching here is a resend
            // the engine no longer knows: refuse it, the client resyncs.
            case ServerDoc.Duplicate d -> throw new TandemException(ErrorCode.STALE_REVISION,
                    "Op " + clientSeq + " of client " + clientId + " was sequenced long ago; resync.");
        };
    }

    @Override
    public ServerDoc replay(ServerDoc doc, StoredOp op) {
        doc.replay(new SequencedOp(op.rev(), op.authorId(), op.clientId(), op.clientSeq(), OpJson.parse(op.op())));
        return doc;
    }

    @Override
    public String snapshot(ServerDoc doc) {
        return doc.snapshot().docJson();
    }

    @Override
    public String docJson(ServerDoc doc) {
        return doc.doc().toJson();
    }
}
