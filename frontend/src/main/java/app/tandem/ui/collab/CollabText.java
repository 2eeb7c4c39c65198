package app.tandem.ui.collab;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One collaborative text field in the browser: the server half of {@code <tandem-collab-text>}.
 *
 * <p>A relay with no OT of its own. The browser element keeps the pending ops and does the client side of the
 * Jupiter protocol (contract 1: text ops over code points, remote insert first). This class
 * <ul>
 *   <li>sets the field's state ({@link #setState}) and relays the board's sequenced stream
 *       ({@link #applySequenced}): an entry with this component's {@link #getClientId() clientId} acknowledges
 *       the browser's in-flight op, another client's text op is a remote op, and an entry without a text op
 *       (a board op that did not touch this field) advances the revision;</li>
 *   <li>hands the browser's submissions to {@link #addSubmitListener submit listeners} as
 *       (clientId, clientSeq, baseRev, text op JSON), for the engine (contract 3);</li>
 *   <li>reports undo/redo requests (Ctrl+Z, Ctrl+Shift+Z) and focus/selection changes for presence, and
 *       shows remote carets, a read-only state and a connection state.</li>
 * </ul>
 *
 * <p>Coalescing: everything set or relayed during one server round trip reaches the browser as one call, just
 * before the response is written, however many {@link #applySequenced} calls there were.
 *
 * <p>Threading: like every Vaadin component, call it with the session locked (inside {@code UI.access}).
 */
@Tag("tandem-collab-text")
@JsModule("./collab/text-ot.ts")
@JsModule("./collab/jupiter-client.ts")
@JsModule("./collab/collab-text.ts")
public class CollabText extends Component implements HasSize, HasStyle {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SUBMIT = "collab-submit";
    static final String UNDO = "collab-undo";
    static final String REDO = "collab-redo";
    static final String SELECTION = "collab-selection";

    /**
     * One entry of the board's sequenced stream, as it concerns this field.
     *
     * @param textOp the text op as sequenced (contract 1 JSON array), or {@code null} when the board op at
     *               {@code rev} did not touch this field
     */
    public record Sequenced(long rev, String clientId, long clientSeq, String textOp) {
    }

    /** Another user's caret and selection in this field, in code points of the current text. */
    public record RemoteCursor(String userId, String name, String colour, int anchor, int head) {
        public RemoteCursor {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(colour, "colour");
        }
    }

    private final String clientId;
    private String pendingState;
    private final List<Sequenced> pendingBatch = new ArrayList<>();
    private boolean flushScheduled;
    private boolean readOnly;
    private boolean connected = true;

    /** A component with a fresh random clientId (one per browser page and field). */
    public CollabText() {
        this(UUID.randomUUID().toString());
    }

    /** A component whose submissions carry {@code clientId} (at most 64 characters, contract 3). */
    public CollabText(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            throw new IllegalArgumentException("clientId must have 1 to 64 characters");
        }
        this.clientId = clientId;
        getElement().setProperty("connected", true);
        getElement().addEventListener(SUBMIT, this::onSubmit)
                .addEventData("event.detail.clientSeq")
                .addEventData("event.detail.baseRev")
                .addEventData("event.detail.op");
        getElement().addEventListener(UNDO, e -> fireEvent(new UndoEvent(this)));
        getElement().addEventListener(REDO, e -> fireEvent(new RedoEvent(this)));
        getElement().addEventListener(SELECTION, this::onSelection)
                .addEventData("event.detail.focused")
                .addEventData("event.detail.anchor")
                .addEventData("event.detail.head");
        // A flush planned for a round trip in which the component got detached is dropped with it: plan again.
        addDetachListener(e -> flushScheduled = false);
        addAttachListener(e -> {
            if (pendingState != null || !pendingBatch.isEmpty()) {
                scheduleFlush();
            }
        });
    }

    public String getClientId() {
        return clientId;
    }

    // ---- state and the sequenced stream -----------------------------------------------------------------------

    /**
     * The field's text at board revision {@code rev}: on first show, and to resync after a rejected op or a gap.
     * The browser starts over from it (pending edits are dropped; if one of them was sequenced after all, it
     * arrives later as an ordinary entry). Relayed entries at or below {@code rev} are skipped.
     */
    public void setState(String text, long rev) {
        Objects.requireNonNull(text, "text");
        if (rev < 0) {
            throw new IllegalArgumentException("rev must be >= 0");
        }
        ObjectNode state = JSON.createObjectNode();
        state.put("text", text);
        state.put("rev", rev);
        pendingState = JSON.writeValueAsString(state);
        pendingBatch.removeIf(s -> s.rev() <= rev);
        scheduleFlush();
    }

    /**
     * Relays a batch of the board's sequenced stream, in revision order. Several calls in one round trip reach
     * the browser as one.
     */
    public void applySequenced(List<Sequenced> batch) {
        for (Sequenced s : batch) {
            Objects.requireNonNull(s, "entry");
            if (s.textOp() != null) {
                checkTextOp(s.textOp());
            }
        }
        pendingBatch.addAll(batch);
        if (!batch.isEmpty()) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        getElement().getNode().runWhenAttached(ui -> ui.beforeClientResponse(this, ctx -> flush()));
    }

    private void flush() {
        flushScheduled = false;
        if (pendingState == null && pendingBatch.isEmpty()) {
            return;
        }
        String state = pendingState == null ? "" : pendingState;
        String batch = pendingBatch.isEmpty() ? "" : batchJson(pendingBatch);
        pendingState = null;
        pendingBatch.clear();
        // The module may still be loading when the first call arrives: wait for the element's definition.
        getElement().executeJs(
                "const el = this; customElements.whenDefined(el.localName)"
                        + ".then(() => el._sync($0 === '' ? null : $0, $1 === '' ? null : $1))",
                state, batch);
    }

    private String batchJson(List<Sequenced> batch) {
        ArrayNode array = JSON.createArrayNode();
        for (Sequenced s : batch) {
            ObjectNode entry = array.addObject();
            entry.put("r", s.rev());
            if (clientId.equals(s.clientId())) {
                entry.put("m", true);
            }
            entry.put("s", s.clientSeq());
            if (s.textOp() != null) {
                entry.set("o", JSON.readTree(s.textOp()));
            }
        }
        return JSON.writeValueAsString(array);
    }

    // ---- presence, read-only, connection ----------------------------------------------------------------------

    /** Other users' carets and selections to draw (replaces the previous list). */
    public void setRemoteCursors(List<RemoteCursor> cursors) {
        ArrayNode array = JSON.createArrayNode();
        for (RemoteCursor c : cursors) {
            ObjectNode o = array.addObject();
            o.put("userId", c.userId());
            o.put("name", c.name());
            o.put("colour", c.colour());
            o.put("anchor", c.anchor());
            o.put("head", c.head());
        }
        getElement().setProperty("cursors", JSON.writeValueAsString(array));
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
        getElement().setProperty("readonly", readOnly);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Whether the engine behind this field is reachable. While false the field shows that it is offline and
     * keeps what is typed; when it turns true again the browser re-sends its unacknowledged op (same clientSeq).
     * The browser also watches its own connection to the server.
     */
    public void setConnected(boolean connected) {
        this.connected = connected;
        getElement().setProperty("connected", connected);
    }

    public boolean isConnected() {
        return connected;
    }

    public void setLabel(String label) {
        getElement().setProperty("label", label == null ? "" : label);
    }

    public void setPlaceholder(String placeholder) {
        getElement().setProperty("placeholder", placeholder == null ? "" : placeholder);
    }

    // ---- events from the browser ------------------------------------------------------------------------------

    private void onSubmit(DomEvent e) {
        if (readOnly) {
            return; // the sequencer checks roles too; a read-only field forwards nothing
        }
        JsonNode data = e.getEventData();
        long clientSeq = data.path("event.detail.clientSeq").asLong(0);
        long baseRev = data.path("event.detail.baseRev").asLong(-1);
        String op = data.path("event.detail.op").asString("");
        if (clientSeq < 1 || baseRev < 0 || !isTextOp(op)) {
            return; // not from our element: nothing to forward
        }
        fireEvent(new SubmitEvent(this, clientId, clientSeq, baseRev, op));
    }

    private void onSelection(DomEvent e) {
        JsonNode data = e.getEventData();
        fireEvent(new SelectionEvent(this, data.path("event.detail.focused").asBoolean(false),
                data.path("event.detail.anchor").asInt(0), data.path("event.detail.head").asInt(0)));
    }

    /** The browser's ops to submit to the engine, in clientSeq order; a resend repeats a clientSeq. */
    public Registration addSubmitListener(ComponentEventListener<SubmitEvent> listener) {
        return addListener(SubmitEvent.class, listener);
    }

    /** The user asked to undo their own last edit (Ctrl+Z). */
    public Registration addUndoListener(ComponentEventListener<UndoEvent> listener) {
        return addListener(UndoEvent.class, listener);
    }

    /** The user asked to redo (Ctrl+Shift+Z or Ctrl+Y). */
    public Registration addRedoListener(ComponentEventListener<RedoEvent> listener) {
        return addListener(RedoEvent.class, listener);
    }

    /** Focus and selection changes (code points), for presence. */
    public Registration addSelectionListener(ComponentEventListener<SelectionEvent> listener) {
        return addListener(SelectionEvent.class, listener);
    }

    /** A text op typed in the browser, to submit as {@code {"type":"text","node":..,"field":..,"ops":textOp}}. */
    public static class SubmitEvent extends ComponentEvent<CollabText> {
        private final String clientId;
        private final long clientSeq;
        private final long baseRev;
        private final String textOp;

        public SubmitEvent(CollabText source, String clientId, long clientSeq, long baseRev, String textOp) {
            super(source, true);
            this.clientId = clientId;
            this.clientSeq = clientSeq;
            this.baseRev = baseRev;
            this.textOp = textOp;
        }

        public String getClientId() {
            return clientId;
        }

        public long getClientSeq() {
            return clientSeq;
        }

        public long getBaseRev() {
            return baseRev;
        }

        /** The text op (contract 1) as a JSON array string. */
        public String getTextOp() {
            return textOp;
        }

        /** The text op as a Jackson tree. */
        public JsonNode getTextOpNode() {
            return JSON.readTree(textOp);
        }
    }

    public static class UndoEvent extends ComponentEvent<CollabText> {
        public UndoEvent(CollabText source) {
            super(source, true);
        }
    }

    public static class RedoEvent extends ComponentEvent<CollabText> {
        public RedoEvent(CollabText source) {
            super(source, true);
        }
    }

    public static class SelectionEvent extends ComponentEvent<CollabText> {
        private final boolean focused;
        private final int anchor;
        private final int head;

        public SelectionEvent(CollabText source, boolean focused, int anchor, int head) {
            super(source, true);
            this.focused = focused;
            this.anchor = anchor;
            this.head = head;
        }

        public boolean isFocused() {
            return focused;
        }

        public int getAnchor() {
            return anchor;
        }

        public int getHead() {
            return head;
        }
    }

    // ---- text op syntax ---------------------------------------------------------------------------------------

    private static void checkTextOp(String json) {
        if (!isTextOp(json)) {
            throw new IllegalArgumentException("not a text op (JSON array of integers and strings): " + json);
        }
    }

    /** Syntax only (contract 1): a JSON array of integers and strings. The engine checks it against the text. */
    static boolean isTextOp(String json) {
        if (json == null || json.isEmpty()) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isArray()) {
                return false;
            }
            for (JsonNode c : node) {
                if (!(c.isString() || c.isIntegralNumber() && c.canConvertToLong())) {
                    return false;
                }
            }
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }
}
