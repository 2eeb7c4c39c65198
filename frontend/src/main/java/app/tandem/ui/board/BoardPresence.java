package app.tandem.ui.board;

import app.tandem.auth.Account;
import app.tandem.cluster.presence.Presence;
import app.tandem.cluster.presence.PresenceEvent;
import app.tandem.cluster.presence.PresenceRegistry;
import app.tandem.ui.UiPump;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who else is on the board, for one page: this page's own session (joined on start, kept alive by the registry
 * on this node, left on close) and everybody's sessions from the cluster-wide registry, drawn as avatars ({@code #presence}).
 * The page asks it who is focused on a card or field to highlight it and to draw remote carets. All state is
 * touched in the UI thread only; presence events arrive through a {@link UiPump}.
 */
final class BoardPresence extends HorizontalLayout implements AutoCloseable {
    private final PresenceRegistry registry;
    private final UUID boardId;
    private final String sessionId;
    private final Runnable changed;
    private final Map<String, Presence> sessions = new LinkedHashMap<>();
    private UiPump<PresenceEvent> pump;
    private AutoCloseable subscription;

    /** {@code changed} runs in the UI after every change of anyone's presence (the page redraws highlights). */
    BoardPresence(PresenceRegistry registry, UUID boardId, String sessionId, Runnable changed) {
        this.registry = registry;
        this.boardId = boardId;
        this.sessionId = sessionId;
        this.changed = changed;
        setId("presence");
        setSpacing(false);
        getStyle().set("gap", "var(--lumo-space-xs)");
    }

    void start(UI ui, Account me) {
        pump = new UiPump<>(ui, this::onEvents);
        subscription = registry.subscribe(boardId, e -> pump.offer(List.of(e)));
        registry.ready(boardId)
                .thenCompose(v -> registry.join(boardId, sessionId, me.id(), me.displayName()))
                .thenCompose(v -> registry.list(boardId))
                .thenAccept(list -> pump.inUi(() -> {
                    list.forEach(p -> sessions.put(p.sessionId(), p));
                    redraw();
                }));
    }

    /** This page's focus moved (null node: nothing focused) or its text selection changed. */
    void focus(String node, String field, Integer anchor, Integer head) {
        registry.update(boardId, sessionId, node, field, anchor, head);
    }

    /** Other sessions focused on {@code node} (any field when {@code field} is null). */
    List<Presence> focusedOn(String node, String field) {
        List<Presence> out = new ArrayList<>();
        for (Presence p : sessions.values()) {
            if (!p.sessionId().equals(sessionId) && Objects.equals(p.focusNode(), node)
                    && (field == null || Objects.equals(p.focusField(), field))) {
                out.add(p);
            }
        }
        return out;
    }

    private void onEvents(List<PresenceEvent> events) {
        for (PresenceEvent e : events) {
            if (e.kind() == PresenceEvent.Kind.LEFT) {
                sessions.remove(e.presence().sessionId());
            } else {
                sessions.put(e.presence().sessionId(), e.presence());
            }
        }
        redraw();
    }

    private void redraw() {
        removeAll();
        // One avatar per person, however many tabs they have open.
        Map<UUID, Presence> people = new LinkedHashMap<>();
        sessions.values().stream().sorted(Comparator.comparing(p -> String.valueOf(p.name())))
                .forEach(p -> people.putIfAbsent(p.accountId(), p));
        for (Presence p : people.values()) {
            add(avatar(p));
        }
        changed.run();
    }

    static Span avatar(Presence p) {
        String name = p.name() == null ? "?" : p.name();
        Span a = new Span(initials(name));
        a.addClassName("presence-avatar");
        a.getElement().setAttribute("data-account-id", p.accountId().toString());
        a.getElement().setAttribute("title", name + " is on this board");
        a.getElement().setAttribute("aria-label", name + " is on this board");
        a.getStyle().set("background", p.colour()).set("color", "white").set("border-radius", "50%")
                .set("width", "2em").set("height", "2em").set("display", "inline-flex")
                .set("align-items", "center").set("justify-content", "center")
                .set("font-size", "var(--lumo-font-size-s)").set("font-weight", "600");
        return a;
    }

    static String initials(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.trim().split("\\s+")) {
            if (!part.isEmpty() && out.length() < 2) {
                out.appendCodePoint(part.codePointAt(0));
            }
        }
        return out.isEmpty() ? "?" : out.toString().toUpperCase();
    }

    @Override
    public void close() {
        if (pump != null) {
            pump.close();
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // the node is shutting down
            }
        }
        registry.leave(boardId, sessionId);
    }
}
