package app.tandem;

/**
 * A failure the caller can act on: a stable machine-readable {@link ErrorCode} plus a sentence for people.
 * REST answers {@code {"error":{"code":..,"message":..}}} with the code's HTTP status; the UI shows the message.
 */
public class TandemException extends RuntimeException {
    private final ErrorCode code;

    public TandemException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
