package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.OpJson;
import app.tandem.collab.sync.SequencedOp;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.store.StoredOp;
import java.util.UUID;

/**
 * The production {@link DocumentModel}: the collab core's {@link ServerDoc} (board document, Jupiter transform
 * against the window of recent ops, validation). Ops travel as their contract-2 JSON ({@link OpJson}); snapshots
 * are {@link app.tandem.collab.BoardDoc#toJson()}, which is also what clients load.
 *
 * <p>The engine deduplicates resends before the model (memory, then the op log's unique index), so ServerDoc's
 * own dedup table only backs that up; the transform window is what the engine loads: the ops after the snapshot
 * (at least {@link EngineConfig#minHistory()} of them) and everything sequenced since.
 */
public final class CollabModel implements DocumentModel<ServerDoc> {
    private final int windowSize;

    /** {@code windowSize}: sequenced ops kept for transforming late clients (default {@link ServerDoc#DEFAULT_WINDOW}). */
    public CollabModel(int windowSize) {
        this.windowSize = windowSize;
    }

    public CollabModel() {
        this(ServerDoc.DEFAULT_WINDOW);
    }

    @Override
    public ServerDoc empty() {
        return new ServerDoc(new app.tandem.collab.BoardDoc(), 0, windowSize);
    }

    @Override
    public ServerDoc restore(String snapshotJson, long rev) {
        return ServerDoc.restore(new ServerDoc.Snapshot(rev, snapshotJson), windowSize);
    }

    @Override
    public Sequenced<ServerDoc> submit(ServerDoc doc, long rev, UUID authorId, String clientId, long clientSeq,
                                       long baseRev, String opJson) {
        ServerDoc.Result result = doc.submit(authorId, clientId, clientSeq, baseRev, OpJson.parse(opJson));
        return switch (result) {
            case ServerDoc.Sequenced s -> {
                if (s.op().rev() != rev) {
                    throw new IllegalStateException("ServerDoc at rev " + s.op().rev() + ", engine expected " + rev);
                }
                yield new Sequenced<>(doc, OpJson.write(s.op().op()));
            }
            // The engine found no such op in the log, yet the core remembers it: refuse rather than apply twice.
            case ServerDoc.Duplicate d -> throw new TandemException(ErrorCode.STALE_REVISION,
                    "This op (clientSeq " + clientSeq + ") was already sequenced at revision " + d.ack().rev()
                            + "; reload the board.");
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
