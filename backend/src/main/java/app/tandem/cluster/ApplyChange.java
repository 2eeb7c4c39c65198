package app.tandem.cluster;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/**
 * The entry processor that applies one card change to a board's entry, on the partition owner of the board key
 * (so changes to one board are serialized without locks) and, as its own backup processor, on the backup
 * replica. It carries the change as plain fields because the contract's {@link CardChange} records are not
 * serializable. Results: the new {@link BoardState}; a {@link Rejection} (nothing changed); or {@code null} when the
 * board is not in the map yet (the caller loads it from the database, which a partition thread must not do).
 */
record ApplyChange(Kind kind, String cardId, Column column, String title, String text, int index)
        implements EntryProcessor<String, BoardState, Object> {

    enum Kind { ADD, EDIT, MOVE, DELETE }

    /** A change the board refused; travels back to the caller instead of an exception. */
    record Rejection(ErrorCode code, String message) implements Serializable {
    }

    /** {@code newCardId} becomes the id of an added card: chosen by the caller so primary and backup agree. */
    static ApplyChange of(CardChange change, String newCardId) {
        return switch (change) {
            case CardChange.AddCard a -> new ApplyChange(Kind.ADD, newCardId, a.column(), a.title(), a.text(), 0);
            case CardChange.EditCard e -> new ApplyChange(Kind.EDIT, e.cardId(), null, e.title(), e.text(), 0);
            case CardChange.MoveCard m -> new ApplyChange(Kind.MOVE, m.cardId(), m.column(), null, null, m.index());
            case CardChange.DeleteCard d -> new ApplyChange(Kind.DELETE, d.cardId(), null, null, null, 0);
        };
    }

    CardChange change() {
        return switch (kind) {
            case ADD -> new CardChange.AddCard(column, title, text);
            case EDIT -> new CardChange.EditCard(cardId, title, text);
            case MOVE -> new CardChange.MoveCard(cardId, column, index);
            case DELETE -> new CardChange.DeleteCard(cardId);
        };
    }

    @Override
    public Object process(Map.Entry<String, BoardState> entry) {
        BoardState current = entry.getValue();
        if (current == null) {
            return null;
        }
        try {
            BoardState next = current.apply(change(), cardId);
            entry.setValue(next);
            return next;
        } catch (TandemException e) {
            return new Rejection(e.code(), e.getMessage());
        }
    }
}
