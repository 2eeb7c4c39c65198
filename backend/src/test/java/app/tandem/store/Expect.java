package app.tandem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import org.junit.jupiter.api.function.Executable;

/** Asserts that a call fails with a given {@link ErrorCode}; returns the exception for further checks. */
public final class Expect {
    private Expect() {
    }

    public static TandemException failsWith(ErrorCode code, Executable call) {
        TandemException e = assertThrows(TandemException.class, call);
        assertEquals(code, e.code(), () -> "expected " + code + " but got " + e.code() + ": " + e.getMessage());
        return e;
    }
}
