package app.tandem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The replayer's model of where each character of a trace ends up reproduces every trace's endContent. */
class TraceOrderTest {

    @Test
    void everyTraceMergesToItsEndContent() throws IOException {
        for (Path file : EditingTraceTest.traces()) {
            EditingTrace t = EditingTrace.read(file);
            if (!t.concurrent()) {
                continue; // sequential traces replay without it (EditingTraceTest splices them)
            }
            long t0 = System.nanoTime();
            TraceOrder order = TraceOrder.of(t);
            System.out.println("TraceOrder " + file.getFileName() + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(t.endContent(), order.finalText(t), file.toString());
        }
    }
}
