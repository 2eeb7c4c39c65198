package app.tandem.store;

/** A database failure, with what we were doing when it happened. */
public final class StoreException extends RuntimeException {
    public StoreException(String doing, Throwable cause) {
        super("Database error " + doing + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
