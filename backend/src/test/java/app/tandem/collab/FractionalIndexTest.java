package app.tandem.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FractionalIndexTest {

    @Test
    void firstBeforeAfter() {
        String first = FractionalIndex.first();
        assertTrue(FractionalIndex.before(first).compareTo(first) < 0);
        assertTrue(FractionalIndex.after(first).compareTo(first) > 0);
        assertEquals("VV", FractionalIndex.between("V", "W"));
        assertEquals("0V", FractionalIndex.before("1"));
        assertEquals("zV", FractionalIndex.after("z"));
        assertEquals("W", FractionalIndex.after("V"));
        assertEquals("U", FractionalIndex.before("V"));
    }

    @Test
    void invalidKeys() {
        for (String bad : new String[] {"", "a0", "a-b", "é", " "}) {
            assertFalse(FractionalIndex.isValid(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("b", "a"));
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("a", "a"));
    }

    /** Random insertions into a list always find a key strictly between the neighbours, and keys stay valid. */
    @Property(tries = 200)
    void betweenIsStrictlyBetweenAndDeterministic(@ForAll Random r) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int at = r.nextInt(keys.size() + 1);
            String lo = at == 0 ? null : keys.get(at - 1);
            String hi = at == keys.size() ? null : keys.get(at);
            String k = FractionalIndex.between(lo, hi);
            assertTrue(FractionalIndex.isValid(k), k);
            assertTrue(lo == null || lo.compareTo(k) < 0, lo + " < " + k);
            assertTrue(hi == null || k.compareTo(hi) < 0, k + " < " + hi);
            assertEquals(k, FractionalIndex.between(lo, hi));
            keys.add(at, k);
        }
    }

    @Test
    void appendingManyKeysStaysShort() {
        String k = FractionalIndex.first();
        for (int i = 0; i < 1000; i++) {
            k = FractionalIndex.after(k);
        }
        assertTrue(k.length() < 40, k);
    }
}
