package app.tandem.collab.text;

import java.util.Random;

/** Random texts and text ops for property tests; some inserts hold characters outside the BMP. */
public final class RandomText {
    private static final String[] PIECES = {"a", "b", "c", "x", "y", " ", "\n", "é", "😀", "漢"};

    private RandomText() {}

    public static String text(Random r, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** A random op on a text of {@code length} code points. */
    public static TextOp op(Random r, int length) {
        TextOp.Builder b = TextOp.builder();
        int left = length;
        while (left > 0 || r.nextInt(4) == 0) {
            int kind = r.nextInt(3);
            if (kind == 0) {
                b.insert(text(r, 3));
                if (left == 0) {
                    break;
                }
            } else {
                int n = 1 + r.nextInt(Math.max(1, Math.min(left, 5)));
                n = Math.min(n, left);
                if (n == 0) {
                    break;
                }
                if (kind == 1) {
                    b.retain(n);
                } else {
                    b.delete(n);
                }
                left -= n;
            }
        }
        return b.build();
    }

    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
