package app.tandem.domain;

import app.tandem.auth.Role;
import java.util.UUID;

/** A workspace is one partnership; {@code myRole} is the viewing account's role in it. */
public record Workspace(UUID id, String name, String description, Role myRole) {
}
