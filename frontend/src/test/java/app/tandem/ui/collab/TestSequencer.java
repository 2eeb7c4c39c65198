package app.tandem.ui.collab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A minimal in-JVM sequencer for one text field, standing in for the engine in the browser test: it transforms
 * a submission against everything sequenced after its base revision (Jupiter), applies it, assigns the next
 * revision, ignores a resent (clientId, clientSeq), and hands every sequenced entry to every subscriber in
 * revision order.
 */
final class TestSequencer {
    private final List<CollabText.Sequenced> log = new ArrayList<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final List<Consumer<CollabText.Sequenced>> subscribers = new CopyOnWriteArrayList<>();
    private String text;

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

    /** Sequences one op; false for a duplicate. Throws for an invalid op (nothing applied). */
    synchronized boolean submit(String clientId, long clientSeq, long baseRev, String opJson) {
        long last = lastSeq.getOrDefault(clientId, 0L);
        if (clientSeq <= last) {
            return false;
        }
        if (baseRev < 0 || baseRev > log.size()) {
            throw new IllegalArgumentException("stale revision " + baseRev);
        }
        List<Object> op = TestTextOps.parse(opJson);
        for (CollabText.Sequenced s : log.subList((int) baseRev, log.size())) {
            op = TestTextOps.transform(op, TestTextOps.parse(s.textOp()));
        }
        text = TestTextOps.apply(text, op);
        lastSeq.put(clientId, clientSeq);
        CollabText.Sequenced entry = new CollabText.Sequenced(log.size() + 1, clientId, clientSeq,
                TestTextOps.toJson(op));
        log.add(entry);
        for (Consumer<CollabText.Sequenced> s : subscribers) {
            s.accept(entry);
        }
        return true;
    }

    /** A board op elsewhere: the revision advances, this field is untouched. */
    synchronized void advance() {
        CollabText.Sequenced entry = new CollabText.Sequenced(log.size() + 1, "other", log.size() + 1, null);
        log.add(new CollabText.Sequenced(entry.rev(), entry.clientId(), entry.clientSeq(), "[" + length() + "]"));
        for (Consumer<CollabText.Sequenced> s : subscribers) {
            s.accept(entry);
        }
    }

    private long length() {
        return text.codePointCount(0, text.length());
    }
}
