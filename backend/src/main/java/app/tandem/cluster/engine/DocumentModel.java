package app.tandem.cluster.engine;

import app.tandem.store.StoredOp;
import java.util.UUID;

/**
 * The document logic the engine sequences, kept behind this seam so the engine (ordering, durability, fan-out)
 * does not depend on what a board document is. Production plugs in {@link CollabModel} (the collab core); tests
 * use a small model of their own.
 *
 * <p>A state belongs to one thread at a time (the board's sequencer, or one replica under its lock), so it may be
 * mutable: every method returns the state to use from then on, which may be the same object. Contract:
 * <ul>
 *   <li>{@link #submit} either returns the state with the op applied, or throws a {@link app.tandem.TandemException}
 *   (INVALID_OP, STALE_REVISION, TEXT_TOO_LONG, TOO_LARGE, BAD_REQUEST, MALFORMED_JSON) and leaves the state exactly
 *   as it was: the engine keeps using it.</li>
 *   <li>{@link #replay} applies an op that was already sequenced (a replica's fan-out, the tail of a load); it is
 *   never rejected, and it records the op in the transform window exactly as {@link #submit} would have.</li>
 *   <li>{@code restore(snapshot(s), rev)} followed by the same replays gives the same {@link #docJson} on every node.</li>
 * </ul>
 */
public interface DocumentModel<S> {

    /** The document of a board at revision 0 (root only). */
    S empty();

    /** The document saved by {@link #snapshot} at revision {@code rev}; its transform window starts at {@code rev}. */
    S restore(String snapshotJson, long rev);

    /**
     * Transforms a client's op (made against {@code baseRev}) against everything sequenced after it, applies it,
     * and returns the op as sequenced. The engine has already checked {@code 0 <= baseRev <= head}; the model
     * throws STALE_REVISION when {@code baseRev} is older than its window. {@code rev} is the revision the op gets.
     */
    Sequenced<S> submit(S state, long rev, UUID authorId, String clientId, long clientSeq, long baseRev, String opJson);

    /** Applies an op already sequenced elsewhere (same result as the sequencer's {@link #submit} produced). */
    S replay(S state, StoredOp op);

    /** The whole document as JSON for the snapshot store (may include more than {@link #docJson}, e.g. ids). */
    String snapshot(S state);

    /** The document as clients load it (contract 2: the node tree). */
    String docJson(S state);

    /** Result of {@link #submit}: the new state and the op as sequenced (transformed) JSON. */
    record Sequenced<S>(S state, String opJson) {
    }
}
