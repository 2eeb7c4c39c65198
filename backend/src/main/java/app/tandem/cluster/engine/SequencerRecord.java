package app.tandem.cluster.engine;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * A board's sequencing state in Hazelcast (map {@value BoardEngine#SEQUENCER_MAP}, one synchronous backup): the
 * highest committed revision, and the epoch of the sequencer instance that may advance it. The op log stays the
 * source of truth; this record lets a new owner notice a database that is behind what was acknowledged, lets
 * replicas notice a lost last op, and fences a sequencer that lost its board (its epoch no longer matches).
 */
record SequencerRecord(long head, long epoch, String ownerNodeId) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A sequencer that loaded the board up to {@code loadedHead} takes over: the epoch goes up by one. Refused
     * (the old record comes back unchanged) when an acknowledged head is above what the loader read. Runs on the
     * partition thread: no I/O.
     */
    record Claim(long loadedHead, String nodeId) implements EntryProcessor<String, SequencerRecord, SequencerRecord> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public SequencerRecord process(Map.Entry<String, SequencerRecord> entry) {
            SequencerRecord old = entry.getValue();
            if (old != null && old.head() > loadedHead) {
                return old;
            }
            SequencerRecord claimed = new SequencerRecord(loadedHead, old == null ? 1 : old.epoch() + 1, nodeId);
            entry.setValue(claimed);
            return claimed;
        }
    }

    /** The sequencer of {@code epoch} committed up to {@code head}; false when another sequencer has taken over. */
    record Advance(long epoch, long head) implements EntryProcessor<String, SequencerRecord, Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean process(Map.Entry<String, SequencerRecord> entry) {
            SequencerRecord old = entry.getValue();
            if (old == null || old.epoch() != epoch) {
                return false;
            }
            if (head > old.head()) {
                entry.setValue(new SequencerRecord(head, epoch, old.ownerNodeId()));
            }
            return true;
        }
    }
}
