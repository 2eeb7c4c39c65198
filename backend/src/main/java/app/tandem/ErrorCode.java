package app.tandem;

/** Stable error codes shared by REST, the WebSocket protocol and the UI (listed in docs/protocol.md). */
public enum ErrorCode {
    BAD_REQUEST(400),
    MALFORMED_JSON(400),
    VALIDATION_FAILED(422),
    UNAUTHENTICATED(401),
    INVALID_CREDENTIALS(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    EMAIL_TAKEN(409),
    ALREADY_MEMBER(409),
    INVITE_EXPIRED(410),
    INVITE_USED(410),
    TOO_LARGE(413),
    TEXT_TOO_LONG(413),
    INVALID_OP(422),
    STALE_REVISION(409),
    RATE_LIMITED(429),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
