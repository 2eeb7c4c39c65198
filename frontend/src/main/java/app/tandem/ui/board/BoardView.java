package app.tandem.ui.board;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.Column;
import app.tandem.cluster.engine.SequencedOp;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.FractionalIndex;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.template.BoardTemplate;
import app.tandem.domain.template.Templates;
import app.tandem.cluster.presence.Presence;
import app.tandem.ui.board.template.TemplateBoard;
import app.tandem.ui.board.template.TemplateBoards;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.MainLayout;
import app.tandem.ui.Notices;
import app.tandem.ui.UiServices;
import app.tandem.ui.collab.CollabText;
import app.tandem.ui.workspace.WorkspaceView;
import app.tandem.ui.workspace.WorkspacesView;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cycle board: the four columns of the joint practice development cycle side by side, live. The page follows
 * the board's ordered op stream through {@link LiveBoard} and draws from its copy of the document; adding, moving
 * and deleting a card send ops to the board's sequencer (which checks the role, so an observer's request is refused
 * on the server whatever the page shows). A card's title and notes are collaborative text fields: several people
 * type into them at once and nobody's keystrokes are overwritten. Undo and redo (buttons, Ctrl+Z, Ctrl+Shift+Z)
 * revert only this user's own changes.
 *
 * <p>The board document: the root's lists {@code PLAN}, {@code TRY}, {@code REVIEW}, {@code SHARE} hold the
 * cards (type {@code card}, texts {@code title} and {@code text}).
 */
