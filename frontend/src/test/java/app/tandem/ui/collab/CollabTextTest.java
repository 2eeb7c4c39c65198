package app.tandem.ui.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.browserless.BrowserlessTest;
import com.vaadin.browserless.ViewPackages;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.internal.PendingJavaScriptInvocation;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.internal.nodefeature.ElementListenerMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The server half of the collaborative text field: what it sends to the browser and what it reports. */
@ViewPackages(packages = "app.tandem.ui.collab.none")
class CollabTextTest extends BrowserlessTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private CollabText text;

    @BeforeEach
    void attach() {
        text = new CollabText("me");
        UI.getCurrent().add(text);
        syncCalls(); // drop what attaching produced
    }

    /** What the server would send in this round trip: the _sync calls of the field, as (state, batch). */
    private List<String[]> syncCalls() {
        UI ui = UI.getCurrent();
        ui.getInternals().getStateTree().runExecutionsBeforeClientResponse();
        List<String[]> calls = new ArrayList<>();
        for (PendingJavaScriptInvocation inv : ui.getInternals().dumpPendingJavaScriptInvocations()) {
            if (inv.getInvocation().getExpression().contains("_sync")) {
                List<String> p = inv.getInvocation().getParameters().stream()
                        .filter(String.class::isInstance).map(String.class::cast).toList();
                calls.add(new String[] {p.get(0), p.get(1)});
            }
        }
        return calls;
    }

    private void fire(String type, ObjectNode data) {
        text.getElement().getNode().getFeature(ElementListenerMap.class)
                .fireEvent(new DomEvent(text.getElement(), type, data));
    }

    private static ObjectNode submission(long seq, long baseRev, String op) {
        ObjectNode data = JSON.createObjectNode();
        data.put("event.detail.clientSeq", seq);
        data.put("event.detail.baseRev", baseRev);
        data.put("event.detail.op", op);
        return data;
    }

    @Test
    void stateAndSeveralBatchesOfOneRoundTripReachTheBrowserAsOneCall() {
        text.setState("hello", 4);
        text.applySequenced(List.of(new CollabText.Sequenced(5, "other", 3, "[5,\"!\"]")));
        text.applySequenced(List.of(new CollabText.Sequenced(6, "me", 1, "[\">\",6]"),
                new CollabText.Sequenced(7, "third", 9, null)));

        List<String[]> calls = syncCalls();

        assertEquals(1, calls.size());
        assertEquals(JSON.readTree("{\"text\":\"hello\",\"rev\":4}"), JSON.readTree(calls.get(0)[0]));
        assertEquals(JSON.readTree("""
                [{"r":5,"s":3,"o":[5,"!"]},{"r":6,"m":true,"s":1,"o":[">",6]},{"r":7,"s":9}]"""),
                JSON.readTree(calls.get(0)[1]));
        assertTrue(syncCalls().isEmpty(), "nothing is sent twice");
    }

    @Test
    void aBatchAloneIsSentWithoutState() {
        text.applySequenced(List.of(new CollabText.Sequenced(1, "other", 1, "[\"a\"]")));
        List<String[]> calls = syncCalls();
        assertEquals(1, calls.size());
        assertEquals("", calls.get(0)[0]);
        assertEquals(JSON.readTree("[{\"r\":1,\"s\":1,\"o\":[\"a\"]}]"), JSON.readTree(calls.get(0)[1]));
    }

    @Test
    void aNewStateDropsRelayedEntriesItAlreadyContains() {
        text.applySequenced(List.of(new CollabText.Sequenced(3, "other", 1, "[\"a\"]"),
                new CollabText.Sequenced(4, "other", 2, "[1,\"b\"]")));
        text.setState("a", 3);
        List<String[]> calls = syncCalls();
        assertEquals(JSON.readTree("[{\"r\":4,\"s\":2,\"o\":[1,\"b\"]}]"), JSON.readTree(calls.get(0)[1]));
    }

    @Test
    void whatIsSetBeforeAttachingIsSentOnAttach() {
        CollabText later = new CollabText("late");
        later.setState("x", 2);
        syncCalls();
        UI.getCurrent().add(later);
        List<String[]> calls = syncCalls();
        assertEquals(1, calls.size());
        assertEquals(JSON.readTree("{\"text\":\"x\",\"rev\":2}"), JSON.readTree(calls.get(0)[0]));
    }

    @Test
    void somethingThatIsNotATextOpIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> text.applySequenced(List.of(new CollabText.Sequenced(1, "x", 1, "{\"type\":\"text\"}"))));
        assertThrows(IllegalArgumentException.class,
                () -> text.applySequenced(List.of(new CollabText.Sequenced(1, "x", 1, "[1.5]"))));
        assertThrows(IllegalArgumentException.class, () -> new CollabText("x".repeat(65)));
    }

    @Test
    void aSubmissionFromTheBrowserReachesTheListenersWithTheClientId() {
        List<CollabText.SubmitEvent> got = new ArrayList<>();
        text.addSubmitListener(got::add);

        fire(CollabText.SUBMIT, submission(1, 7, "[2,\"😀\",-1]"));

        assertEquals(1, got.size());
        CollabText.SubmitEvent e = got.get(0);
        assertEquals("me", e.getClientId());
        assertEquals(1, e.getClientSeq());
        assertEquals(7, e.getBaseRev());
        assertEquals("[2,\"😀\",-1]", e.getTextOp());
        JsonNode op = e.getTextOpNode();
        assertEquals(3, op.size());
        assertTrue(e.isFromClient());
    }

    @Test
    void malformedSubmissionsAndSubmissionsToAReadOnlyFieldAreNotForwarded() {
        List<CollabText.SubmitEvent> got = new ArrayList<>();
        text.addSubmitListener(got::add);

        fire(CollabText.SUBMIT, submission(0, 7, "[1]"));
        fire(CollabText.SUBMIT, submission(1, -1, "[1]"));
        fire(CollabText.SUBMIT, submission(1, 7, "not json"));
        fire(CollabText.SUBMIT, submission(1, 7, "[{}]"));
        text.setReadOnly(true);
        fire(CollabText.SUBMIT, submission(1, 7, "[1]"));

        assertTrue(got.isEmpty());
        assertTrue(text.getElement().getProperty("readonly", false));
        text.setReadOnly(false);
        fire(CollabText.SUBMIT, submission(1, 7, "[1]"));
        assertEquals(1, got.size());
    }

    @Test
    void undoRedoAndSelectionAreReported() {
        List<String> got = new ArrayList<>();
        text.addUndoListener(e -> got.add("undo"));
        text.addRedoListener(e -> got.add("redo"));
        text.addSelectionListener(e -> got.add("sel " + e.isFocused() + " " + e.getAnchor() + "-" + e.getHead()));

        fire(CollabText.UNDO, JSON.createObjectNode());
        fire(CollabText.REDO, JSON.createObjectNode());
        ObjectNode sel = JSON.createObjectNode();
        sel.put("event.detail.focused", true);
        sel.put("event.detail.anchor", 5);
        sel.put("event.detail.head", 2);
        fire(CollabText.SELECTION, sel);

        assertEquals(List.of("undo", "redo", "sel true 5-2"), got);
    }

    @Test
    void remoteCursorsConnectionAndLabelsArePropertiesOfTheElement() {
        text.setRemoteCursors(List.of(new CollabText.RemoteCursor("u1", "Ada <b>", "#e91e63", 1, 4)));
        assertEquals(JSON.readTree("[{\"userId\":\"u1\",\"name\":\"Ada <b>\",\"colour\":\"#e91e63\",\"anchor\":1,"
                + "\"head\":4}]"), JSON.readTree(text.getElement().getProperty("cursors")));

        assertTrue(text.isConnected());
        text.setConnected(false);
        assertFalse(text.getElement().getProperty("connected", true));
        assertFalse(text.isConnected());

        text.setLabel("Notes");
        text.setPlaceholder("Type here");
        assertEquals("Notes", text.getElement().getProperty("label"));
        assertEquals("Type here", text.getElement().getProperty("placeholder"));
        assertEquals("tandem-collab-text", text.getElement().getTag());
    }
}
