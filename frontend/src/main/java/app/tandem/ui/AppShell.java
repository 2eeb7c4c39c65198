package app.tandem.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page-wide settings of the Vaadin UI: server push, the Lumo theme (Vaadin 25 applies none by default) and the
 * page title.
 *
 * <p>Push uses WEBSOCKET_XHR: the server pushes over a WebSocket, the browser sends its events as ordinary HTTP
 * requests. Logging in rotates the HTTP session id ({@link CurrentUser#login}), which needs a real HTTP request
 * and response to carry the new cookie; over a pure WebSocket transport the login click would arrive on the
 * socket, where no cookie can be set.
 */
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET_XHR)
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Tandem");
    }
}
