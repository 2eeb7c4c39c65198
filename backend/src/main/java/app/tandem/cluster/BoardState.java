package app.tandem.cluster;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The value a board has in the cluster map: its version and its cards, kept sorted by column, position, id.
 * {@link #apply} is pure and deterministic (the card id of a new card comes from outside) because Hazelcast runs
 * the same entry processor on the backup replica, which must end up with the same state as the primary.
 */
record BoardState(long version, List<Card> cards) {
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 10_000;
    /** Bounds the state that every change copies, stores and broadcasts whole (about 5 MB at most). */
    static final int MAX_CARDS = 500;

    static final Comparator<Card> ORDER = Comparator.comparing(Card::column)
            .thenComparingDouble(Card::position)
            .thenComparing(Card::id);

    BoardState {
        cards = List.copyOf(cards);
    }

    static BoardState empty() {
        return new BoardState(0, List.of());
    }

    static BoardState of(BoardSnapshot snapshot) {
        return new BoardState(snapshot.version(), snapshot.cards().stream().sorted(ORDER).toList());
    }

    BoardSnapshot snapshot(UUID boardId) {
        return new BoardSnapshot(boardId, version, cards);
    }

    /**
     * Checks a change on its own (no board needed) and returns it normalized: titles trimmed, a missing text of a
     * new card becomes "". Throws VALIDATION_FAILED; runs before authorization so bad input costs no lookup.
     */
    static CardChange validate(CardChange change) {
        if (change == null) {
            throw invalid("A change is required.");
        }
        return switch (change) {
            case CardChange.AddCard add -> {
                requireColumn(add.column());
                yield new CardChange.AddCard(add.column(), title(add.title()), text(add.text() == null ? "" : add.text()));
            }
            case CardChange.EditCard edit -> {
                requireCardId(edit.cardId());
                if (edit.title() == null && edit.text() == null) {
                    throw invalid("An edit needs a new title or a new text.");
                }
                yield new CardChange.EditCard(edit.cardId(),
                        edit.title() == null ? null : title(edit.title()),
                        edit.text() == null ? null : text(edit.text()));
            }
            case CardChange.MoveCard move -> {
                requireCardId(move.cardId());
                requireColumn(move.column());
                yield move;
            }
            case CardChange.DeleteCard delete -> {
                requireCardId(delete.cardId());
                yield delete;
            }
        };
    }

    /**
     * The state after {@code change} (validated first), one version later. Throws NOT_FOUND for an unknown card,
     * TOO_LARGE past {@link #MAX_CARDS}; on a throw this state is untouched (it is immutable).
     * {@code newCardId} names the card an AddCard creates and is ignored otherwise.
     */
    BoardState apply(CardChange change, String newCardId) {
        CardChange c = validate(change);
        List<Card> next = new ArrayList<>(cards);
        switch (c) {
            case CardChange.AddCard add -> {
                if (cards.size() >= MAX_CARDS) {
                    throw new TandemException(ErrorCode.TOO_LARGE,
                            "A board holds at most " + MAX_CARDS + " cards; delete some first.");
                }
                double max = cards.stream().filter(card -> card.column() == add.column())
                        .mapToDouble(Card::position).max().orElse(0);
                next.add(new Card(newCardId, add.column(), add.title(), add.text(), max + 1));
            }
            case CardChange.EditCard edit -> {
                Card old = next.remove(indexOf(edit.cardId()));
                next.add(new Card(old.id(), old.column(),
                        edit.title() == null ? old.title() : edit.title(),
                        edit.text() == null ? old.text() : edit.text(),
                        old.position()));
            }
            case CardChange.MoveCard move -> {
                Card old = next.remove(indexOf(move.cardId()));
                next = moved(next, old, move.column(), move.index());
            }
            case CardChange.DeleteCard delete -> next.remove(indexOf(delete.cardId()));
        }
        next.sort(ORDER);
        return new BoardState(version + 1, next);
    }

    /**
     * Places {@code card} at {@code index} of {@code column} among {@code others} (which no longer contain it):
     * a position between its new neighbours, or, once doubles cannot split that gap any more, the whole column
     * renumbered 1..n.
     */
    private static List<Card> moved(List<Card> others, Card card, Column column, int index) {
        List<Card> inColumn = others.stream().filter(c -> c.column() == column).sorted(ORDER).toList();
        int at = Math.max(0, Math.min(index, inColumn.size()));
        Double before = at > 0 ? inColumn.get(at - 1).position() : null;
        Double after = at < inColumn.size() ? inColumn.get(at).position() : null;
        double position;
        if (before == null && after == null) {
            position = 1;
        } else if (before == null) {
            position = after - 1;
        } else if (after == null) {
            position = before + 1;
        } else {
            position = before + (after - before) / 2;
        }
        boolean strictlyBetween = (before == null || position > before) && (after == null || position < after);
        if (strictlyBetween) {
            List<Card> result = new ArrayList<>(others);
            result.add(new Card(card.id(), column, card.title(), card.text(), position));
            return result;
        }
        List<Card> column2 = new ArrayList<>(inColumn);
        column2.add(at, card);
        List<Card> result = new ArrayList<>(others.stream().filter(c -> c.column() != column).toList());
        for (int i = 0; i < column2.size(); i++) {
            Card c = column2.get(i);
            result.add(new Card(c.id(), column, c.title(), c.text(), i + 1));
        }
        return result;
    }

    private int indexOf(String cardId) {
        for (int i = 0; i < cards.size(); i++) {
            if (cards.get(i).id().equals(cardId)) {
                return i;
            }
        }
        throw new TandemException(ErrorCode.NOT_FOUND, "There is no card " + cardId + " on this board.");
    }

    private static String title(String title) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            throw invalid("A card needs a title.");
        }
        if (t.length() > MAX_TITLE) {
            throw invalid("A card title has at most " + MAX_TITLE + " characters (this one has " + t.length() + ").");
        }
        return t;
    }

    private static String text(String text) {
        if (text.length() > MAX_TEXT) {
            throw invalid("A card text has at most " + MAX_TEXT + " characters (this one has " + text.length() + ").");
        }
        return text;
    }

    private static void requireColumn(Column column) {
        if (column == null) {
            throw invalid("A column is required.");
        }
    }

    private static void requireCardId(String cardId) {
        if (cardId == null || cardId.isBlank()) {
            throw invalid("A card id is required.");
        }
    }

    private static TandemException invalid(String message) {
        return new TandemException(ErrorCode.VALIDATION_FAILED, message);
    }
}
