package app.tandem.ui.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.Column;
import app.tandem.cluster.engine.Ack;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.FractionalIndex;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Workspace;
import app.tandem.ui.UiTestBase;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import app.tandem.ui.collab.CollabText;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live cycle board on the real engine: adding, editing (collaborative text), moving and deleting cards, undo
 * of one's own changes only, read-only observers, remote changes, presence.
 */
class BoardViewTest extends UiTestBase {
    private Account ada;
    private Account bob;
    private Workspace workspace;
    private BoardInfo board;

    @BeforeEach
    void aBoard() {
        ada = signUp("ada@school.example", "Ada Lovelace");
        bob = signUp("bob@school.example", "Bob Baker");
        workspace = workspaces.create(ada, "Questioning in science", "");
        workspaces.addMember(workspace.id(), bob.id(), Role.PARTNER);
        board = workspaces.createBoard(ada, workspace.id(), "Autumn term cycle", "cycle");
    }

    /** Opens the board as {@code as} and waits until the page has loaded it. */
    private BoardView open(Account as) {
        actAs(as);
        UI.getCurrent().navigate("board/" + board.id());
        BoardView view = assertInstanceOf(BoardView.class, getCurrentView());
        if ($(VerticalLayout.class).withId("column-PLAN").exists()) {
            await("the board loaded", () -> view.doc() != null);
        }
        return view;
    }

    private long seq;

    /** Somebody elsewhere (another browser, another node) sends an op; returns once it is committed. */
    private Ack applied(Account as, Op op) {
        return applied(as, op, revNow());
    }

