package app.tandem.ui.collab;

import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A minimal in-JVM sequencer for one text field over the collab core's {@link TextOp}, standing in for the
 * engine in the browser test (which tests the component, not the cluster): it transforms
 * a submission against everything sequenced after its base revision (Jupiter), applies it, assigns the next
 * revision, ignores a resent (clientId, clientSeq), and hands every sequenced entry to every subscriber in
 * revision order.
 */
final class TestSequencer {
    private final List<CollabText.Sequenced> log = new ArrayList<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final List<Consumer<CollabText.Sequenced>> subscribers = new CopyOnWriteArrayList<>();
    private String text;
    /** Presence of the pages open on this field: a page's caret, or a placeholder while it is not focused. */
    final Map<CollabTextTestView, CollabText.RemoteCursor> presence = new java.util.concurrent.ConcurrentHashMap<>();

    TestSequencer(String text) {
        this.text = text;
    }

    record State(String text, long rev) {
    }

    synchronized State state() {
        return new State(text, log.size());
    }

    /** Subscribes and returns the state the subscriber's entries start after (atomically). */
    synchronized State subscribe(Consumer<CollabText.Sequenced> subscriber) {
        subscribers.add(subscriber);
        return state();
    }

    void unsubscribe(Consumer<CollabText.Sequenced> subscriber) {
        subscribers.remove(subscriber);
    }

    /** Sequences one op; false for a duplicate. Throws (IllegalArgumentException, TandemException) for an invalid op. */
    synchronized boolean submit(String clientId, long clientSeq, long baseRev, String opJson) {
        long last = lastSeq.getOrDefault(clientId, 0L);
        if (clientSeq <= last) {
            return false;
        }
        if (baseRev < 0 || baseRev > log.size()) {
            throw new IllegalArgumentException("stale revision " + baseRev);
        }
        TextOp op = OpJson.parseTextOp(opJson);
        for (CollabText.Sequenced s : log.subList((int) baseRev, log.size())) {
            op = TextOp.transform(op, OpJson.parseTextOp(s.textOp())).a(); // the sequenced insert stays left
        }
        text = op.apply(text);
        lastSeq.put(clientId, clientSeq);
        CollabText.Sequenced entry = new CollabText.Sequenced(log.size() + 1, clientId, clientSeq,
                OpJson.write(op));
        log.add(entry);
        for (Consumer<CollabText.Sequenced> s : subscribers) {
            s.accept(entry);
        }
        return true;
    }

    /** A board op elsewhere: the revision advances, this field is untouched. */
    synchronized void advance() {
        CollabText.Sequenced entry = new CollabText.Sequenced(log.size() + 1, "other", log.size() + 1, null);
        log.add(new CollabText.Sequenced(entry.rev(), entry.clientId(), entry.clientSeq(),
                OpJson.write(TextOp.identity((int) length()))));
        for (Consumer<CollabText.Sequenced> s : subscribers) {
            s.accept(entry);
        }
    }

    private long length() {
        return text.codePointCount(0, text.length());
    }
}
