package app.tandem.auth;

import java.util.UUID;

/** A person's local account. Accounts belong to people, not schools, so access survives a change of school. */
public record Account(UUID id, String email, String displayName) {
}
