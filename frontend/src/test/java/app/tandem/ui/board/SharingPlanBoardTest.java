package app.tandem.ui.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import app.tandem.collab.text.TextOp;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Workspace;
import app.tandem.domain.template.BoardTemplate;
import app.tandem.domain.template.SharingPlan;
import app.tandem.ui.UiTestBase;
import app.tandem.ui.collab.CollabText;
import app.tandem.ui.workspace.WorkspaceView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sharing plan board on the real engine: created from the workspace with its type, seeded once, every answer
 * co-edited live (collaborative text through the engine), approaches picked with what they can provide, Step 4
 * answered per picked approach, per-user undo, read-only observers.
 */
class SharingPlanBoardTest extends UiTestBase {
    private Account ada;
    private Account bob;
    private Workspace workspace;

    @BeforeEach
    void aWorkspace() {
        ada = signUp("ada@school.example", "Ada Lovelace");
        bob = signUp("bob@school.example", "Bob Baker");
        workspace = workspaces.create(ada, "Creative writing across two schools", "");
        workspaces.addMember(workspace.id(), bob.id(), Role.PARTNER);
    }

    private BoardView open(Account as, BoardInfo board) {
        actAs(as);
        UI.getCurrent().navigate("board/" + board.id());
        BoardView view = assertInstanceOf(BoardView.class, getCurrentView());
        await("the plan's questions on the page",
                () -> view.templateBoard() != null && view.templateBoard().isBuilt());
        return view;
    }

