package app.tandem.domain;

import app.tandem.auth.Role;
import java.util.UUID;

public record Member(UUID accountId, String email, String displayName, Role role) {
}