    /** As above, made against revision {@code baseRev} (concurrent with everything sequenced after it). */
    private Ack applied(Account as, Op op, long baseRev) {
        try {
            return engine.submit(new SubmitRequest(board.id(), as.id(), "test-" + as.id(), ++seq, baseRev,
                    OpJson.write(op))).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String addCard(Account as, Column c, String title, String text) {
        String id = "card-" + (++seq);
        BoardDoc doc = stored();
        List<String> ids = doc.children(BoardDoc.ROOT, c.name());
        String pos = ids.isEmpty() ? FractionalIndex.first() : FractionalIndex.after(doc.pos(ids.getLast()));
        applied(as, new Op.Create(id, BoardView.CARD, BoardDoc.ROOT, c.name(), pos, Map.of(),
                Map.of(BoardView.TITLE, title, BoardView.TEXT, text)));
        return id;
    }

    /** The board as the engine has it now (committed ops only). */
    private BoardDoc stored() {
        try {
            return BoardDoc.fromJson(engine.open(board.id()).toCompletableFuture().get(20, TimeUnit.SECONDS).docJson());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private VerticalLayout column(Column c) {
        return $(VerticalLayout.class).id("column-" + c.name());
    }

    private List<Div> cards(Column c) {
        return inside(column(c), Div.class, "card");
    }

    private List<String> titles(Column c) {
        return cards(c).stream().map(card -> text(card, "card-title")).toList();
    }

    private static String text(Div card, String className) {
        return textOf(single(card, Div.class, className));
    }

    private Div card(String id) {
        return $(Div.class).withClassName("card").withAttribute("data-card-id", id).single();
    }

    private static Button control(Div card, String className) {
        return single(card, Button.class, className);
    }

    @Test
    void showsTheFourColumnsOfTheCycleAndWhereTheyComeFrom() {
        open(ada);
        for (Column c : Column.values()) {
            assertTrue(column(c).isVisible(), c.name());
            assertTrue(test($(TextField.class).id("new-card-" + c.name())).isUsable());
            assertTrue(test($(Button.class).id("add-card-" + c.name())).isUsable());
        }
        Details help = $(Details.class).id("cycle-help");
        String helpText = textOf(help);
        assertTrue(helpText.contains("Fielding et al. 2005"), helpText);
    }

    @Test
    void typingATitleAndClickingAddPutsTheCardInThatColumn() {
        open(ada);
        TextField field = $(TextField.class).id("new-card-TRY");
        test(field).setValue("Co-teach the starter");
        test($(Button.class).id("add-card-TRY")).click();

        await("the new card in Try", () -> titles(Column.TRY).equals(List.of("Co-teach the starter")));
        assertEquals("", field.getValue(), "the field is cleared");
        assertTrue(titles(Column.PLAN).isEmpty());
        List<String> stored = stored().children(BoardDoc.ROOT, Column.TRY.name());
        assertEquals(1, stored.size(), "the card is in the engine's document, not only on the page");
        assertEquals(stored.getFirst(), cards(Column.TRY).getFirst().getElement().getAttribute("data-card-id"));
    }

    @Test
    void textThatLooksLikeHtmlIsShownAsText() {
        open(ada);
        test($(TextField.class).id("new-card-PLAN")).setValue("<img src=x onerror=alert(1)>");
        test($(Button.class).id("add-card-PLAN")).click();

        await("the card", () -> titles(Column.PLAN).size() == 1);
        Div title = single(cards(Column.PLAN).getFirst(), Div.class, "card-title");
        assertEquals("<img src=x onerror=alert(1)>", title.getElement().getText());
        assertEquals(1, title.getElement().getChildCount());
        assertTrue(title.getElement().getChild(0).isTextNode(), "no element was created from the text");
    }

    /** What the browser's collaborative text field sends after the user typed (its own clientId and seq). */
    private static void typed(CollabText field, long clientSeq, long baseRev, TextOp op) {
        ComponentUtil.fireEvent(field, new CollabText.SubmitEvent(field, field.getClientId(), clientSeq, baseRev,
                OpJson.write(op)));
    }

    @Test
    void typingInTheCardEditorChangesTheCardForEveryoneAndMergesConcurrentTyping() {
        String id = addCard(ada, Column.PLAN, "Observe a lesson", "");
        BoardView view = open(bob);
        await("the card", () -> titles(Column.PLAN).size() == 1);

        test(control(card(id), "card-edit")).click();
        Dialog dialog = $(Dialog.class).single();
        CollabText title = $(CollabText.class, dialog).id("edit-card-title");
        long base = revNow();
        // Bob inserts " Year 8" after "Observe a" (9 code points)...
        typed(title, 1, base, TextOp.builder().retain(9).insert(" Year 8").retain(7).build());
        // ...while Ada, on another page, concurrently appends at the end against the same base revision.
        applied(ada, new Op.TextEdit(id, BoardView.TITLE, TextOp.builder().retain(16).insert(" together").build()),
                base);

        await("both edits merged on Bob's page",
                () -> text(card(id), "card-title").equals("Observe a Year 8 lesson together"));
        assertEquals("Observe a Year 8 lesson together", stored().text(id, BoardView.TITLE));
    }

    private long revNow() {
        try {
            return engine.open(board.id()).toCompletableFuture().get(20, TimeUnit.SECONDS).rev();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void undoRevertsOnlyMyOwnChangeAndRedoBringsItBack() {
        BoardView view = open(ada);
        await("loaded", () -> view.doc() != null);
        test($(TextField.class).id("new-card-PLAN")).setValue("Mine");
        test($(Button.class).id("add-card-PLAN")).click();
        await("my card", () -> titles(Column.PLAN).equals(List.of("Mine")));
        addCard(bob, Column.PLAN, "Bob's", "");
        await("Bob's card", () -> titles(Column.PLAN).equals(List.of("Mine", "Bob's")));

        test($(Button.class).id("undo")).click();
        await("my card undone, Bob's kept", () -> titles(Column.PLAN).equals(List.of("Bob's")));
        assertEquals(1, stored().children(BoardDoc.ROOT, Column.PLAN.name()).size());

        test($(Button.class).id("redo")).click();
        await("my card back", () -> titles(Column.PLAN).equals(List.of("Mine", "Bob's")));
        test($(Button.class).id("undo")).click();
        await("undone again", () -> titles(Column.PLAN).equals(List.of("Bob's")));
        assertFalse($(Button.class).id("undo").isEnabled(), "nothing of mine left to undo; Bob's card is his");
    }

    @Test
    void twoQuickUndosRevertMyLastTwoTypingsInOrderAndNeverTheCard() {
        String id = addCard(ada, Column.PLAN, "Plan", "");
        BoardView view = open(ada);
        await("the card", () -> titles(Column.PLAN).size() == 1);
        test(control(card(id), "card-edit")).click();
        CollabText notes = $(CollabText.class, $(Dialog.class).single()).id("edit-card-text");
        typed(notes, 1, revNow(), TextOp.builder().insert("one").build());
        await("first typing", () -> text(card(id), "card-text").equals("one"));
        typed(notes, 2, revNow(), TextOp.builder().retain(3).insert(" two").build());
        await("second typing", () -> text(card(id), "card-text").equals("one two"));

        // Two undos before the first has come back from the server: the second waits for it.
        test($(Button.class).id("undo")).click();
        test($(Button.class).id("undo")).click();
        await("both typings undone", () -> text(card(id), "card-text").isEmpty());
        assertTrue(stored().has(id), "the card's creation was not mine to undo here, and is not undone");
        assertEquals("", stored().text(id, BoardView.TEXT));
        test($(Button.class).id("redo")).click();
        await("first typing back", () -> text(card(id), "card-text").equals("one"));
        assertTrue(view.doc().has(id));
    }

    @Test
    void cardsMoveUpAndDownWithinAColumnAndLeftAndRightBetweenColumns() {
        String first = addCard(ada, Column.PLAN, "First", "");
        addCard(ada, Column.PLAN, "Second", "");
        open(ada);
        await("both cards", () -> titles(Column.PLAN).equals(List.of("First", "Second")));

        Button up = control(card(first), "card-up");
        assertFalse(up.isEnabled(), "the top card cannot go further up");
        test(control(card(first), "card-down")).click();
        await("First below Second", () -> titles(Column.PLAN).equals(List.of("Second", "First")));

        test(control(card(first), "card-up")).click();
        await("First on top again", () -> titles(Column.PLAN).equals(List.of("First", "Second")));

        assertFalse(control(card(first), "card-left").isEnabled(), "Plan is the first column");
        test(control(card(first), "card-right")).click();
        await("First in Try", () -> titles(Column.TRY).equals(List.of("First"))
                && titles(Column.PLAN).equals(List.of("Second")));

        test(control(card(first), "card-right")).click();
        await("First in Review", () -> titles(Column.REVIEW).equals(List.of("First")));
        test(control(card(first), "card-left")).click();
        await("First back in Try", () -> titles(Column.TRY).equals(List.of("First")));
        assertTrue(control(card(first), "card-right").getAriaLabel().orElseThrow().contains("Review"));
    }

    @Test
    void deletingACardAsksFirstAndCancelKeepsIt() {
        String id = addCard(ada, Column.SHARE, "Carousel at the cluster meeting", "");
        open(ada);
        await("the card", () -> titles(Column.SHARE).size() == 1);

        test(control(card(id), "card-delete")).click();
        test($(ConfirmDialog.class).single()).cancel();
        assertTrue(stored().has(id));

        test(control(card(id), "card-delete")).click();
        test($(ConfirmDialog.class).single()).confirm();
        await("the card to go", () -> cards(Column.SHARE).isEmpty());
        assertFalse(stored().has(id));
    }

    @Test
    void anObserverSeesTheBoardReadOnly() {
        addCard(ada, Column.REVIEW, "What did the students say?", "Exit tickets");
        Account cy = signUp("cy@school.example", "Cy Young");
        workspaces.addMember(workspace.id(), cy.id(), Role.OBSERVER);

        open(cy);
        await("the card", () -> titles(Column.REVIEW).equals(List.of("What did the students say?")));

        assertTrue($(Component.class).withId("read-only-notice").exists());
        assertEquals("Exit tickets", text(cards(Column.REVIEW).getFirst(), "card-text"));
        for (Column c : Column.values()) {
            assertFalse($(TextField.class).withId("new-card-" + c.name()).exists(), c.name());
            assertFalse($(Button.class).withId("add-card-" + c.name()).exists(), c.name());
        }
        assertTrue($(Button.class, $(HorizontalLayout.class).id("board-columns")).all().isEmpty(),
                "no edit, move or delete buttons on an observer's cards");
    }

    @Test
    void theServerRefusesAnEditorWhoWasJustDemotedAndThePageSaysWhy() {
        BoardView view = open(bob);
        await("loaded", () -> view.doc() != null);
        workspaces.changeRole(ada, workspace.id(), bob.id(), Role.OBSERVER);

        // Bob's page still shows the controls it was built with; the sequencer checks the role on every op.
        test($(TextField.class).id("new-card-PLAN")).setValue("Sneaky card");
        test($(Button.class).id("add-card-PLAN")).click();

        await("an error notification", () -> $(Notification.class).exists());
        assertFalse(test($(Notification.class).last()).getText().isBlank());
        assertTrue(stored().children(BoardDoc.ROOT, Column.PLAN.name()).isEmpty());
        assertTrue(titles(Column.PLAN).isEmpty());
    }

    @Test
    void aChangeByAnotherUserAppearsInTheOpenBoard() throws Exception {
        BoardView view = open(ada);
        view.liveReady().toCompletableFuture().get(20, TimeUnit.SECONDS);

        // Bob, elsewhere (another browser, possibly another node), adds a card and edits its notes.
        String id = addCard(bob, Column.PLAN, "Joint planning session", "Tuesday");
        await("Bob's card on Ada's screen", () -> titles(Column.PLAN).equals(List.of("Joint planning session")));
        assertEquals("Tuesday", text(cards(Column.PLAN).getFirst(), "card-text"));

        applied(bob, new Op.TextEdit(id, BoardView.TEXT,
                TextOp.builder().retain(7).insert(" after school, room 12").build()));
        await("Bob's edit on Ada's screen", () -> text(card(id), "card-text").equals("Tuesday after school, room 12"));
    }

    @Test
    void whoIsOnTheBoardIsShownAsAvatars() throws Exception {
        BoardView view = open(ada);
        view.liveReady().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("Ada's own avatar", () -> $(Component.class).withClassName("presence-avatar").all().size() == 1);

        presence.join(board.id(), "bob-tab", bob.id(), bob.displayName()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("Bob's avatar", () -> $(Component.class).withClassName("presence-avatar").all().size() == 2);

        String id = addCard(ada, Column.PLAN, "Seating plan", "");
        presence.update(board.id(), "bob-tab", id, BoardView.TITLE, 0, 3).toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("the card shows that Bob is editing it",
                () -> textOf(card(id)).contains("Bob Baker editing"));

        presence.leave(board.id(), "bob-tab").toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("Bob gone", () -> $(Component.class).withClassName("presence-avatar").all().size() == 1);
    }

    @Test
    void aBoardOfAnotherWorkspaceIsNotFound() {
        Account eve = signUp("eve@school.example", "Eve Outsider");
        open(eve);
        assertTrue($(Paragraph.class).id("not-found").isVisible());
        assertFalse($(VerticalLayout.class).withId("column-PLAN").exists());

        UI.getCurrent().navigate("board/" + UUID.randomUUID());
        assertTrue($(Paragraph.class).id("not-found").isVisible());
    }
}
