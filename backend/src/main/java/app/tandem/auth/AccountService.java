package app.tandem.auth;

import java.util.Optional;
import java.util.UUID;

/** Sign-up and password checks for local accounts. Emails are compared case-insensitively. */
public interface AccountService {

    /**
     * @throws app.tandem.TandemException EMAIL_TAKEN, VALIDATION_FAILED (bad email, password under 8 or over 200
     *         chars, display name blank or over 100 chars)
     */
    Account signUp(String email, String displayName, String password);

    /** @throws app.tandem.TandemException INVALID_CREDENTIALS (same error for unknown email and wrong password) */
    Account authenticate(String email, String password);

    Optional<Account> find(UUID id);

    Optional<Account> findByEmail(String email);

    /** How many accounts exist (0 on a fresh install: the demo data is seeded only then). */
    long count();
}
