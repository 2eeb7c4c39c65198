package app.tandem.collab;

import app.tandem.TandemException;
import app.tandem.collab.text.RandomText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random board documents and random ops that are valid on a given document, for property tests. */
public final class RandomBoard {
    private static final String[] LISTS = {"cards", "items"};
    private static final String[] FIELDS = {"title", "n"};
    private static final String[] TEXTS = {"notes", "body"};

    private RandomBoard() {}

    public static BoardDoc doc(Random r, int ops) {
        BoardDoc d = new BoardDoc();
        for (int i = 0; i < ops; i++) {
            d.apply(op(r, d, "n" + i));
        }
        return d;
    }

    /** A random op valid on {@code d}; {@code newId} names a created node. Text and set ops are the most likely. */
    public static Op op(Random r, BoardDoc d, String newId) {
        List<String> ids = new ArrayList<>(d.subtree(BoardDoc.ROOT));
        while (true) {
            String node = ids.get(r.nextInt(ids.size()));
            int kind = r.nextInt(10);
            try {
                Op op = switch (kind) {
                    case 0, 1 -> new Op.Create(newId, "card", node, LISTS[r.nextInt(2)], pos(r),
                            r.nextBoolean() ? Map.of("title", "t" + r.nextInt(9)) : Map.of(),
                            r.nextBoolean() ? Map.of("notes", RandomText.text(r, 4)) : Map.of());
                    case 2 -> new Op.Delete(node);
                    case 3 -> new Op.Move(node, ids.get(r.nextInt(ids.size())), LISTS[r.nextInt(2)], pos(r));
                    case 4, 5 -> new Op.SetField(node, FIELDS[r.nextInt(2)],
                            r.nextInt(4) == 0 ? null : r.nextBoolean() ? (Object) ("v" + r.nextInt(9)) : (Object) (long) r.nextInt(9));
                    default -> {
                        String field = TEXTS[r.nextInt(2)];
                        yield new Op.TextEdit(node, field, RandomText.op(r, d.textLength(node, field)));
                    }
                };
                d.check(op);
                return op;
            } catch (TandemException invalidHere) {
                // e.g. deleting the root or a move into its own subtree: draw again
            }
        }
    }

    /** Positions from a small alphabet so that equal positions (ties by id) happen often. */
    static String pos(Random r) {
        return String.valueOf("abc".charAt(r.nextInt(3)));
    }
}