@Route(value = "board/:id", layout = MainLayout.class)
public class BoardView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** Longest title typed in the add field; the collaborative fields are bounded by the engine's text limit. */
    public static final int MAX_TITLE = 200;
    static final String CARD = "card";
    static final String TITLE = "title";
    static final String TEXT = "text";

    private UUID boardId;
    private BoardInfo info;
    private boolean editable;
    private String pageTitle = "Board · Tandem";
    private LiveBoard live;
    private BoardPresence presence;
    private final Div presenceSlot = new Div();
    private CardEditor editor;
    /** The board of a template type (e.g. a sharing plan) instead of the cycle's columns; null for a cycle board. */
    private TemplateBoard templateBoard;
    private final Map<Column, ColumnView> columns = new EnumMap<>(Column.class);
    private final Button undo = new Button("Undo");
    private final Button redo = new Button("Redo");

    public BoardView() {
        setWidthFull();
        setPadding(true);
    }

    @Override
    public String getPageTitle() {
        return pageTitle;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        stopLive();
        removeAll();
        columns.clear();
        templateBoard = null;
        info = null;
        if (CurrentUser.get().isEmpty()) {
            return;
        }
        Account me = CurrentUser.require();
        boardId = event.getRouteParameters().get("id").flatMap(BoardView::parseId).orElse(null);
        Role role;
        try {
            if (boardId == null) {
                throw new TandemException(ErrorCode.NOT_FOUND, "No such board");
            }
            info = UiServices.get().workspaces().board(me, boardId);
            role = UiServices.get().workspaces().roleOnBoard(me, boardId);
        } catch (TandemException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                notFound();
            } else {
                Notices.error(e);
            }
            info = null;
            return;
        }
        editable = role.canEditBoards();
        pageTitle = info.title() + " · Tandem";
        build(role);
        startLive(event.getUI());
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        // Re-attached without a new navigation (e.g. the view was moved): pick the live stream up again.
        if (info != null && live == null) {
            startLive(attachEvent.getUI());
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopLive();
        super.onDetach(detachEvent);
    }

    private static Optional<UUID> parseId(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void notFound() {
        pageTitle = "Not found · Tandem";
        Paragraph p = new Paragraph("This board does not exist, or you are not a member of its workspace.");
        p.setId("not-found");
        add(p, new RouterLink("Back to your workspaces", WorkspacesView.class));
    }

    // ---- live state ------------------------------------------------------------------------------------------

    private void startLive(UI ui) {
        live = new LiveBoard(UiServices.get().engine(), boardId, CurrentUser.require(), ui, new LiveBoard.Listener() {
            @Override
            public void loaded(BoardDoc doc, long rev) {
                if (templateBoard != null) {
                    templateBoard.loaded();
                    if (editable && !templateBoard.isBuilt()) {
                        // A new board whose questions are not there yet: create them (idempotent, race-free).
                        TemplateBoards.seed(info, CurrentUser.require());
                    }
                }
                render();
            }

            @Override
            public void applied(List<SequencedOp> ops) {
                render();
                if (editor != null) {
                    editor.relay(ops);
                }
                if (templateBoard != null) {
                    templateBoard.relay(ops);
                }
            }
        });
        live.start();
        presence = new BoardPresence(UiServices.get().presence(), boardId, live.clientId(), this::presenceChanged);
        presenceSlot.removeAll();
        presenceSlot.add(presence);
        presence.start(ui, CurrentUser.require());
    }

    private void presenceChanged() {
        if (live != null && live.doc() != null) {
            render();
        }
        if (editor != null) {
            editor.showCursors();
        }
        if (templateBoard != null) {
            templateBoard.showCursors();
        }
    }

    /** Completes once this view receives every later op of its board (tests wait for it). */
    CompletionStage<Void> liveReady() {
        return live == null ? CompletableFuture.completedFuture(null) : live.ready();
    }

    /** The page's copy of the board (null before it loaded). */
    BoardDoc doc() {
        return live == null ? null : live.doc();
    }

    private void stopLive() {
        if (editor != null) {
            editor.close();
        }
        if (presence != null) {
            presence.close();
            presence = null;
        }
        if (live != null) {
            live.close();
            live = null;
        }
    }

    private void render() {
        BoardDoc doc = live.doc();
        if (templateBoard != null) {
            templateBoard.render();
        } else {
            for (Column c : Column.values()) {
                columns.get(c).show(doc, doc.children(BoardDoc.ROOT, c.name()), presence);
            }
        }
        undo.setEnabled(editable && live.canUndo());
        redo.setEnabled(editable && live.canRedo());
    }

    private void send(Op op) {
        if (live != null && editable) {
            live.submit(op);
        }
    }

    private void undo() {
        if (live != null && editable) {
            live.undo();
            render();
        }
    }

    private void redo() {
        if (live != null && editable) {
            live.redo();
            render();
        }
    }

    /** A fresh position at the end of a list. */
    private static String endOf(BoardDoc doc, List<String> ids) {
        return ids.isEmpty() ? FractionalIndex.first() : FractionalIndex.after(doc.pos(ids.getLast()));
    }

    // ---- layout ----------------------------------------------------------------------------------------------

    private void build(Role role) {
        RouterLink back = new RouterLink("← Workspace", WorkspaceView.class,
                new RouteParameters("id", info.workspaceId().toString()));
        back.setId("workspace-link");
        H2 heading = new H2(info.title());
        heading.setId("board-heading");
        heading.addClassNames(LumoUtility.Margin.NONE);
        Span roleBadge = new Span(role.label());
        roleBadge.getElement().getThemeList().add("badge");
        roleBadge.setId("board-role");
        HorizontalLayout head = new HorizontalLayout(FlexComponent.Alignment.BASELINE, heading, roleBadge,
                presenceSlot);
        if (editable) {
            undo.setId("undo");
            undo.setTooltipText("Undo your last change (Ctrl+Z). Other people's changes are never undone.");
            undo.addClickListener(e -> undo());
            redo.setId("redo");
            redo.setTooltipText("Redo (Ctrl+Shift+Z)");
            redo.addClickListener(e -> redo());
            undo.setEnabled(false);
            redo.setEnabled(false);
            undo.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            redo.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            head.add(undo, redo);
            Shortcuts.addShortcutListener(this, this::undo, Key.KEY_Z, KeyModifier.CONTROL);
            Shortcuts.addShortcutListener(this, this::redo, Key.KEY_Z, KeyModifier.CONTROL, KeyModifier.SHIFT);
        }
        add(back, head);
        if (!editable) {
            Span readOnly = new Span("You are an observer here: you can read the board but not change it.");
            readOnly.setId("read-only-notice");
            readOnly.addClassNames(LumoUtility.TextColor.SECONDARY);
            add(readOnly);
        }
        Optional<BoardTemplate> template = Templates.forType(info.type());
        if (template.isPresent()) {
            templateBoard = new TemplateBoard(template.get(), templateLive, editable);
            add(templateBoard);
            return;
        }
        add(cycleHelp());

        HorizontalLayout row = new HorizontalLayout();
        row.setId("board-columns");
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.START);
        // Side by side when there is room; on narrow screens the columns wrap instead of overlapping.
        row.setWrap(true);
        for (Column c : Column.values()) {
            ColumnView view = new ColumnView(c);
            columns.put(c, view);
            row.add(view);
        }
        add(row);
    }

    /**
     * Where the columns come from. Fielding et al. (2005) found that teachers rarely copy a "good practice"; they
     * develop practice jointly through experiential, reflective and contextual activities
     * (../shared/seeds/003_802d58591afd6b76.txt L592-673). Plan / Try / Review / Share is Tandem's arrangement of
     * those activities into one repeating cycle; the report does not prescribe these four steps.
     */
    private static Details cycleHelp() {
        Paragraph p1 = new Paragraph("Plan together, try it in class, review what happened, share what you learnt "
                + "— then go round again. Move cards along as the work moves.");
        Paragraph p2 = new Paragraph("The idea behind it is joint practice development (Fielding et al. 2005, "
                + "Factors Influencing the Transfer of Good Practice, DfES Research Report RR615): teachers rarely "
                + "copy someone's \"good practice\"; they extend their own repertoire by working with a colleague "
                + "over time. The report groups the activities that help into experiential learning (co-teaching, "
                + "lesson observation, joint planning, practical workshops), reflective learning (meetings on "
                + "shared problems, seminars, \"carousel\" sharing with resources, support for confidence) and "
                + "contextual support (policy, shared resources and funding, technical help). The four columns "
                + "are Tandem's way of arranging those activities into a cycle.");
        Details d = new Details("Where does this cycle come from?", new Div(p1, p2));
        d.setId("cycle-help");
        d.addClassNames(LumoUtility.FontSize.SMALL);
        return d;
    }

    /** One column: heading, its cards in order, and (for editors) a field to add a card at the end. */
    private final class ColumnView extends VerticalLayout {
        private final Column column;
        private final Div cards = new Div();
        private final Span count = new Span("0");
        private final TextField newTitle = new TextField();
        private final Button add = new Button("Add");
        private List<String> current = List.of();

        ColumnView(Column column) {
            this.column = column;
            setId("column-" + column.name());
            addClassName("board-column");
            setPadding(true);
            setSpacing(true);
            getStyle().set("flex", "1 1 16em");
            setMinWidth("16em");
            addClassNames(LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE);

            H3 heading = new H3(column.label());
            heading.addClassNames(LumoUtility.Margin.NONE);
            count.getElement().getThemeList().add("badge contrast pill");
            count.addClassName("card-count");
            count.setTitle("cards in " + column.label());
            add(new HorizontalLayout(FlexComponent.Alignment.BASELINE, heading, count));

            cards.addClassName("cards");
            cards.setWidthFull();
            cards.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)");
            add(cards);

            if (editable) {
                newTitle.setId("new-card-" + column.name());
                newTitle.setPlaceholder("New card in " + column.label());
                newTitle.setAriaLabel("Title of a new card in " + column.label());
                newTitle.setMaxLength(MAX_TITLE);
                newTitle.setWidthFull();
                newTitle.setMinWidth("6em");
                add.setId("add-card-" + column.name());
                add.setAriaLabel("Add card to " + column.label());
                add.addClickListener(e -> addCard());
                add.addClickShortcut(Key.ENTER).listenOn(newTitle);
                HorizontalLayout adder = new HorizontalLayout(newTitle, add);
                adder.setWidthFull();
                adder.setFlexGrow(1, newTitle);
                add(adder);
            }
        }

        void show(BoardDoc doc, List<String> ids, BoardPresence presence) {
            current = ids;
            count.setText(Integer.toString(ids.size()));
            cards.removeAll();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                CardView view = new CardView(id, doc.text(id, TITLE), doc.text(id, TEXT), column, i, ids.size(),
                        editable, actions);
                if (presence != null) {
                    view.showEditors(presence.focusedOn(id, null));
                }
                cards.add(view);
            }
        }

        private void addCard() {
            String title = newTitle.getValue().trim();
            if (title.isEmpty()) {
                newTitle.focus();
                return;
            }
            BoardDoc doc = live.doc();
            String id = LiveBoard.newClientId("c");
            send(new Op.Create(id, CARD, BoardDoc.ROOT, column.name(), endOf(doc, current), Map.of(),
                    Map.of(TITLE, title)));
            newTitle.clear();
        }
    }

    /** What a template board reaches of this page: its live copy, undo/redo and presence. */
    private final TemplateBoard.Live templateLive = new TemplateBoard.Live() {
        @Override
        public BoardDoc doc() {
            return live == null ? null : live.doc();
        }

        @Override
        public long rev() {
            return live.rev();
        }

        @Override
        public void submit(Op op) {
            send(op);
        }

        @Override
        public CompletionStage<?> submitText(String textClientId, long clientSeq, long baseRev, String opJson) {
            return live.submitText(textClientId, clientSeq, baseRev, opJson);
        }

        @Override
        public void adopt(String textClientId) {
            live.adopt(textClientId);
        }

        @Override
        public String newClientId() {
            return LiveBoard.newClientId("t");
        }

        @Override
        public void undo() {
            BoardView.this.undo();
        }

        @Override
        public void redo() {
            BoardView.this.redo();
        }

        @Override
        public void focus(String node, String field, Integer anchor, Integer head) {
            if (presence != null) {
                presence.focus(node, field, anchor, head);
            }
        }

        @Override
        public List<Presence> focusedOn(String node, String field) {
            return presence == null ? List.of() : presence.focusedOn(node, field);
        }
    };

    /** The template board, if this board is of a template type (tests). */
    TemplateBoard templateBoard() {
        return templateBoard;
    }

    private final CardView.Actions actions = new CardView.Actions() {
        @Override
        public void edit(String card) {
            openEditor(card);
        }

        @Override
        public void moveToColumn(String card, Column target) {
            // Into the other column at its end: that is where a card moving on in the cycle belongs.
            send(new Op.Move(card, BoardDoc.ROOT, target.name(), endOf(live.doc(), columns.get(target).current)));
        }

        @Override
        public void moveWithin(String card, Column column, int delta) {
            BoardDoc doc = live.doc();
            List<String> list = columns.get(column).current;
            int index = list.indexOf(card);
            int to = index + delta;
            if (index < 0 || to < 0 || to >= list.size()) {
                return;
            }
            // Between the neighbours on the far side of the target slot.
            String lo = delta < 0 ? (to == 0 ? null : doc.pos(list.get(to - 1))) : doc.pos(list.get(to));
            String hi = delta < 0 ? doc.pos(list.get(to)) : (to == list.size() - 1 ? null : doc.pos(list.get(to + 1)));
            send(new Op.Move(card, BoardDoc.ROOT, column.name(), FractionalIndex.between(lo, hi)));
        }

        @Override
        public void delete(String card) {
            ConfirmDialog dialog = new ConfirmDialog();
            dialog.setId("confirm-delete-card");
            dialog.setHeader("Delete “" + live.doc().text(card, TITLE) + "”?");
            dialog.setText("The card is removed for everyone on this board. You can undo it.");
            dialog.setCancelable(true);
            dialog.setConfirmText("Delete");
            dialog.setConfirmButtonTheme("error primary");
            dialog.addConfirmListener(e -> send(new Op.Delete(card)));
            dialog.open();
        }
    };

    private void openEditor(String card) {
        if (editor != null) {
            editor.close();
        }
        editor = new CardEditor(card);
        editor.open();
    }

    /**
     * The card's title and notes as collaborative text fields, live: whoever else has the card open types into the
     * same fields at the same time. The fields send their ops to the sequencer themselves (through the page's
     * {@link LiveBoard}, which counts them as this user's for undo); the page relays the board's stream to them.
     */
    private final class CardEditor {
        private final String card;
        private final Dialog dialog = new Dialog();
        private final CollabText title = new CollabText(LiveBoard.newClientId("t"));
        private final CollabText text = new CollabText(LiveBoard.newClientId("t"));

        CardEditor(String card) {
            this.card = card;
            dialog.setId("card-editor");
            dialog.setHeaderTitle("Edit card");
            dialog.setWidth("36em");
            title.setId("edit-card-title");
            title.setLabel("Title");
            text.setId("edit-card-text");
            text.setLabel("Notes");
            text.setMinHeight("10em");
            for (CollabText field : List.of(title, text)) {
                String name = field == title ? TITLE : TEXT;
                field.setWidthFull();
                field.setReadOnly(!editable);
                field.setState(live.doc().text(card, name), live.rev());
                live.adopt(field.getClientId());
                field.addSubmitListener(e -> submit(field, name, e));
                field.addUndoListener(e -> undo());
                field.addRedoListener(e -> redo());
                field.addSelectionListener(e -> {
                    if (presence != null) {
                        if (e.isFocused()) {
                            presence.focus(card, name, e.getAnchor(), e.getHead());
                        } else {
                            presence.focus(null, null, null, null);
                        }
                    }
                });
            }
            dialog.add(new VerticalLayout(title, text));
            showCursors();
            Paragraph hint = new Paragraph("Changes are saved as you type and everyone on the board sees them.");
            hint.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            dialog.add(hint);
            Button done = new Button("Done", e -> close());
            done.setId("edit-card-done");
            done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            dialog.getFooter().add(done);
            dialog.addOpenedChangeListener(e -> {
                if (!e.isOpened()) {
                    close();
                }
            });
        }

        void open() {
            dialog.open();
        }

        private void submit(CollabText field, String name, CollabText.SubmitEvent e) {
            String opJson;
            try {
                opJson = OpJson.write(new Op.TextEdit(card, name, OpJson.textOp(e.getTextOpNode())));
            } catch (TandemException bad) {
                Notices.error(bad);
                field.setState(live.doc().text(card, name), live.rev());
                return;
            }
            live.submitText(e.getClientId(), e.getClientSeq(), e.getBaseRev(), opJson).exceptionally(failure -> {
                // Refused (e.g. too long): the field starts over from the board as it is; the notice says why.
                getUI().ifPresent(ui -> ui.access(() -> {
                    if (live != null && live.doc().has(card)) {
                        field.setState(live.doc().text(card, name), live.rev());
                    }
                }));
                return null;
            });
        }

        /** Other people's carets and selections in the two fields, from presence. */
        void showCursors() {
            if (presence == null) {
                return;
            }
            for (CollabText field : List.of(title, text)) {
                String name = field == title ? TITLE : TEXT;
                field.setRemoteCursors(presence.focusedOn(card, name).stream()
                        .filter(p -> p.anchor() != null && p.head() != null)
                        .map(p -> new CollabText.RemoteCursor(p.sessionId(), p.name(), p.colour(), p.anchor(), p.head()))
                        .toList());
            }
        }

        /** In the UI: the board's stream, after the page's copy applied it. */
        void relay(List<SequencedOp> ops) {
            if (!live.doc().has(card)) {
                Notices.info("Someone deleted this card.");
                close();
                return;
            }
            List<Op> parsed = ops.stream().map(s -> OpJson.parse(s.opJson())).toList();
            for (CollabText field : List.of(title, text)) {
                String name = field == title ? TITLE : TEXT;
                List<CollabText.Sequenced> batch = new ArrayList<>(ops.size());
                for (int i = 0; i < ops.size(); i++) {
                    SequencedOp s = ops.get(i);
                    Op op = parsed.get(i);
                    String textOp = op instanceof Op.TextEdit t && t.node().equals(card) && t.field().equals(name)
                            ? OpJson.write(t.ops()) : null;
                    batch.add(new CollabText.Sequenced(s.rev(), s.clientId(), s.clientSeq(), textOp));
                }
                field.applySequenced(batch);
            }
        }

        void close() {
            if (editor == this) {
                editor = null;
                if (presence != null) {
                    presence.focus(null, null, null, null);
                }
            }
            dialog.close();
        }
    }
}
