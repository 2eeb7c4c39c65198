package app.tandem.ui.workspace;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.auth.Role;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.Invite;
import app.tandem.domain.Member;
import app.tandem.domain.Workspace;
import app.tandem.domain.WorkspaceService;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.MainLayout;
import app.tandem.ui.Notices;
import app.tandem.ui.UiServices;
import app.tandem.ui.board.BoardView;
import app.tandem.ui.board.template.BoardTypes;
import app.tandem.ui.board.template.TemplateBoards;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One workspace: its boards, its members and their roles, and (for the owner and brokers) invite links and role
 * changes. Buttons are only offered to roles that may use them, but the service checks every call itself.
 */
@Route(value = "workspace/:id", layout = MainLayout.class)
public class WorkspaceView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** Catalogue type a new board gets unless another is chosen ({@code #board-type}): the four-column cycle board. */
    public static final String BOARD_TYPE = "cycle";
    static final DateTimeFormatter EXPIRY_FORMAT =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private UUID workspaceId;
    private Workspace workspace;
    private String title = "Workspace · Tandem";

    final Div boards = new Div();
    final Div members = new Div();
    final TextField boardTitle = new TextField("New board");
    final Button createBoard = new Button("Create board");
    final Select<String> boardType = new Select<>();
    final Select<Role> inviteRole = new Select<>();
    final Select<Duration> inviteExpiry = new Select<>();
    final Button createInvite = new Button("Create invite link");
    final TextField inviteLink = new TextField("Invite link");
    final Button copyInvite = new Button("Copy");

    public WorkspaceView() {
        setMaxWidth("70em");
        boards.setId("board-list");
        members.setId("member-list");

        boardTitle.setId("board-title");
        boardTitle.setPlaceholder("e.g. Questioning in Year 8 science");
        boardTitle.setWidth("24em");
        boardTitle.setMaxLength(200);
        boardTitle.setManualValidation(true);
        boardType.setId("board-type");
        boardType.setLabel("Type");
        boardType.setItems(BoardTypes.all());
        boardType.setItemLabelGenerator(BoardTypes::label);
        boardType.setValue(BOARD_TYPE);
        createBoard.setId("create-board");
        createBoard.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        createBoard.addClickListener(e -> createBoard());

        inviteRole.setId("invite-role");
        inviteRole.setLabel("Role");
        inviteRole.setItems(Arrays.stream(Role.values()).filter(r -> r != Role.OWNER).toList());
        inviteRole.setItemLabelGenerator(Role::label);
        inviteRole.setValue(Role.PARTNER);
        inviteExpiry.setId("invite-expiry");
        inviteExpiry.setLabel("Valid for");
        inviteExpiry.setItems(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
        inviteExpiry.setItemLabelGenerator(d -> d.toDays() == 1 ? "1 day" : d.toDays() + " days");
        inviteExpiry.setValue(Duration.ofDays(7));
        createInvite.setId("create-invite");
        createInvite.addClickListener(e -> createInvite());
        inviteLink.setId("invite-link");
        inviteLink.setReadOnly(true);
        inviteLink.setWidth("32em");
        inviteLink.setVisible(false);
        copyInvite.setId("copy-invite");
        copyInvite.setVisible(false);
        copyInvite.addClickListener(e -> copyInvite());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isEmpty()) {
            return;
        }
        Optional<UUID> id = event.getRouteParameters().get("id").flatMap(WorkspaceView::parseId);
        workspaceId = id.orElse(null);
        render();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    static Optional<UUID> parseId(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void render() {
        removeAll();
        WorkspaceService service = UiServices.get().workspaces();
        Account me = CurrentUser.require();
        if (workspaceId == null) {
            notFound();
            return;
        }
        try {
            workspace = service.get(me, workspaceId);
        } catch (TandemException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                notFound();
            } else {
                Notices.error(e);
            }
            return;
        }
        title = workspace.name() + " · Tandem";
        Role myRole = workspace.myRole();

        H2 heading = new H2(workspace.name());
        heading.setId("workspace-heading");
        Span role = new Span("You are " + myRole.label().toLowerCase() + " here");
        role.setId("my-role");
        role.getElement().getThemeList().add("badge");
        add(new RouterLink("← All workspaces", WorkspacesView.class), heading, role);
        if (workspace.description() != null && !workspace.description().isBlank()) {
            Paragraph desc = new Paragraph(workspace.description());
            desc.addClassNames(LumoUtility.TextColor.SECONDARY);
            add(desc);
        }

        add(new H3("Boards"), boards);
        renderBoards(service, me);
        if (myRole.canCreateBoards()) {
            add(new HorizontalLayout(FlexComponent.Alignment.BASELINE, boardTitle, boardType, createBoard));
        }

        add(new H3("Members"), members);
        renderMembers(service, me, myRole);
        if (myRole.canManageMembers()) {
            Paragraph hint = new Paragraph("Invite someone with a link. It works once, for the role you choose, "
                    + "until it expires.");
            hint.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
            add(new H3("Invite"), hint,
                    new HorizontalLayout(FlexComponent.Alignment.BASELINE, inviteRole, inviteExpiry, createInvite),
                    new HorizontalLayout(FlexComponent.Alignment.BASELINE, inviteLink, copyInvite));
        }
    }

    private void notFound() {
        title = "Not found · Tandem";
        Paragraph p = new Paragraph("This workspace does not exist, or you are not a member of it.");
        p.setId("not-found");
        add(p, new RouterLink("Back to your workspaces", WorkspacesView.class));
    }

    private void renderBoards(WorkspaceService service, Account me) {
        boards.removeAll();
        List<BoardInfo> list;
        try {
            list = service.boards(me, workspaceId);
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        if (list.isEmpty()) {
            boards.add(new Paragraph("No boards yet."));
        }
        for (BoardInfo b : list) {
            RouterLink link = new RouterLink(b.title(), BoardView.class, new RouteParameters("id", b.id().toString()));
            link.setId("board-link-" + b.id());
            link.addClassName("board-link");
            Span type = new Span(BoardTypes.label(b.type()));
            type.addClassName("board-type");
            type.getElement().getThemeList().add("badge contrast");
            type.getElement().setAttribute("data-board-type", b.type());
            type.getStyle().set("margin-left", "var(--lumo-space-s)");
            Div row = new Div(link, type);
            row.addClassNames(LumoUtility.Padding.Vertical.XSMALL);
            boards.add(row);
        }
    }

    private void renderMembers(WorkspaceService service, Account me, Role myRole) {
        members.removeAll();
        List<Member> list;
        try {
            list = service.members(me, workspaceId);
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        for (Member m : list) {
            members.add(memberRow(m, me, myRole));
        }
    }

    private HorizontalLayout memberRow(Member m, Account me, Role myRole) {
        Span name = new Span(m.displayName() + (m.accountId().equals(me.id()) ? " (you)" : ""));
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span mail = new Span(m.email());
        mail.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        HorizontalLayout row = new HorizontalLayout(FlexComponent.Alignment.BASELINE);
        row.setId("member-" + m.accountId());
        row.addClassName("member-row");
        row.add(name, mail);
        if (!myRole.canManageMembers()) {
            Span role = new Span(m.role().label());
            role.addClassName("member-role");
            role.getElement().getThemeList().add("badge");
            row.add(role);
            return row;
        }
        Select<Role> role = new Select<>();
        role.setId("member-role-" + m.accountId());
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setValue(m.role());
        role.setAriaLabel("Role of " + m.displayName());
        role.addValueChangeListener(e -> {
            if (!e.isFromClient() || e.getValue() == null) {
                return;
            }
            try {
                UiServices.get().workspaces().changeRole(CurrentUser.require(), workspaceId, m.accountId(),
                        e.getValue());
                Notices.info(m.displayName() + " is now " + e.getValue().label().toLowerCase());
            } catch (RuntimeException ex) {
                Notices.error(ex);
            }
            render();
        });
        Button remove = new Button("Remove");
        remove.setId("member-remove-" + m.accountId());
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        remove.setAriaLabel("Remove " + m.displayName() + " from the workspace");
        remove.addClickListener(e -> confirmRemove(m));
        row.add(role, remove);
        return row;
    }

    private void confirmRemove(Member m) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("confirm-remove-member");
        dialog.setHeader("Remove " + m.displayName() + "?");
        dialog.setText("They lose access to this workspace and its boards. You can invite them again later.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Remove");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> {
            Account me = CurrentUser.require();
            try {
                UiServices.get().workspaces().removeMember(me, workspaceId, m.accountId());
            } catch (RuntimeException ex) {
                Notices.error(ex);
                return;
            }
            if (m.accountId().equals(me.id())) {
                UI.getCurrent().navigate(WorkspacesView.class);
            } else {
                render();
            }
        });
        dialog.open();
    }

    private void createBoard() {
        if (boardTitle.getValue().isBlank()) {
            boardTitle.setErrorMessage("Give the board a title.");
            boardTitle.setInvalid(true);
            return;
        }
        boardTitle.setInvalid(false);
        BoardInfo created;
        try {
            created = UiServices.get().workspaces().createBoard(CurrentUser.require(), workspaceId,
                    boardTitle.getValue().trim(), boardType.getValue() == null ? BOARD_TYPE : boardType.getValue());
        } catch (TandemException e) {
            if (e.code() == ErrorCode.VALIDATION_FAILED) {
                boardTitle.setErrorMessage(e.getMessage());
                boardTitle.setInvalid(true);
            } else {
                Notices.error(e);
            }
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        boardTitle.clear();
        // A template board gets its sections and questions now (the board page also makes sure, race-free).
        TemplateBoards.seed(created, CurrentUser.require());
        renderBoards(UiServices.get().workspaces(), CurrentUser.require());
        Notices.info("Board “" + created.title() + "” created");
    }

    private void createInvite() {
        if (inviteRole.getValue() == null || inviteExpiry.getValue() == null) {
            Notices.error("Choose a role and how long the link is valid.");
            return;
        }
        Invite invite;
        try {
            invite = UiServices.get().workspaces().invite(CurrentUser.require(), workspaceId, inviteRole.getValue(),
                    inviteExpiry.getValue());
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        String path = "invite/" + invite.token();
        inviteLink.setValue(path);
        inviteLink.setHelperText("For a " + invite.role().label().toLowerCase() + ", single use, expires "
                + EXPIRY_FORMAT.format(invite.expiresAt()));
        inviteLink.setVisible(true);
        copyInvite.setVisible(true);
        // The server does not know the address the browser sees (proxies, ingress); the page does.
        UI.getCurrent().getPage().executeJs("return new URL($0, document.baseURI).href", path)
                .then(String.class, inviteLink::setValue);
    }

    private void copyInvite() {
        UI.getCurrent().getPage().executeJs("return navigator.clipboard.writeText($0)", inviteLink.getValue())
                .then(ok -> Notices.info("Invite link copied"),
                        err -> Notices.error("Could not copy here; select the link and copy it."));
    }
}
