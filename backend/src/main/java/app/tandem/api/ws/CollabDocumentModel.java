package app.tandem.api.ws;

import app.tandem.cluster.engine.CollabModel;
import app.tandem.cluster.engine.DocumentModel;
import app.tandem.collab.sync.ServerDoc;
import app.tandem.store.StoredOp;
import java.util.UUID;

/**
 * Superseded by {@link CollabModel} (cluster/engine), which this only delegates to. It stays for one merge because
 * the composition root and UI tests being integrated still name it; switch them to {@code new CollabModel()} and
 * delete this file.
 */
@Deprecated(forRemoval = true)
public final class CollabDocumentModel implements DocumentModel<ServerDoc> {
    private final CollabModel model = new CollabModel();

    @Override
    public ServerDoc empty() {
        return model.empty();
    }

    @Override
    public ServerDoc restore(String snapshotJson, long rev) {
        return model.restore(snapshotJson, rev);
    }

    @Override
    public Sequenced<ServerDoc> submit(ServerDoc state, long rev, UUID authorId, String clientId, long clientSeq,
                                       long baseRev, String opJson) {
        return model.submit(state, rev, authorId, clientId, clientSeq, baseRev, opJson);
    }

    @Override
    public ServerDoc replay(ServerDoc state, StoredOp op) {
        return model.replay(state, op);
    }

    @Override
    public String snapshot(ServerDoc state) {
        return model.snapshot(state);
    }

    @Override
    public String docJson(ServerDoc state) {
        return model.docJson(state);
    }
}
