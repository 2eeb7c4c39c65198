package app.tandem.cluster.engine;

import app.tandem.ErrorCode;
import app.tandem.TandemException;

/**
 * The op was not sequenced, for a reason that a new attempt resolves: the board's sequencer moved, is reloading
 * after a failed append, or lost a race for a revision. Nothing of the op was committed, so the submitting node
 * resends it (dedup makes that safe); callers only see UNAVAILABLE once the attempts are used up.
 */
final class Retry extends TandemException {
    Retry(String why) {
        super(ErrorCode.UNAVAILABLE, "The board is moving between nodes; try again. (" + why + ")");
    }
}
