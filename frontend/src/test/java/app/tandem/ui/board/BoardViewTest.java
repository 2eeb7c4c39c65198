package app.tandem.ui.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.BoardSnapshot;
import app.tandem.cluster.Card;
import app.tandem.cluster.CardChange;
import app.tandem.cluster.Column;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Workspace;
import app.tandem.ui.UiTestBase;
import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live cycle board: adding, editing, moving and deleting cards, read-only observers, remote changes. */
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

    private BoardView open(Account as) {
        actAs(as);
        UI.getCurrent().navigate("board/" + board.id());
        return assertInstanceOf(BoardView.class, getCurrentView());
    }

    private BoardSnapshot applied(Account as, CardChange change) {
        try {
            return boards.apply(as, board.id(), change).toCompletableFuture().get(20, TimeUnit.SECONDS);
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

    private String cardId(BoardSnapshot s, String title) {
        return s.cards().stream().filter(c -> c.title().equals(title)).map(Card::id).findFirst().orElseThrow();
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
        assertEquals("", field.getValue(), "the field is cleared once the card is on the board");
        assertTrue(titles(Column.PLAN).isEmpty());
        BoardSnapshot stored = boards.load(ada, board.id()).toCompletableFuture().join();
        assertEquals(1, stored.cards().size());
        assertEquals(Column.TRY, stored.cards().getFirst().column());
        assertEquals(stored.cards().getFirst().id(), cards(Column.TRY).getFirst().getElement()
                .getAttribute("data-card-id"));
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

    @Test
    void editingACardChangesItsTitleAndText() {
        BoardSnapshot s = applied(ada, new CardChange.AddCard(Column.PLAN, "Observe a lesson", ""));
        String id = s.cards().getFirst().id();
        open(bob);
        await("the card", () -> titles(Column.PLAN).size() == 1);

        test(control(card(id), "card-edit")).click();
        Dialog dialog = $(Dialog.class).single();
        test($(TextField.class, dialog).id("edit-card-title")).setValue("Observe a Year 8 lesson");
        test($(TextArea.class, dialog).id("edit-card-text")).setValue("Focus: wait time after questions");
        test($(Button.class, dialog).id("edit-card-save")).click();

        await("the edited card", () -> text(card(id), "card-title").equals("Observe a Year 8 lesson"));
        assertEquals("Focus: wait time after questions", text(card(id), "card-text"));
        await("the dialog to close", () -> !$(Dialog.class).exists() || !$(Dialog.class).single().isOpened());
    }

    @Test
    void cardsMoveUpAndDownWithinAColumnAndLeftAndRightBetweenColumns() {
        applied(ada, new CardChange.AddCard(Column.PLAN, "First", ""));
        BoardSnapshot s = applied(ada, new CardChange.AddCard(Column.PLAN, "Second", ""));
        String first = cardId(s, "First");
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
        BoardSnapshot s = applied(ada, new CardChange.AddCard(Column.SHARE, "Carousel at the cluster meeting", ""));
        String id = s.cards().getFirst().id();
        open(ada);
        await("the card", () -> titles(Column.SHARE).size() == 1);

        test(control(card(id), "card-delete")).click();
        test($(ConfirmDialog.class).single()).cancel();
        assertEquals(1, boards.load(ada, board.id()).toCompletableFuture().join().cards().size());

        test(control(card(id), "card-delete")).click();
        test($(ConfirmDialog.class).single()).confirm();
        await("the card to go", () -> cards(Column.SHARE).isEmpty());
        assertTrue(boards.load(ada, board.id()).toCompletableFuture().join().cards().isEmpty());
    }

    @Test
    void anObserverSeesTheBoardReadOnly() {
        applied(ada, new CardChange.AddCard(Column.REVIEW, "What did the students say?", "Exit tickets"));
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
        open(bob);
        workspaces.changeRole(ada, workspace.id(), bob.id(), Role.OBSERVER);

        // Bob's page still shows the controls it was built with; LiveBoards checks the role on every change.
        test($(TextField.class).id("new-card-PLAN")).setValue("Sneaky card");
        test($(Button.class).id("add-card-PLAN")).click();

        await("an error notification", () -> $(Notification.class).exists());
        assertFalse(test($(Notification.class).last()).getText().isBlank());
        assertTrue(boards.load(ada, board.id()).toCompletableFuture().join().cards().isEmpty());
        assertTrue(titles(Column.PLAN).isEmpty());
    }

    @Test
    void aChangeByAnotherUserAppearsInTheOpenBoard() throws Exception {
        BoardView view = open(ada);
        view.liveReady().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("the empty board", () -> view.shown() != null);

        // Bob, elsewhere (another browser, possibly another node), adds a card through LiveBoards.
        BoardSnapshot s = applied(bob, new CardChange.AddCard(Column.PLAN, "Joint planning session", "Tuesday"));
        await("Bob's card on Ada's screen", () -> titles(Column.PLAN).equals(List.of("Joint planning session")));
        assertEquals("Tuesday", text(cards(Column.PLAN).getFirst(), "card-text"));

        String id = s.cards().getFirst().id();
        applied(bob, new CardChange.EditCard(id, null, "Tuesday after school, room 12"));
        await("Bob's edit on Ada's screen", () -> text(card(id), "card-text").equals("Tuesday after school, room 12"));
        assertEquals(s.version() + 1, view.shown().version());
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
