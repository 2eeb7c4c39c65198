package app.tandem.ui.board.template;

import app.tandem.TandemException;
import app.tandem.cluster.engine.SequencedOp;
import app.tandem.cluster.presence.Presence;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.domain.template.BoardTemplate;
import app.tandem.domain.template.BoardTemplate.Question;
import app.tandem.domain.template.BoardTemplate.Section;
import app.tandem.ui.Notices;
import app.tandem.ui.collab.CollabText;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A template board (e.g. the sharing plan), live: every section and question of the template in order, each
 * answer co-edited through the engine. Free-text answers are collaborative text fields fed by the board's ordered
 * stream (exactly as the cycle board's card editor); picks and choices are scalar fields (last write wins). The
 * page that hosts it ({@code BoardView}) owns the live copy, undo/redo and presence, reached through {@link Live}.
 *
 * <p>Ids: {@code #template-board}, {@code #section-<section>}, {@code #answer-<question>} (a collaborative text
 * field, or a select for a choice), {@code #pick-<question>} (a checkbox), {@code #per-<picked>} (the per-pick
 * panel) with {@code #answer-<question>--<picked>} inside.
 */
public final class TemplateBoard extends VerticalLayout {

    /** What the board needs from its page. All calls in the UI thread. */
    public interface Live {
        BoardDoc doc();

        long rev();

        void submit(Op op);

        CompletionStage<?> submitText(String textClientId, long clientSeq, long baseRev, String opJson);

        /** Registers a text field's clientId as this user's (for undo). */
        void adopt(String textClientId);

        String newClientId();

        void undo();

        void redo();

        void focus(String node, String field, Integer anchor, Integer head);

        /** Other sessions focused on a node's field. */
        List<Presence> focusedOn(String node, String field);
    }

    /** One collaborative answer on the page: which node and text field it edits. */
    private record Bound(String node, String field, CollabText text) {
    }

    private final BoardTemplate template;
    private final Live live;
    private final boolean editable;
    private final Map<String, Bound> texts = new LinkedHashMap<>();
    private final Map<String, Checkbox> picks = new LinkedHashMap<>();
    private final Map<String, Select<String>> choices = new LinkedHashMap<>();
    /** Per-pick sections: their body, and the panel shown for each picked item. */
    private final Map<String, Div> perPickBodies = new LinkedHashMap<>();
    private final Map<String, Div> perPickPanels = new LinkedHashMap<>();
    private final Paragraph preparing = new Paragraph("Setting up the questions…");
    private boolean built;

    public TemplateBoard(BoardTemplate template, Live live, boolean editable) {
        this.template = template;
        this.live = live;
        this.editable = editable;
        setId("template-board");
        getElement().setAttribute("data-template", template.id());
        setPadding(false);
        setWidthFull();
        setMaxWidth("60em");
        Details help = new Details("About this " + template.name().toLowerCase(), new Paragraph(template.help()));
        help.setId("template-help");
        help.addClassNames(LumoUtility.FontSize.SMALL);
        preparing.setId("template-preparing");
        add(help, preparing);
    }

    /** Whether the template's nodes are on the page (false while the board is being seeded). */
    public boolean isBuilt() {
        return built;
    }

    /** After the page's copy changed (load, stream, undo): build once seeded, then show picks and choices. */
    public void render() {
        BoardDoc doc = live.doc();
        if (doc == null) {
            return;
        }
        if (!built) {
            if (!template.isSeeded(doc)) {
                return;
            }
            build();
        }
        for (Map.Entry<String, Checkbox> e : picks.entrySet()) {
            boolean chosen = doc.has(e.getKey()) && Boolean.TRUE.equals(doc.field(e.getKey(), BoardTemplate.CHOSEN));
            if (e.getValue().getValue() != chosen) {
                e.getValue().setValue(chosen);
            }
        }
        for (Map.Entry<String, Select<String>> e : choices.entrySet()) {
            Object v = doc.field(e.getKey(), BoardTemplate.ANSWER);
            String value = v == null ? null : String.valueOf(v);
            if (!Objects.equals(e.getValue().getValue(), value)) {
                e.getValue().setValue(value);
            }
        }
        for (Section s : template.sections()) {
            if (s.perPickOf() != null) {
                showPerPick(s, doc);
            }
        }
    }

    private void build() {
        built = true;
        remove(preparing);
        for (Section s : template.sections()) {
            VerticalLayout section = new VerticalLayout();
            section.setId("section-" + s.id());
            section.addClassName("template-section");
            section.setPadding(false);
            H3 title = new H3(s.title());
            title.addClassNames(LumoUtility.Margin.Top.MEDIUM, LumoUtility.Margin.Bottom.NONE);
            section.add(title);
            if (s.intro() != null) {
                Paragraph intro = new Paragraph(s.intro());
                intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
                section.add(intro);
            }
            if (s.perPickOf() != null) {
                Div body = new Div();
                body.setWidthFull();
                perPickBodies.put(s.id(), body);
                section.add(body);
            } else {
                for (Question q : s.questions()) {
                    section.add(question(q));
                }
            }
            add(section);
        }
    }

    private com.vaadin.flow.component.Component question(Question q) {
        String node = BoardTemplate.questionNode(q);
        return switch (q.kind()) {
            case TEXT -> text("answer-" + q.id(), q.text(), node, BoardTemplate.ANSWER);
            case CHOICE -> {
                Select<String> select = new Select<>();
                select.setId("answer-" + q.id());
                select.setLabel(q.text());
                select.setItems(q.options());
                select.setEmptySelectionAllowed(true);
                select.setReadOnly(!editable);
                select.addValueChangeListener(e -> {
                    if (e.isFromClient()) {
                        live.submit(new Op.SetField(node, BoardTemplate.ANSWER, e.getValue()));
                    }
                });
                choices.put(node, select);
                yield select;
            }
            case PICK -> {
                Checkbox box = new Checkbox(q.text());
                box.setId("pick-" + q.id());
                box.addClassName("template-pick");
                box.setReadOnly(!editable);
                box.addValueChangeListener(e -> {
                    if (e.isFromClient()) {
                        live.submit(new Op.SetField(node, BoardTemplate.CHOSEN, e.getValue()));
                    }
                });
                picks.put(node, box);
                UnorderedList notes = new UnorderedList();
                notes.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY,
                        LumoUtility.Margin.Vertical.NONE);
                for (String n : q.notes()) {
                    notes.add(new ListItem(n));
                }
                Div item = new Div(box, notes);
                item.addClassName("template-pick-item");
                yield item;
            }
        };
    }

    private CollabText text(String id, String label, String node, String field) {
        CollabText text = new CollabText(live.newClientId());
        text.setId(id);
        text.addClassName("template-answer");
        text.setLabel(label);
        text.setWidthFull();
        text.setReadOnly(!editable);
        text.setState(live.doc().text(node, field), live.rev());
        live.adopt(text.getClientId());
        text.addSubmitListener(e -> submit(text, node, field, e));
        text.addUndoListener(e -> live.undo());
        text.addRedoListener(e -> live.redo());
        text.addSelectionListener(e -> {
            if (e.isFocused()) {
                live.focus(node, field, e.getAnchor(), e.getHead());
            } else {
                live.focus(null, null, null, null);
            }
        });
        texts.put(id, new Bound(node, field, text));
        showCursors(texts.get(id));
        return text;
    }

    /**
     * The per-pick section: one panel per picked item, in template order. Panels of items still picked stay as
     * they are (someone may be typing in them); an unpicked item's panel goes, its answers stay in the document.
     */
    private void showPerPick(Section s, BoardDoc doc) {
        Section pickSection = template.section(s.perPickOf()).orElseThrow();
        List<Question> picked = template.picked(doc, pickSection);
        Div body = perPickBodies.get(s.id());
        List<String> pickedIds = picked.stream().map(Question::id).toList();
        // Remove panels of items no longer picked (and their fields).
        for (String key : new ArrayList<>(perPickPanels.keySet())) {
            String[] parts = key.split("/", 2);
            if (parts[0].equals(s.id()) && !pickedIds.contains(parts[1])) {
                body.remove(perPickPanels.remove(key));
                texts.keySet().removeIf(k -> k.endsWith("--" + parts[1])
                        && s.questions().stream().anyMatch(q -> k.equals("answer-" + q.id() + "--" + parts[1])));
            }
        }
        body.getChildren().filter(c -> c.hasClassName("template-none-picked")).toList().forEach(body::remove);
        if (picked.isEmpty()) {
            Paragraph none = new Paragraph("Pick one or more approaches in “" + pickSection.title()
                    + "”; its questions are then answered here for each approach you picked.");
            none.addClassName("template-none-picked");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            body.add(none);
            return;
        }
        int index = 0;
        for (Question item : picked) {
            String key = s.id() + "/" + item.id();
            if (perPickPanels.containsKey(key)) {
                index++;
                continue;
            }
            String itemNode = BoardTemplate.questionNode(item);
            Div panel = new Div();
            panel.setId("per-" + item.id());
            panel.addClassName("template-per-pick");
            panel.addClassNames(LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE,
                    LumoUtility.Padding.MEDIUM, LumoUtility.Margin.Bottom.SMALL);
            H4 heading = new H4(item.text());
            heading.addClassNames(LumoUtility.Margin.Top.NONE);
            panel.add(heading);
            for (Question q : s.questions()) {
                panel.add(text("answer-" + q.id() + "--" + item.id(), q.text(), itemNode, BoardTemplate.perPickField(q)));
            }
            body.addComponentAtIndex(index++, panel);
            perPickPanels.put(key, panel);
        }
    }

    private void submit(CollabText field, String node, String name, CollabText.SubmitEvent e) {
        String opJson;
        try {
            opJson = OpJson.write(new Op.TextEdit(node, name, OpJson.textOp(e.getTextOpNode())));
        } catch (TandemException bad) {
            Notices.error(bad);
            field.setState(live.doc().text(node, name), live.rev());
            return;
        }
        live.submitText(e.getClientId(), e.getClientSeq(), e.getBaseRev(), opJson).exceptionally(failure -> {
            // Refused (e.g. too long): the field starts over from the board as it is; the notice says why.
            field.getUI().ifPresent(ui -> ui.access(() -> {
                if (live.doc() != null && live.doc().has(node)) {
                    field.setState(live.doc().text(node, name), live.rev());
                }
            }));
            return null;
        });
    }

    /** The page (re)loaded the board: every answer field starts over from the loaded document. */
    public void loaded() {
        if (!built) {
            render();
            return;
        }
        for (Bound b : texts.values()) {
            live.adopt(b.text().getClientId());
            b.text().setState(live.doc().text(b.node(), b.field()), live.rev());
        }
        render();
    }

    /** In the UI: the board's stream, after the page's copy applied it (and {@link #render} ran). */
    public void relay(List<SequencedOp> ops) {
        if (!built || texts.isEmpty()) {
            return;
        }
        List<Op> parsed = ops.stream().map(s -> OpJson.parse(s.opJson())).toList();
        for (Bound b : texts.values()) {
            List<CollabText.Sequenced> batch = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                SequencedOp s = ops.get(i);
                String textOp = parsed.get(i) instanceof Op.TextEdit t && t.node().equals(b.node())
                        && t.field().equals(b.field()) ? OpJson.write(t.ops()) : null;
                batch.add(new CollabText.Sequenced(s.rev(), s.clientId(), s.clientSeq(), textOp));
            }
            b.text().applySequenced(batch);
        }
    }

    /** Other people's carets and selections in the answers, from presence. */
    public void showCursors() {
        texts.values().forEach(this::showCursors);
    }

    private void showCursors(Bound b) {
        b.text().setRemoteCursors(live.focusedOn(b.node(), b.field()).stream()
                .filter(p -> p.anchor() != null && p.head() != null)
                .map(p -> new CollabText.RemoteCursor(p.sessionId(), p.name(), p.colour(), p.anchor(), p.head()))
                .toList());
    }

    /** The collaborative answer field with this id (tests, and the page's focus handling). */
    public CollabText answer(String id) {
        Bound b = texts.get(id);
        return b == null ? null : b.text();
    }
}
