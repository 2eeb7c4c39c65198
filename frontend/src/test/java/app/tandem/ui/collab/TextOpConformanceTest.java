package app.tandem.ui.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract 1 is implemented twice: in the browser (text-ot.ts) and in the collab core (TextOp). Both must agree
 * exactly, or a client and the server would transform the same concurrent ops differently and diverge. The
 * cases in {@code collab/text-ot-cases.json} were computed by text-ot.ts (its test conformance.test.ts checks
 * that they still are); here the core must produce the same transforms, results, compositions and inverses.
 */
class TextOpConformanceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TextOp op(JsonNode n) {
        return OpJson.textOp(n);
    }

    private static JsonNode tree(TextOp op) {
        return JSON.readTree(OpJson.write(op));
    }

    @Test
    void theCoreComputesWhatTheBrowserComputes() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/collab/text-ot-cases.json")) {
            cases = JSON.readTree(in);
        }
        assertEquals(400, cases.size());
        int i = 0;
        for (JsonNode c : cases) {
            String where = "case " + i++ + ": " + c;
            String text = c.get("text").asString();
            TextOp a = op(c.get("a"));
            TextOp b = op(c.get("b"));
            TextOp.Transformed t = TextOp.transform(a, b);
            assertEquals(c.get("aPrime"), tree(t.a()), where);
            assertEquals(c.get("bPrime"), tree(t.b()), where);
            assertEquals(c.get("result").asString(), t.a().apply(b.apply(text)), where);
            assertEquals(c.get("result").asString(), t.b().apply(a.apply(text)), where);
            assertEquals(c.get("aThenC"), tree(TextOp.compose(a, op(c.get("c")))), where);
            assertEquals(c.get("aInverse"), tree(a.invert(text)), where);
        }
    }
}
