package app.tandem.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void aHashMatchesOnlyItsPassword() {
        String hash = Passwords.hash("correct horse");
        assertTrue(hash.startsWith("$2a$10$"));
        assertTrue(Passwords.matches("correct horse", hash));
        assertFalse(Passwords.matches("correct horsE", hash));
        assertNotEquals(hash, Passwords.hash("correct horse"), "salted: same password, different hash");
    }

    @Test
    void passwordsLongerThanBcryptsLimitAreComparedInFull() {
        String prefix = "é".repeat(40); // 80 UTF-8 bytes, past bcrypt's 72
        String hash = Passwords.hash(prefix + "one");
        assertTrue(Passwords.matches(prefix + "one", hash));
        assertFalse(Passwords.matches(prefix + "two", hash));
    }
}
