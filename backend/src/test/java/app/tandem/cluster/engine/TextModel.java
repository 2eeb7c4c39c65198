package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.store.StoredOp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test-only document model, small enough to trust: the document is one string, an op inserts text at a
 * position ({@code {"at":3,"insert":"xy"}}), and an op is transformed against inserts sequenced after its base
 * revision (an insert at or before its position shifts it right: the op sequenced first stays left).
 */
final class TextModel implements DocumentModel<TextModel.Doc> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Insert(int at, String insert) {
    }

    record Saved(String text) {
    }

    static final class Doc {
        final StringBuilder text = new StringBuilder();
        /** Revision the transform window starts after; history.get(i) is the op of rev windowStart + i + 1. */
        long windowStart;
        final List<Insert> history = new ArrayList<>();
    }

    static String op(int at, String text) {
        return JSON.writeValueAsString(new Insert(at, text));
    }

    static String text(String docJson) {
        return JSON.readValue(docJson, Saved.class).text();
    }

    @Override
    public Doc empty() {
        return new Doc();
    }

    @Override
    public Doc restore(String snapshotJson, long rev) {
        Doc d = new Doc();
        d.text.append(JSON.readValue(snapshotJson, Saved.class).text());
        d.windowStart = rev;
        return d;
    }

    @Override
    public Sequenced<Doc> submit(Doc doc, long rev, UUID authorId, String clientId, long clientSeq, long baseRev,
                                 String opJson) {
        Insert op;
        try {
            op = JSON.readValue(opJson, Insert.class);
        } catch (RuntimeException e) {
            throw new TandemException(ErrorCode.MALFORMED_JSON, "not an insert");
        }
        if (baseRev < doc.windowStart) {
            throw new TandemException(ErrorCode.STALE_REVISION, "base revision older than the window");
        }
        int at = op.at();
        for (int i = (int) (baseRev - doc.windowStart); i < doc.history.size(); i++) {
            Insert earlier = doc.history.get(i);
            if (earlier.at() <= at) {
                at += earlier.insert().length();
            }
        }
        if (at < 0 || at > doc.text.length() || op.insert() == null || op.insert().isEmpty()) {
            throw new TandemException(ErrorCode.INVALID_OP, "insert outside the text");
        }
        Insert sequenced = new Insert(at, op.insert());
        apply(doc, sequenced);
        return new Sequenced<>(doc, JSON.writeValueAsString(sequenced));
    }

    @Override
    public Doc replay(Doc doc, StoredOp op) {
        apply(doc, JSON.readValue(op.op(), Insert.class));
        return doc;
    }

    private static void apply(Doc doc, Insert op) {
        doc.text.insert(op.at(), op.insert());
        doc.history.add(op);
    }

    @Override
    public String snapshot(Doc doc) {
        return JSON.writeValueAsString(new Saved(doc.text.toString()));
    }

    @Override
    public String docJson(Doc doc) {
        return snapshot(doc);
    }
}
