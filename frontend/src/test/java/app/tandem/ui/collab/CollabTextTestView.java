package app.tandem.ui.collab;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test-only page (route {@value #ROUTE}, registered by {@link CollabTextTestRoutes}): one collaborative text
 * field fed by the in-JVM {@link TestSequencer}, wired the way the board is meant to be: submissions go to the
 * sequencer; its entries reach the UI through {@code UI.access}, coalesced into one batch per access.
 */
public class CollabTextTestView extends Div {
    static final String ROUTE = "test/collab-text";
    private static volatile TestSequencer sequencer = new TestSequencer("");
    private static final String[] COLOURS = {"#e91e63", "#1e88e5", "#43a047", "#fb8c00"};
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final CollabText.RemoteCursor AWAY = new CollabText.RemoteCursor("-", "-", "-", 0, 0);

    private final int user = USERS.incrementAndGet();
    private final String userName = "User " + user;
    private UI ui;

    private final CollabText text = new CollabText();
    private final Span status = new Span();
    private final ConcurrentLinkedQueue<CollabText.Sequenced> inbox = new ConcurrentLinkedQueue<>();
    private Consumer<CollabText.Sequenced> subscription;
    private TestSequencer subscribedTo;

    /** Starts every page opened from now on on a fresh field holding {@code initial}. */
    static TestSequencer reset(String initial) {
        sequencer = new TestSequencer(initial);
        return sequencer;
    }

    public CollabTextTestView() {
        text.setLabel("Shared notes");
        text.setWidth("40em");
        status.setId("status");
        Span me = new Span(userName);
        me.setId("me");
        text.addSelectionListener(e -> {
            subscribedTo.presence.put(this, e.isFocused()
                    ? new CollabText.RemoteCursor("u" + user, userName, COLOURS[user % COLOURS.length],
                            e.getAnchor(), e.getHead())
                    : AWAY);
            broadcastPresence(subscribedTo);
        });
        text.addSubmitListener(e -> {
            try {
                subscribedTo.submit(e.getClientId(), e.getClientSeq(), e.getBaseRev(), e.getTextOp());
            } catch (IllegalArgumentException | app.tandem.TandemException rejected) {
                TestSequencer.State s = subscribedTo.state();
                text.setState(s.text(), s.rev()); // rejected: start over from the server's text
            }
        });
        add(me, text, status);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        ui = attachEvent.getUI();
        subscribedTo = sequencer;
        subscribedTo.presence.put(this, AWAY);
        subscription = entry -> {
            inbox.add(entry);
            ui.access(this::drain);
        };
        TestSequencer.State state = subscribedTo.subscribe(subscription);
        text.setState(state.text(), state.rev());
        status.setText("rev " + state.rev());
        broadcastPresence(subscribedTo);
    }

    /** Every page gets the carets of the others (what the presence service does for a board). */
    private static void broadcastPresence(TestSequencer field) {
        for (CollabTextTestView view : field.presence.keySet()) {
            List<CollabText.RemoteCursor> others = field.presence.entrySet().stream()
                    .filter(e -> e.getKey() != view && e.getValue() != AWAY)
                    .map(Map.Entry::getValue)
                    .toList();
            view.ui.access(() -> view.text.setRemoteCursors(others));
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        subscribedTo.unsubscribe(subscription);
        subscribedTo.presence.remove(this);
        broadcastPresence(subscribedTo);
    }

    private void drain() {
        List<CollabText.Sequenced> batch = new ArrayList<>();
        for (CollabText.Sequenced e; (e = inbox.poll()) != null; ) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            text.applySequenced(batch);
            status.setText("rev " + batch.getLast().rev());
        }
    }
}
