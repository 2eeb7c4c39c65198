package app.tandem.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Invite;
import app.tandem.domain.Member;
import app.tandem.domain.Workspace;
import app.tandem.ui.board.BoardView;
import app.tandem.ui.login.LoginView;
import app.tandem.ui.workspace.InviteView;
import app.tandem.ui.workspace.WorkspaceView;
import app.tandem.ui.workspace.WorkspacesView;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouterLink;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workspace list, one workspace (boards, members, roles) and invite links. */
class WorkspaceViewsTest extends UiTestBase {
    private Account ada;
    private Account bob;

    @BeforeEach
    void people() {
        ada = signUp("ada@school.example", "Ada Lovelace");
        bob = signUp("bob@school.example", "Bob Baker");
    }

    private void openWorkspace(UUID id) {
        UI.getCurrent().navigate("workspace/" + id);
        assertInstanceOf(WorkspaceView.class, getCurrentView());
    }

    @Test
    void creatingAWorkspaceOpensItAndListsItWithMyRole() {
        actAs(ada);
        navigate(WorkspacesView.class);
        assertTrue($(Paragraph.class).id("no-workspaces").isVisible());

        test($(TextField.class).id("workspace-name")).setValue("Questioning in science");
        test($(Button.class).id("create-workspace")).click();

        assertInstanceOf(WorkspaceView.class, getCurrentView());
        assertEquals("Questioning in science", $(H2.class).id("workspace-heading").getText());
        List<Workspace> mine = workspaces.listFor(ada);
        assertEquals(1, mine.size());
        assertEquals(Role.OWNER, mine.getFirst().myRole());

        navigate(WorkspacesView.class);
        Div row = $(Div.class).id("workspace-" + mine.getFirst().id());
        assertEquals("Questioning in science", $(RouterLink.class, row).single().getText());
        assertTrue(textOf(row).contains("Owner"));
    }

    @Test
    void aBlankWorkspaceNameIsRefusedOnTheField() {
        actAs(ada);
        navigate(WorkspacesView.class);
        test($(Button.class).id("create-workspace")).click();

        assertInstanceOf(WorkspacesView.class, getCurrentView());
        assertTrue($(TextField.class).id("workspace-name").isInvalid());
        assertTrue(workspaces.listFor(ada).isEmpty());
    }

    @Test
    void aMemberCreatesABoardAndFindsItInTheList() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        actAs(ada);
        openWorkspace(w.id());

        test($(TextField.class).id("board-title")).setValue("Autumn term cycle");
        test($(Button.class).id("create-board")).click();

