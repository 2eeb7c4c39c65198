package app.tandem.ui.workspace;

import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.domain.Workspace;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.MainLayout;
import app.tandem.ui.Notices;
import app.tandem.ui.UiServices;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.List;

/** Home page: the workspaces (partnerships) I belong to, with my role in each, and a form to start a new one. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Workspaces · Tandem")
public class WorkspacesView extends VerticalLayout implements BeforeEnterObserver {
    final Div list = new Div();
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("What is this partnership about? (optional)");
    final Button create = new Button("Create workspace");

    public WorkspacesView() {
        setMaxWidth("60em");
        list.setId("workspace-list");
        list.setWidthFull();

        name.setManualValidation(true);
        name.setId("workspace-name");
        name.setWidth("24em");
        name.setMaxLength(200);
        description.setId("workspace-description");
        description.setWidth("24em");
        description.setMaxLength(2000);
        create.setId("create-workspace");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> create());

        H3 newHeading = new H3("Start a workspace");
        Paragraph hint = new Paragraph("A workspace is one partnership: the people who develop a practice together, "
                + "possibly across schools. You will be its owner and can invite others.");
        hint.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(new H2("Your workspaces"), list, newHeading, hint, name, description, create);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isPresent()) {
            refresh();
        }
    }

    void refresh() {
        list.removeAll();
        List<Workspace> mine;
        try {
            mine = UiServices.get().workspaces().listFor(CurrentUser.require());
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        if (mine.isEmpty()) {
            Paragraph none = new Paragraph("You are not in any workspace yet. Start one below, or open an invite "
                    + "link a colleague sent you.");
            none.setId("no-workspaces");
            list.add(none);
            return;
        }
        for (Workspace w : mine) {
            list.add(row(w));
        }
    }

    private static Div row(Workspace w) {
        RouterLink link = new RouterLink(w.name(), WorkspaceView.class, new RouteParameters("id", w.id().toString()));
        link.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span role = new Span(w.myRole().label());
        role.getElement().getThemeList().add("badge");
        role.addClassNames(LumoUtility.Margin.Left.SMALL);
        role.addClassName("workspace-role");
        Div row = new Div(link, role);
        row.setId("workspace-" + w.id());
        row.addClassNames("workspace-row", LumoUtility.Padding.Vertical.XSMALL);
        if (w.description() != null && !w.description().isBlank()) {
            Div desc = new Div(w.description());
            desc.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
            row.add(desc);
        }
        return row;
    }

    private void create() {
        if (name.getValue().isBlank()) {
            name.setErrorMessage("Give the workspace a name.");
            name.setInvalid(true);
            return;
        }
        name.setInvalid(false);
        Account me = CurrentUser.require();
        Workspace created;
        try {
            created = UiServices.get().workspaces().create(me, name.getValue().trim(), description.getValue().trim());
        } catch (TandemException e) {
            name.setErrorMessage(e.getMessage());
            name.setInvalid(true);
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        name.clear();
        description.clear();
        UI.getCurrent().navigate(WorkspaceView.class, new RouteParameters("id", created.id().toString()));
    }
}
