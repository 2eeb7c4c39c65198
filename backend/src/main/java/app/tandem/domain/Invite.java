package app.tandem.domain;

import app.tandem.auth.Role;
import java.time.Instant;
import java.util.UUID;

/** An invitation link: random token, expiry, single use. The link is {@code /invite/<token>} on the UI. */
public record Invite(String token, UUID workspaceId, String workspaceName, Role role, Instant expiresAt) {
}
