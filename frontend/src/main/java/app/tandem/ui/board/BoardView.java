package app.tandem.ui.board;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.BoardSnapshot;
import app.tandem.cluster.BoardSubscription;
import app.tandem.cluster.Card;
import app.tandem.cluster.CardChange;
import app.tandem.cluster.Column;
import app.tandem.cluster.LiveBoards;
import app.tandem.domain.BoardInfo;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.MainLayout;
import app.tandem.ui.Notices;
import app.tandem.ui.UiServices;
import app.tandem.ui.workspace.WorkspaceView;
import app.tandem.ui.workspace.WorkspacesView;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
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
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cycle board: the four columns of the joint practice development cycle side by side, live. Every change goes
 * through {@link app.tandem.cluster.LiveBoards} (which checks the role, so an observer's request is refused on
 * the server whatever the page shows), and every snapshot, this user's or anyone else's on any node, is drawn the
 * same way through {@link LiveFeed}. The page never edits its own copy of the board.
 */
@Route(value = "board/:id", layout = MainLayout.class)
public class BoardView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** Same limits as the board state enforces; the fields stop typing there instead of failing on save. */
    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 10_000;

    private UUID boardId;
    private BoardInfo info;
    private boolean editable;
    private String pageTitle = "Board · Tandem";
    private LiveFeed feed;
    private CompletionStage<Void> liveReady = CompletableFuture.completedFuture(null);
    private long renderedVersion = -1;
    private BoardSnapshot shown;
    private final Map<Column, ColumnView> columns = new EnumMap<>(Column.class);

    public BoardView() {
        setWidthFull();
        setPadding(true);
    }

    @Override
    public String getPageTitle() {
        return pageTitle;
    }

    /** The snapshot on screen (null before the first one arrived). */
    BoardSnapshot shown() {
        return shown;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        stopLive();
        removeAll();
        columns.clear();
        renderedVersion = -1;
        shown = null;
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
        // Re-attached without a new navigation (e.g. the view was moved): pick the live feed up again.
        if (info != null && feed == null) {
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

    /**
     * Subscribe first, then load: a change landing in between is then seen either way (versions dedupe). On a
     * cluster the event-bus registration spreads asynchronously, so once the subscription reports it is ready the
     * board is loaded once more: a change sequenced before that moment is in the second load, every later one
     * arrives through the subscription. The first load is for a fast first paint.
     */
    private void startLive(UI ui) {
        LiveFeed f = new LiveFeed(ui, ui.getSession().getService().getExecutor(), this::render);
        feed = f;
        UUID id = boardId;
        Account me = CurrentUser.require();
        LiveBoards live = UiServices.get().boards();
        AutoCloseable subscription = live.subscribe(id, f::offer);
        f.subscribedAs(subscription);
        deliver(live.load(me, id), null);
        if (subscription instanceof BoardSubscription s) {
            // A failure here was already reported by the first load (same checks), so it is not shown twice.
            liveReady = s.ready().thenCompose(ignored -> live.load(me, id)).thenAccept(f::offer);
        } else {
            liveReady = CompletableFuture.completedFuture(null);
        }
    }

    /** Completes once this view receives every later change of its board (tests wait for it). */
    CompletionStage<Void> liveReady() {
        return liveReady;
    }

    private void stopLive() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** Routes a LiveBoards result to the screen; {@code onSuccess} (may be null) runs in the UI after rendering. */
    private void deliver(CompletionStage<BoardSnapshot> result, Runnable onSuccess) {
        LiveFeed f = feed;
        if (f == null) {
            return;
        }
        result.whenComplete((snapshot, failure) -> {
            if (failure != null) {
                f.inUi(() -> Notices.error(failure));
                return;
            }
            f.offer(snapshot);
            if (onSuccess != null) {
                f.inUi(onSuccess::run);
            }
        });
    }

    private void send(CardChange change, Runnable onSuccess) {
        if (feed == null) {
            return;
        }
        CompletionStage<BoardSnapshot> result;
        try {
            result = UiServices.get().boards().apply(CurrentUser.require(), boardId, change);
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        deliver(result, onSuccess);
    }

    void render(BoardSnapshot snapshot) {
        if (snapshot.version() <= renderedVersion) {
            return;
        }
        renderedVersion = snapshot.version();
        shown = snapshot;
        Map<Column, List<Card>> byColumn = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            byColumn.put(c, new ArrayList<>());
        }
        for (Card card : snapshot.cards()) {
            byColumn.get(card.column()).add(card);
        }
        for (Column c : Column.values()) {
            List<Card> cards = byColumn.get(c);
            cards.sort(Comparator.comparingDouble(Card::position).thenComparing(Card::id));
            columns.get(c).show(cards);
        }
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
        HorizontalLayout head = new HorizontalLayout(FlexComponent.Alignment.BASELINE, heading, roleBadge);
        add(back, head);
        if (!editable) {
            Span readOnly = new Span("You are an observer here: you can read the board but not change it.");
            readOnly.setId("read-only-notice");
            readOnly.addClassNames(LumoUtility.TextColor.SECONDARY);
            add(readOnly);
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
        private List<Card> current = List.of();

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

        void show(List<Card> list) {
            current = list;
            count.setText(Integer.toString(list.size()));
            cards.removeAll();
            for (int i = 0; i < list.size(); i++) {
                cards.add(new CardView(list.get(i), i, list.size(), editable, actions));
            }
        }

        private void addCard() {
            String title = newTitle.getValue().trim();
            if (title.isEmpty()) {
                newTitle.focus();
                return;
            }
            send(new CardChange.AddCard(column, title, ""), () -> {
                if (newTitle.getValue().trim().equals(title)) {
                    newTitle.clear();
                }
            });
        }
    }

    private final CardView.Actions actions = new CardView.Actions() {
        @Override
        public void edit(Card card) {
            openEditor(card);
        }

        @Override
        public void moveToColumn(Card card, Column target) {
            // Into the other column at its end: that is where a card moving on in the cycle belongs.
            int end = columns.get(target).current.size();
            send(new CardChange.MoveCard(card.id(), target, end), null);
        }

        @Override
        public void moveWithin(Card card, int delta) {
            List<Card> list = columns.get(card.column()).current;
            int index = indexOf(list, card.id());
            int to = index + delta;
            if (index < 0 || to < 0 || to >= list.size()) {
                return;
            }
            send(new CardChange.MoveCard(card.id(), card.column(), to), null);
        }

        @Override
        public void delete(Card card) {
            ConfirmDialog dialog = new ConfirmDialog();
            dialog.setId("confirm-delete-card");
            dialog.setHeader("Delete “" + card.title() + "”?");
            dialog.setText("The card is removed for everyone on this board.");
            dialog.setCancelable(true);
            dialog.setConfirmText("Delete");
            dialog.setConfirmButtonTheme("error primary");
            dialog.addConfirmListener(e -> send(new CardChange.DeleteCard(card.id()), null));
            dialog.open();
        }
    };

    private static int indexOf(List<Card> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void openEditor(Card card) {
        Dialog dialog = new Dialog();
        dialog.setId("card-editor");
        dialog.setHeaderTitle("Edit card");
        TextField title = new TextField("Title");
        title.setId("edit-card-title");
        title.setValue(card.title());
        title.setMaxLength(MAX_TITLE);
        title.setWidthFull();
        title.setManualValidation(true);
        TextArea text = new TextArea("Notes");
        text.setId("edit-card-text");
        text.setValue(card.text() == null ? "" : card.text());
        text.setMaxLength(MAX_TEXT);
        text.setWidthFull();
        text.setMinHeight("8em");
        dialog.add(new VerticalLayout(title, text));
        dialog.setWidth("32em");

        Button save = new Button("Save");
        save.setId("edit-card-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            String t = title.getValue().trim();
            if (t.isEmpty()) {
                title.setErrorMessage("A card needs a title.");
                title.setInvalid(true);
                return;
            }
            // Closed only once the change is applied: a refused edit keeps the dialog and the typed text.
            send(new CardChange.EditCard(card.id(), t, text.getValue()), dialog::close);
        });
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("edit-card-cancel");
        dialog.getFooter().add(cancel, save);
        dialog.open();
        title.focus();
    }
}
