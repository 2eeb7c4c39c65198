package app.tandem.cluster.presence;

/** A change of who is on a board: a session joined, moved its focus or selection, or left (or expired, or its node died). */
public record PresenceEvent(Kind kind, Presence presence) {
    public enum Kind { JOINED, UPDATED, LEFT }
}
