package app.tandem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tools refuse bad command lines (exit code 2) before contacting anything. */
class ToolCommandLineTest {

    @Test
    void replayNeedsItsOptions() {
        assertEquals(2, Replay.run(new String[] {}));
        assertEquals(2, Replay.run(new String[] {"--api", "http://127.0.0.1:1", "--email", "a@b.c"}));
        assertEquals(2, Replay.run(new String[] {"--api", "http://127.0.0.1:1", "--email", "a@b.c", "--password",
                "p", "--trace", "/no/such/file.json.gz"}));
        assertEquals(2, Replay.run(new String[] {"--bogus", "x"}));
    }

    @Test
    void loadgenNeedsPositiveNumbersAndLoopbackTargets() {
        String[] base = {"--email", "a@b.c", "--password", "p", "--clients", "2", "--boards", "1", "--rate", "5",
                "--seconds", "1"};
        assertEquals(2, LoadGen.run(concat(new String[] {"--api", "http://example.org:8081"}, base)));
        assertEquals(2, LoadGen.run(concat(new String[] {"--api", "http://127.0.0.1:1", "--clients", "0"},
                new String[] {"--email", "a@b.c", "--password", "p", "--boards", "1", "--rate", "5", "--seconds", "1"})));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGen.checkLoopback(List.of(URI.create("http://127.0.0.1:1"), URI.create("http://10.1.2.3:1"))));
        LoadGen.checkLoopback(List.of(URI.create("http://127.0.0.1:1"), URI.create("http://localhost:2")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
