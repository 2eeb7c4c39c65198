package app.tandem.tools;

import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextBuffer;
import app.tandem.collab.text.TextOp;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.databind.JsonNode;

/**
 * The Jupiter client state of one text field (node + field) of one board, as docs/protocol.md specifies it:
 * the last server revision seen ({@code rev}), at most one op in flight (sent, not acknowledged) and the local
 * edits made meanwhile, waiting. Remote ops are transformed against the inflight op, then each waiting op, with the
 * sequenced op's insert first (TEAM.md contract 1); an ack (our own op coming back in the stream, recognised by
 * clientId + clientSeq) confirms the inflight op and sends the next; after a reconnect the inflight op is sent
 * again with the same clientSeq.
 *
 * <p>Waiting edits are composed into one op, up to {@code maxEditsPerOp} edits, unless the caller asks for a new
 * op ({@code edit(op, true)}); each op carries a caller's {@code tag} (the replay tool uses it to know which trace
 * txns an op contains).
 *
 * <p>Thread-safe (synchronized): local edits come from the caller's thread, stream events from the socket's.
 */
public final class TextClient {
    /** Sends one submit: the field's op at {@code baseRev} as {@code clientSeq}. */
    @FunctionalInterface
    public interface Sender {
        void submit(long clientSeq, long baseRev, TextOp op, long tag);
    }

    /** What a sequenced op was to this client. */
    public sealed interface Outcome {
    }

    /** The ack of our inflight op (tag: the tag it was sent with). */
    public record Acked(long clientSeq, long tag) implements Outcome {
    }

    /** A remote text op on this field, as applied to the local text (transformed past our unacknowledged edits). */
    public record Applied(TextOp op) implements Outcome {
    }

    /** Anything else (another field's op, a board op, a revision seen already): only the revision moved. */
    public record Other() implements Outcome {
    }

    private static final Other OTHER = new Other();

    private static final class Waiting {
        TextOp op;
        long tag;
        int edits;

        Waiting(TextOp op, long tag) {
            this.op = op;
            this.tag = tag;
            this.edits = 1;
        }
    }

    private final String clientId;
    private final String node;
    private final String field;
    private final int maxEditsPerOp;
    private final TextBuffer text;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private Sender sender;
    private long rev;
    private long nextSeq;
    private TextOp inflight;
    private long inflightSeq;
    private long inflightTag;
    private long acked;

    /**
     * @param initial the field's text at board revision {@code rev}
     * @param nextSeq the next clientSeq of this clientId (1 for a new client id)
     */
    public TextClient(String clientId, String node, String field, String initial, long rev, long nextSeq,
                      int maxEditsPerOp, Sender sender) {
        this.clientId = clientId;
        this.node = node;
        this.field = field;
        this.text = new TextBuffer(initial);
        this.rev = rev;
        this.nextSeq = nextSeq;
        this.maxEditsPerOp = maxEditsPerOp;
        this.sender = sender;
    }

    public String clientId() {
        return clientId;
    }

    public String node() {
        return node;
    }

    public String field() {
        return field;
    }

    public synchronized long rev() {
        return rev;
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int length() {
        return text.length();
    }

    /** Ops of ours acknowledged so far. */
    public synchronized long ackedCount() {
        return acked;
    }

    /** Nothing in flight and nothing waiting: everything typed here is acknowledged. */
    public synchronized boolean settled() {
        return inflight == null && waiting.isEmpty();
    }

    /** A local edit with tag 0, composed with waiting edits when possible. */
    public synchronized void edit(TextOp op) {
        edit(op, false, 0);
    }

    /** A splice in the JavaScript sense at code-point offset {@code pos}. */
    public synchronized void splice(long pos, long delete, String insert) {
        edit(TextOp.splice(text.length(), Math.toIntExact(pos), Math.toIntExact(delete), insert));
    }

    /**
     * A local edit: applied to the local text at once, then sent, or kept waiting while an op is in flight.
     *
     * @param separate never compose this edit with earlier waiting ones
     * @param tag      the waiting op's tag becomes this edit's
     */
    public synchronized void edit(TextOp op, boolean separate, long tag) {
        text.apply(op);
        Waiting last = waiting.peekLast();
        if (!separate && last != null && last.edits < maxEditsPerOp) {
            last.op = TextOp.compose(last.op, op);
            last.tag = tag;
            last.edits++;
        } else {
            waiting.addLast(new Waiting(op, tag));
        }
        flush();
    }

    private void flush() {
        if (inflight == null && !waiting.isEmpty()) {
            Waiting next = waiting.removeFirst();
            inflight = next.op;
            inflightTag = next.tag;
            inflightSeq = nextSeq++;
            sender.submit(inflightSeq, rev, inflight, inflightTag);
        }
    }

    /**
     * One op of the board's stream, a remote {@code op} or the {@code ack} of ours: {@code opRev} must be the next
     * revision (ops seen already are ignored). {@code op} is the board op JSON (for an ack, may be null).
     */
    public synchronized Outcome onSequenced(long opRev, String opClientId, long opClientSeq, JsonNode op) {
        if (opRev <= rev) {
            return OTHER; // seen already (e.g. replayed after resubscribing)
        }
        if (opRev != rev + 1) {
            throw new IllegalStateException("gap in the op stream: at rev " + rev + ", got " + opRev);
        }
        rev = opRev;
        if (inflight != null && clientId.equals(opClientId) && inflightSeq == opClientSeq) {
            inflight = null;
            acked++;
            Acked a = new Acked(opClientSeq, inflightTag);
            flush();
            return a;
        }
        if (op == null || !"text".equals(op.path("type").asString()) || !node.equals(op.path("node").asString())
                || !field.equals(op.path("field").asString())) {
            return OTHER;
        }
        // The remote op was sequenced before ours: its insert stays left (transform's b is the first).
        TextOp remote = OpJson.textOp(op.get("ops"));
        if (inflight != null) {
            TextOp.Transformed t = TextOp.transform(inflight, remote);
            inflight = t.a();
            remote = t.b();
        }
        for (Waiting w : waiting) {
            TextOp.Transformed t = TextOp.transform(w.op, remote);
            w.op = t.a();
            remote = t.b();
        }
        text.apply(remote);
        return new Applied(remote);
    }

    /**
     * After a reconnect and a resubscribe from {@link #rev()}: sends the inflight op again with the same clientSeq
     * (the server applies it at most once), or the next waiting op.
     */
    public synchronized void resend(Sender newSender) {
        if (newSender != null) {
            this.sender = newSender;
        }
        if (inflight != null) {
            sender.submit(inflightSeq, rev, inflight, inflightTag);
        } else {
            flush();
        }
    }
}