    private BoardDoc stored(BoardInfo board) {
        try {
            return BoardDoc.fromJson(engine.open(board.id()).toCompletableFuture().get(20, TimeUnit.SECONDS).docJson());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long revNow(BoardInfo board) {
        try {
            return engine.open(board.id()).toCompletableFuture().get(20, TimeUnit.SECONDS).rev();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void typed(CollabText field, long clientSeq, long baseRev, TextOp op) {
        ComponentUtil.fireEvent(field, new CollabText.SubmitEvent(field, field.getClientId(), clientSeq, baseRev,
                OpJson.write(op)));
    }

    private BoardInfo seededPlan() {
        BoardInfo board = workspaces.createBoard(ada, workspace.id(), "Sharing creative writing", SharingPlan.TYPE);
        try {
            app.tandem.domain.template.TemplateSeeder.ensure(engine, board.id(), ada.id(), SharingPlan.TEMPLATE)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return board;
    }

    @Test
    void aSharingPlanIsCreatedFromTheWorkspaceAndListedWithItsType() {
        workspaces.createBoard(ada, workspace.id(), "Autumn cycle", "cycle");
        actAs(ada);
        UI.getCurrent().navigate(WorkspaceView.class, new com.vaadin.flow.router.RouteParameters("id",
                workspace.id().toString()));
        test($(TextField.class).id("board-title")).setValue("Our sharing plan");
        @SuppressWarnings("unchecked")
        Select<String> type = $(Select.class).id("board-type");
        assertEquals("cycle", type.getValue());
        test(type).selectItem("Sharing plan");
        test($(Button.class).id("create-board")).click();

        List<BoardInfo> list = workspaces.boards(ada, workspace.id());
        BoardInfo plan = list.stream().filter(b -> b.title().equals("Our sharing plan")).findFirst().orElseThrow();
        assertEquals(SharingPlan.TYPE, plan.type());
        List<String> types = $(Span.class).withClassName("board-type").all().stream().map(Span::getText).toList();
        assertTrue(types.contains("Sharing plan") && types.contains("Cycle board"), types.toString());

        // Creating it seeded its sections and questions through the engine.
        await("seeded", () -> SharingPlan.TEMPLATE.isSeeded(stored(plan)));
        assertEquals(1 + SharingPlan.TEMPLATE.seedOps().size(), stored(plan).size());
    }

    @Test
    void theStepsAndQuestionsAreShownInTheReportsWording() {
        BoardInfo board = seededPlan();
        open(bob, board);
        assertTrue(textOf($(Details.class).id("template-help")).contains(SharingPlan.CITATION));
        assertEquals(6, $(CollabText.class, $(Component.class).id("section-step1")).all().size());
        assertEquals(10, $(CollabText.class, $(Component.class).id("section-step2")).all().size());
        assertEquals(9, $(Checkbox.class, $(Component.class).id("section-step3")).all().size());
        assertEquals("Is the aim of sharing to promote creativity?",
                $(CollabText.class).id("answer-aim-creativity").getElement().getProperty("label"));
        String step3 = textOf($(Component.class).id("section-step3"));
        assertTrue(step3.contains("Can provide: credibility for otherwise incredible ideas (seeing is believing)"));
        assertTrue(step3.contains("the most potential to change practice"));
        // Nothing picked yet: Step 4 asks for a pick first.
        assertTrue($(Div.class).withId("per-meeting").all().isEmpty());
    }

    @Test
    void anAnswerIsCoEditedLiveAndUndoRevertsOnlyMine() {
        BoardInfo board = seededPlan();
        open(bob, board);
        CollabText aim = $(CollabText.class).id("answer-aim-creativity");
        String node = BoardTemplate.questionNode(SharingPlan.STEP_1.questions().getFirst());
        long base = revNow(board);
        typed(aim, 1, base, TextOp.builder().insert("Yes, through writing").build());
        // Ada, elsewhere, concurrently types into the same answer against the same revision.
        try {
            engine.submit(new SubmitRequest(board.id(), ada.id(), "ada-tab", 1, base, OpJson.write(
                    new Op.TextEdit(node, BoardTemplate.ANSWER, TextOp.builder().insert("Both schools. ").build()))))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        BoardView view = assertInstanceOf(BoardView.class, getCurrentView());
        await("both edits merged", () -> view.doc().text(node, BoardTemplate.ANSWER).length() == 34);
        String merged = stored(board).text(node, BoardTemplate.ANSWER);
        assertTrue(merged.contains("Yes, through writing") && merged.contains("Both schools. "), merged);

        test($(Button.class).id("undo")).click();
        await("Bob's typing undone, Ada's kept",
                () -> stored(board).text(node, BoardTemplate.ANSWER).equals("Both schools. "));
    }

    @Test
    void pickingAnApproachAsksStep4ForItAndAnswersArePerApproach() {
        BoardInfo board = seededPlan();
        BoardView view = open(ada, board);
        Checkbox visit = $(Checkbox.class).id("pick-visit");
        assertEquals("A school visit?", visit.getLabel());
        test(visit).click();
        String visitNode = BoardTemplate.questionNode(SharingPlan.STEP_3.questions().get(5));
        await("the pick stored", () -> Boolean.TRUE.equals(stored(board).field(visitNode, BoardTemplate.CHOSEN)));
        await("Step 4 for the visit", () -> $(Div.class).withId("per-visit").exists());
        Div panel = $(Div.class).id("per-visit");
        assertEquals(12, $(CollabText.class, panel).all().size());

        CollabText safe = view.templateBoard().answer("answer-p-safe--visit");
        assertNotNull(safe);
        typed(safe, 1, revNow(board), TextOp.builder().insert("Seeing it in a real Year 5 class").build());
        String field = BoardTemplate.perPickField(SharingPlan.STEP_4.questions().get(1));
        await("the per-approach answer stored",
                () -> stored(board).text(visitNode, field).equals("Seeing it in a real Year 5 class"));

        // Bob, elsewhere, picks mentoring too: a second panel appears, after the visit's (template order).
        String mentoringNode = BoardTemplate.questionNode(SharingPlan.STEP_3.questions().get(7));
        try {
            engine.submit(new SubmitRequest(board.id(), bob.id(), "bob-tab", 1, revNow(board),
                    OpJson.write(new Op.SetField(mentoringNode, BoardTemplate.CHOSEN, true))))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await("Bob's pick on Ada's page", () -> $(Checkbox.class).id("pick-mentoring").getValue()
                && $(Div.class).withId("per-mentoring").exists());
        assertTrue($(Div.class).withId("per-visit").exists());
    }

    @Test
    void aNewBoardOpenedBeforeSeedingIsSeededByThePage() {
        BoardInfo board = workspaces.createBoard(ada, workspace.id(), "Unseeded", SharingPlan.TYPE);
        open(ada, board);
        assertEquals(1 + SharingPlan.TEMPLATE.seedOps().size(), stored(board).size());
    }

    @Test
    void anObserverReadsThePlanButCannotChangeIt() {
        BoardInfo board = seededPlan();
        Account cy = signUp("cy@school.example", "Cy Young");
        workspaces.addMember(workspace.id(), cy.id(), Role.OBSERVER);
        open(cy, board);
        assertTrue($(Component.class).withId("read-only-notice").exists());
        assertTrue($(CollabText.class).id("answer-aim-creativity").isReadOnly());
        assertTrue($(Checkbox.class).id("pick-meeting").isReadOnly());
        assertFalse($(Button.class).withId("undo").exists());
    }

    @Test
    void whoIsTypingInAnAnswerIsShownInThatAnswer() throws Exception {
        BoardInfo board = seededPlan();
        BoardView view = open(ada, board);
        view.liveReady().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("Ada's own avatar", () -> $(Component.class).withClassName("presence-avatar").all().size() == 1);

        String node = BoardTemplate.questionNode(SharingPlan.STEP_2.questions().get(3));
        presence.join(board.id(), "bob-tab", bob.id(), bob.displayName()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        presence.update(board.id(), "bob-tab", node, BoardTemplate.ANSWER, 0, 4)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        CollabText observe = $(CollabText.class).id("answer-out-observe");
        await("Bob's caret in that answer",
                () -> observe.getElement().getProperty("cursors", "").contains("Bob Baker"));
        assertFalse($(CollabText.class).id("answer-out-information").getElement().getProperty("cursors", "")
                .contains("Bob Baker"));
        presence.leave(board.id(), "bob-tab").toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("Bob gone", () -> !observe.getElement().getProperty("cursors", "").contains("Bob Baker"));
    }
}
