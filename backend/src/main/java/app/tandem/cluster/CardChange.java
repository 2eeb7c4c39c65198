package app.tandem.cluster;

/** A change to a cycle board, as the thin board path applies it (replaced by sequenced ops in the engine). */
public sealed interface CardChange {
    record AddCard(Column column, String title, String text) implements CardChange {
    }

    record EditCard(String cardId, String title, String text) implements CardChange {
    }

    /** Moves the card to {@code index} (0-based, clamped) within {@code column}. */
    record MoveCard(String cardId, Column column, int index) implements CardChange {
    }

    record DeleteCard(String cardId) implements CardChange {
    }
}
