package app.tandem.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.collab.text.TextOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OpJsonTest {

    @Test
    void everyOpTypeRoundTrips() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", "Lesson 1");
        fields.put("minutes", 45L);
        fields.put("ratio", 0.5);
        fields.put("done", true);
        Op[] ops = {
            new Op.Create("c1", "card", "root", "cards", "V", fields, Map.of("notes", "hi 😀")),
            new Op.Delete("c1"),
            new Op.Move("c1", "root", "done", "a"),
            new Op.SetField("c1", "title", "Lesson 2"),
            new Op.SetField("c1", "title", null),
            new Op.TextEdit("c1", "notes", TextOp.of(2, "!", -1, 1)),
            Op.Noop.INSTANCE,
        };
        for (Op op : ops) {
            String json = OpJson.write(op);
            assertEquals(op, OpJson.parse(json), json);
            assertEquals(json, OpJson.write(OpJson.parse(json)));
        }
    }

    @Test
    void readsTheContractShapes() {
        assertEquals(new Op.Create("n1", "card", "root", "cards", "V"),
                OpJson.parse("{\"type\":\"create\",\"node\":\"n1\",\"nodeType\":\"card\",\"parent\":\"root\","
                        + "\"list\":\"cards\",\"pos\":\"V\"}"));
        assertEquals(new Op.SetField("n1", "n", 3L), OpJson.parse("{\"type\":\"set\",\"node\":\"n1\",\"field\":\"n\",\"value\":3}"));
        assertEquals(new Op.TextEdit("n1", "t", TextOp.of("hi")),
                OpJson.parse("{\"type\":\"text\",\"node\":\"n1\",\"field\":\"t\",\"ops\":[\"hi\"],\"extra\":1}"));
    }

    @Test
    void invalidOpsAreRejectedWithTheirCode() {
        String longString = "\"" + "x".repeat(Limits.MAX_SCALAR_LENGTH + 1) + "\"";
        String longId = "\"" + "x".repeat(Limits.MAX_NAME_LENGTH + 1) + "\"";
        Object[][] cases = {
            {"{\"type\":\"create\",\"node\":\"a\"", ErrorCode.MALFORMED_JSON},
            {"[1]", ErrorCode.INVALID_OP},
            {"{\"node\":\"a\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"explode\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"delete\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"delete\",\"node\":\"\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"delete\",\"node\":7}", ErrorCode.INVALID_OP},
            {"{\"type\":\"delete\",\"node\":" + longId + "}", ErrorCode.INVALID_OP},
            {"{\"type\":\"delete\",\"node\":\"a\",\"node\":\"b\"}", ErrorCode.MALFORMED_JSON},
            {"{\"type\":\"move\",\"node\":\"a\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"move\",\"node\":\"a\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"a0\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"move\",\"node\":\"a\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"a-b\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"set\",\"node\":\"a\",\"field\":\"f\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"set\",\"node\":\"a\",\"field\":\"f\",\"value\":{}}", ErrorCode.INVALID_OP},
            {"{\"type\":\"set\",\"node\":\"a\",\"field\":\"f\",\"value\":[1]}", ErrorCode.INVALID_OP},
            {"{\"type\":\"set\",\"node\":\"a\",\"field\":\"f\",\"value\":" + longString + "}", ErrorCode.INVALID_OP},
            {"{\"type\":\"text\",\"node\":\"a\",\"field\":\"t\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"text\",\"node\":\"a\",\"field\":\"t\",\"ops\":\"abc\"}", ErrorCode.INVALID_OP},
            {"{\"type\":\"text\",\"node\":\"a\",\"field\":\"t\",\"ops\":[\"" + "x".repeat(TextOp.MAX_LENGTH + 1) + "\"]}",
                ErrorCode.TEXT_TOO_LONG},
            {"{\"type\":\"create\",\"node\":\"a\",\"nodeType\":\"card\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"V\","
                + "\"fields\":[]}", ErrorCode.INVALID_OP},
            {"{\"type\":\"create\",\"node\":\"a\",\"nodeType\":\"card\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"V\","
                + "\"texts\":{\"t\":1}}", ErrorCode.INVALID_OP},
            {"{\"type\":\"create\",\"node\":\"a\",\"nodeType\":\"card\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"V\","
                + "\"texts\":{\"t\":\"" + "x".repeat(TextOp.MAX_LENGTH + 1) + "\"}}", ErrorCode.TEXT_TOO_LONG},
            {"{\"type\":\"create\",\"node\":\"a\",\"parent\":\"root\",\"list\":\"l\",\"pos\":\"V\"}", ErrorCode.INVALID_OP},
        };
        for (Object[] c : cases) {
            String json = (String) c[0];
            TandemException e = assertThrows(TandemException.class, () -> OpJson.parse(json), json);
            assertEquals(c[1], e.code(), json.length() > 200 ? json.substring(0, 200) : json);
        }
    }

    @Property(tries = 200)
    void randomOpsRoundTrip(@ForAll Random r) {
        BoardDoc d = RandomBoard.doc(r, 8);
        for (int i = 0; i < 10; i++) {
            Op op = RandomBoard.op(r, d, "x" + i);
            assertEquals(op, OpJson.parse(OpJson.write(op)));
            d.apply(op);
        }
    }
}
