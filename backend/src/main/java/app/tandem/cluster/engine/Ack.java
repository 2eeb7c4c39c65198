package app.tandem.cluster.engine;

/**
 * The answer to a submit, sent only once the op is committed to the op log: its revision, the op as sequenced
 * (transformed) JSON, and whether this was a resend of an op already sequenced (then rev and op are the first ack's).
 */
public record Ack(long rev, String opJson, boolean duplicate) {

    Ack asDuplicate() {
        return duplicate ? this : new Ack(rev, opJson, true);
    }
}