        List<BoardInfo> list = workspaces.boards(ada, w.id());
        assertEquals(1, list.size());
        assertEquals("Autumn term cycle", list.getFirst().title());
        assertEquals(WorkspaceView.BOARD_TYPE, list.getFirst().type());
        RouterLink link = $(RouterLink.class).id("board-link-" + list.getFirst().id());
        assertEquals("Autumn term cycle", link.getText());
        test(link).click();
        assertInstanceOf(BoardView.class, getCurrentView());
    }

    @Test
    void anObserverGetsNoBoardCreationAndNoMemberManagement() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        workspaces.addMember(w.id(), bob.id(), Role.OBSERVER);
        actAs(bob);
        openWorkspace(w.id());

        assertFalse($(TextField.class).withId("board-title").exists());
        assertFalse($(Button.class).withId("create-board").exists());
        assertFalse($(Button.class).withId("create-invite").exists());
        assertFalse($(Select.class).withId("member-role-" + ada.id()).exists());
        assertTrue(textOf($(Div.class).id("member-list")).contains("Ada Lovelace"));
    }

    @Test
    void aWorkspaceIAmNotInLooksLikeOneThatDoesNotExist() {
        Workspace w = workspaces.create(ada, "Private partnership", "");
        actAs(bob);
        openWorkspace(w.id());
        assertTrue($(Paragraph.class).id("not-found").isVisible());
        assertFalse(test($(Paragraph.class).id("not-found")).getText().contains("Private partnership"));

        UI.getCurrent().navigate("workspace/not-a-uuid");
        assertTrue($(Paragraph.class).id("not-found").isVisible());
    }

    @Test
    void theOwnerCreatesAnInviteLinkAndTheInviteeJoinsWithThatRole() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        actAs(ada);
        openWorkspace(w.id());

        test($(Select.class).id("invite-role")).selectItem("Mentor");
        test($(Button.class).id("create-invite")).click();
        TextField link = $(TextField.class).id("invite-link");
        assertTrue(link.isVisible());
        String path = link.getValue();
        assertTrue(path.startsWith("invite/"), path);
        String token = path.substring("invite/".length());
        Invite invite = workspaces.peekInvite(token);
        assertEquals(Role.MENTOR, invite.role());
        assertTrue($(Button.class).id("copy-invite").isVisible());

        actAs(bob);
        UI.getCurrent().navigate(path);
        assertInstanceOf(InviteView.class, getCurrentView());
        String summary = test($(Paragraph.class).id("invite-summary")).getText();
        assertTrue(summary.contains("Questioning in science"), summary);
        assertTrue(summary.contains("mentor"), summary);

        test($(Button.class).id("accept-invite")).click();

        assertInstanceOf(WorkspaceView.class, getCurrentView());
        assertEquals("workspace/" + w.id(), currentPath());
        assertEquals(Role.MENTOR, workspaces.requireMember(bob, w.id()));
    }

    @Test
    void anAnonymousVisitorSeesTheInviteAndIsOfferedLoginThatComesBack() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        Invite invite = workspaces.invite(ada, w.id(), Role.PARTNER, Duration.ofDays(7));

        UI.getCurrent().navigate("invite/" + invite.token());

        assertInstanceOf(InviteView.class, getCurrentView());
        assertTrue(test($(Paragraph.class).id("invite-summary")).getText().contains("Questioning in science"));
        assertFalse($(Button.class).withId("accept-invite").exists());
        test($(RouterLink.class).id("invite-login")).click();
        assertInstanceOf(LoginView.class, getCurrentView());
        assertEquals("invite/" + invite.token(),
                ReturnTo.from(UI.getCurrent().getInternals().getActiveViewLocation().getQueryParameters()));
    }

    @Test
    void aUsedInviteSaysSoAndOffersNoAccept() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        Invite invite = workspaces.invite(ada, w.id(), Role.PARTNER, Duration.ofDays(7));
        workspaces.acceptInvite(bob, invite.token());
        Account cy = signUp("cy@school.example", "Cy Young");
        actAs(cy);

        UI.getCurrent().navigate("invite/" + invite.token());

        assertTrue($(Paragraph.class).id("invite-problem").isVisible());
        assertFalse($(Button.class).withId("accept-invite").exists());
        assertFalse(workspaces.listFor(cy).stream().anyMatch(x -> x.id().equals(w.id())));
    }

    @Test
    void theOwnerChangesARoleAndRemovesAMember() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        workspaces.addMember(w.id(), bob.id(), Role.PARTNER);
        actAs(ada);
        openWorkspace(w.id());

        test($(Select.class).id("member-role-" + bob.id())).selectItem("Broker");
        assertEquals(Role.BROKER, workspaces.requireMember(bob, w.id()));

        test($(Button.class).id("member-remove-" + bob.id())).click();
        test($(ConfirmDialog.class).single()).confirm();

        List<Member> members = workspaces.members(ada, w.id());
        assertEquals(List.of(ada.id()), members.stream().map(Member::accountId).toList());
        assertFalse($(Button.class).withId("member-remove-" + bob.id()).exists());
    }

    @Test
    void aRefusedRoleChangeIsExplainedAndNothingChanges() {
        Workspace w = workspaces.create(ada, "Questioning in science", "");
        actAs(ada);
        openWorkspace(w.id());

        // The last owner cannot demote themselves: the service refuses, the page says why.
        test($(Select.class).id("member-role-" + ada.id())).selectItem("Partner");

        assertEquals(Role.OWNER, workspaces.requireMember(ada, w.id()));
        Notification n = $(Notification.class).last();
        assertFalse(test(n).getText().isBlank());
        assertEquals(Role.OWNER, $(Select.class).id("member-role-" + ada.id()).getValue());
    }
}
