package app.tandem.ui.workspace;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.auth.Account;
import app.tandem.domain.Invite;
import app.tandem.domain.Workspace;
import app.tandem.ui.CurrentUser;
import app.tandem.ui.Notices;
import app.tandem.ui.ReturnTo;
import app.tandem.ui.UiServices;
import app.tandem.ui.login.LoginView;
import app.tandem.ui.login.SignupView;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * Landing page of an invite link. Open to anonymous visitors (they must see what they are invited to before
 * they create an account); accepting needs an account, so visitors go through login or sign-up and come back.
 * Looking at the invite does not use it up; accepting does.
 */
@Route("invite/:token")
@PageTitle("Invitation · Tandem")
public class InviteView extends VerticalLayout implements BeforeEnterObserver {
    private String token;

    public InviteView() {
        setAlignItems(FlexComponent.Alignment.CENTER);
        setMaxWidth("40em");
        getStyle().set("margin", "0 auto");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getRouteParameters().get("token").orElse("");
        render();
    }

    private void render() {
        removeAll();
        add(new H1("Tandem"));
        Invite invite;
        try {
            invite = UiServices.get().workspaces().peekInvite(token);
        } catch (TandemException e) {
            Paragraph p = new Paragraph(switch (e.code()) {
                case INVITE_EXPIRED -> "This invite link has expired. Ask the person who sent it for a new one.";
                case INVITE_USED -> "This invite link has already been used. Ask for a new one if you need it.";
                case NOT_FOUND -> "This invite link is not valid. Check that you copied all of it.";
                default -> e.getMessage();
            });
            p.setId("invite-problem");
            add(p, new RouterLink("Go to Tandem", WorkspacesView.class));
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        Paragraph what = new Paragraph("You are invited to join “" + invite.workspaceName() + "” as "
                + article(invite.role().label()) + " " + invite.role().label().toLowerCase() + ".");
        what.setId("invite-summary");
        what.addClassNames(LumoUtility.FontSize.LARGE);
        add(what);

        var me = CurrentUser.get();
        if (me.isEmpty()) {
            String here = "invite/" + token;
            RouterLink login = new RouterLink("Log in", LoginView.class);
            login.setQueryParameters(ReturnTo.of(here));
            login.setId("invite-login");
            RouterLink signup = new RouterLink("Create an account", SignupView.class);
            signup.setQueryParameters(ReturnTo.of(here));
            signup.setId("invite-signup");
            add(new Paragraph("Log in or create an account to accept; you will come back here."),
                    new HorizontalLayout(login, signup));
            return;
        }
        Button accept = new Button("Accept and join", e -> accept(me.get()));
        accept.setId("accept-invite");
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new Paragraph("Signed in as " + me.get().displayName() + " (" + me.get().email() + ")."), accept);
    }

    private void accept(Account me) {
        Workspace joined;
        try {
            joined = UiServices.get().workspaces().acceptInvite(me, token);
        } catch (TandemException e) {
            if (e.code() == ErrorCode.ALREADY_MEMBER) {
                Notices.error("You are already a member of this workspace.");
                UI.getCurrent().navigate(WorkspacesView.class);
            } else {
                Notices.error(e);
                render();
            }
            return;
        } catch (RuntimeException e) {
            Notices.error(e);
            return;
        }
        Notices.info("Welcome to " + joined.name());
        UI.getCurrent().navigate(WorkspaceView.class, new RouteParameters("id", joined.id().toString()));
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
