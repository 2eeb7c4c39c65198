package app.tandem.auth;

/**
 * A role is a label on one workspace membership, never a badge on a person: the same teacher can be
 * originator in one partnership and partner in another (../shared/DOMAIN.md, 003 L395-403).
 */
public enum Role {
    OWNER, BROKER, ORIGINATOR, PARTNER, TRAINEE, MENTOR, OBSERVER;

    /** Observers read; everyone else co-edits boards. */
    public boolean canEditBoards() {
        return this != OBSERVER;
    }

    /** Creating boards is editing the workspace's content. */
    public boolean canCreateBoards() {
        return this != OBSERVER;
    }

    /** Inviting people and changing roles: the owner and the broker who facilitates the partnership. */
    public boolean canManageMembers() {
        return this == OWNER || this == BROKER;
    }

    /** Renaming or deleting the workspace itself. */
    public boolean canAdministerWorkspace() {
        return this == OWNER;
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase();
    }
}
