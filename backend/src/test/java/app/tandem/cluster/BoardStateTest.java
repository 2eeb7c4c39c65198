package app.tandem.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.CardChange.AddCard;
import app.tandem.cluster.CardChange.DeleteCard;
import app.tandem.cluster.CardChange.EditCard;
import app.tandem.cluster.CardChange.MoveCard;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The board rules the entry processor runs: validation, positions, versions; and the JSON the cluster stores. */
class BoardStateTest {

    private static BoardState add(BoardState s, Column column, String id) {
        return s.apply(new AddCard(column, "Card " + id, ""), id);
    }

    private static List<String> ids(BoardState s, Column column) {
        return s.cards().stream().filter(c -> c.column() == column).map(Card::id).toList();
    }

    private static void assertCode(ErrorCode code, Executable call) {
        TandemException e = assertThrows(TandemException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void newCardGoesToTheEndOfItsColumnAndEachChangeAddsOneVersion() {
        BoardState s = add(add(add(BoardState.empty(), Column.PLAN, "a"), Column.TRY, "t"), Column.PLAN, "b");
        assertEquals(3, s.version());
        assertEquals(List.of("a", "b"), ids(s, Column.PLAN));
        double a = s.cards().get(0).position();
        double b = s.cards().get(1).position();
        assertEquals(a + 1, b);
        assertEquals(List.of("t"), ids(s, Column.TRY));
    }

    @Test
    void titlesAreTrimmedAndTextDefaultsToEmpty() {
        BoardState s = BoardState.empty().apply(new AddCard(Column.SHARE, "  Lesson study  ", null), "x");
        Card card = s.cards().getFirst();
        assertEquals("Lesson study", card.title());
        assertEquals("", card.text());
    }

    @Test
    void invalidInputIsRejectedWithAClearCode() {
        BoardState s = add(BoardState.empty(), Column.PLAN, "a");
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new AddCard(Column.PLAN, "   ", ""), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new AddCard(Column.PLAN, null, ""), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new AddCard(Column.PLAN, "x".repeat(201), ""), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new AddCard(Column.PLAN, "ok", "x".repeat(10_001)), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new AddCard(null, "ok", ""), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new EditCard("a", null, null), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new EditCard("a", " ", null), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new MoveCard("a", null, 0), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(new DeleteCard(" "), "n"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> s.apply(null, "n"));
        // The limits themselves are allowed.
        BoardState edge = s.apply(new AddCard(Column.PLAN, "x".repeat(200), "y".repeat(10_000)), "e");
        assertEquals(2, edge.version());
    }

    @Test
    void unknownCardIsNotFound() {
        BoardState s = add(BoardState.empty(), Column.PLAN, "a");
        assertCode(ErrorCode.NOT_FOUND, () -> s.apply(new EditCard("nope", "t", null), "n"));
        assertCode(ErrorCode.NOT_FOUND, () -> s.apply(new MoveCard("nope", Column.TRY, 0), "n"));
        assertCode(ErrorCode.NOT_FOUND, () -> s.apply(new DeleteCard("nope"), "n"));
        assertEquals(1, s.version());
        assertEquals(List.of("a"), ids(s, Column.PLAN));
    }

    @Test
    void editChangesOnlyWhatItNames() {
        BoardState s = BoardState.empty().apply(new AddCard(Column.PLAN, "Title", "Text"), "a");
        BoardState titled = s.apply(new EditCard("a", " New ", null), "n");
        assertEquals(new Card("a", Column.PLAN, "New", "Text", 1), titled.cards().getFirst());
        BoardState texted = titled.apply(new EditCard("a", null, "More"), "n");
        assertEquals(new Card("a", Column.PLAN, "New", "More", 1), texted.cards().getFirst());
        assertEquals(3, texted.version());
    }

    @Test
    void moveToAnIndexLandsBetweenItsNeighboursAndClamps() {
        BoardState s = BoardState.empty();
        for (String id : List.of("a", "b", "c", "d")) {
            s = add(s, Column.PLAN, id);
        }
        s = s.apply(new MoveCard("d", Column.PLAN, 1), "n");
        assertEquals(List.of("a", "d", "b", "c"), ids(s, Column.PLAN));
        s = s.apply(new MoveCard("a", Column.PLAN, 99), "n");
        assertEquals(List.of("d", "b", "c", "a"), ids(s, Column.PLAN));
        s = s.apply(new MoveCard("c", Column.PLAN, -5), "n");
        assertEquals(List.of("c", "d", "b", "a"), ids(s, Column.PLAN));
        s = s.apply(new MoveCard("b", Column.REVIEW, 0), "n");
        assertEquals(List.of("c", "d", "a"), ids(s, Column.PLAN));
        assertEquals(List.of("b"), ids(s, Column.REVIEW));
        s = s.apply(new MoveCard("c", Column.REVIEW, 1), "n");
        assertEquals(List.of("b", "c"), ids(s, Column.REVIEW));
        // Moving a card to where it already is keeps the order and still counts as a change.
        long before = s.version();
        s = s.apply(new MoveCard("d", Column.PLAN, 0), "n");
        assertEquals(List.of("d", "a"), ids(s, Column.PLAN));
        assertEquals(before + 1, s.version());
    }

    @Test
    void columnIsRenumberedWhenTheGapBetweenNeighboursRunsOut() {
        BoardState s = add(add(BoardState.empty(), Column.TRY, "first"), Column.TRY, "last");
        List<String> expected = new ArrayList<>(List.of("first", "last"));
        // Always inserting right after "first" halves the same gap each time: doubles run out after ~52 halvings.
        for (int i = 0; i < 120; i++) {
            String id = "c" + i;
            s = add(s, Column.TRY, id);
            s = s.apply(new MoveCard(id, Column.TRY, 1), "n");
            expected.remove(id);
            expected.add(1, id);
            assertEquals(expected, ids(s, Column.TRY), "after " + i + " inserts");
        }
        List<Card> column = s.cards();
        for (int i = 1; i < column.size(); i++) {
            assertTrue(column.get(i - 1).position() < column.get(i).position(), "positions strictly increase");
        }
    }

    @Test
    void deleteRemovesTheCard() {
        BoardState s = add(add(BoardState.empty(), Column.PLAN, "a"), Column.PLAN, "b");
        s = s.apply(new DeleteCard("a"), "n");
        assertEquals(List.of("b"), ids(s, Column.PLAN));
        assertEquals(3, s.version());
    }

    @Test
    void boardSizeIsBounded() {
        BoardState s = BoardState.empty();
        for (int i = 0; i < BoardState.MAX_CARDS; i++) {
            s = add(s, Column.values()[i % 4], "c" + i);
        }
        BoardState full = s;
        assertCode(ErrorCode.TOO_LARGE, () -> add(full, Column.PLAN, "one-too-many"));
    }

    @Test
    void snapshotJsonRoundTrips() {
        BoardState s = BoardState.empty().apply(new AddCard(Column.REVIEW, "Quote \" and ü", "line\nbreak <b>"), "a");
        s = s.apply(new AddCard(Column.REVIEW, "Second", ""), "b");
        s = s.apply(new MoveCard("b", Column.REVIEW, 0), "n");
        BoardSnapshot snapshot = s.snapshot(UUID.randomUUID());
        String json = BoardJson.write(snapshot);
        assertEquals(snapshot, BoardJson.read(json));
        assertTrue(json.contains("\"version\":3"), json);
        assertEquals(s, BoardState.of(BoardJson.read(json)));
    }

    @Test
    void applyNeverChangesTheStateItStartsFrom() {
        BoardState s = add(BoardState.empty(), Column.PLAN, "a");
        List<Card> cards = s.cards();
        s.apply(new DeleteCard("a"), "n");
        assertSame(cards, s.cards());
        assertEquals(1, s.cards().size());
    }
}
