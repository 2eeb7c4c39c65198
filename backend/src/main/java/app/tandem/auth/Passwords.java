package app.tandem.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;

/**
 * Password hashing with bcrypt (cost 10, ~50-100 ms per hash). bcrypt reads only the first 72 bytes, and we
 * allow passwords up to 200 characters, so longer ones are pre-hashed with SHA-512 instead of being silently
 * truncated (two long passwords sharing a 72-byte prefix must not match).
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 200;
    private static final int COST = 10;
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
    private static final LongPasswordStrategy LONG = LongPasswordStrategies.hashSha512(VERSION);
    private static final BCrypt.Hasher HASHER = BCrypt.with(VERSION, LONG);
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(VERSION, LONG);
    /** Checked against when an email is unknown, so that case costs as long as a wrong password. */
    private static final String DECOY_HASH = hash("decoy password, never matches anything real");

    private Passwords() {
    }

    public static String hash(String password) {
        return HASHER.hashToString(COST, password.toCharArray());
    }

    public static boolean matches(String password, String hash) {
        return VERIFYER.verify(password.toCharArray(), hash).verified;
    }

    /** Burns the same time as {@link #matches} for a login whose email is unknown (no account enumeration by timing). */
    public static void spendEquivalentTime(String password) {
        VERIFYER.verify(password.toCharArray(), DECOY_HASH);
    }
}
