package app.tandem.ui;

import app.tandem.auth.AccountService;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.presence.PresenceRegistry;
import app.tandem.domain.WorkspaceService;
import java.util.Objects;

/**
 * The services the views use. Vaadin creates views with its default instantiator (no dependency injection), so
 * the composition root installs one instance at start-up, before the servlet serves its first request:
 * {@code UiServices.install(new UiServices(accounts, workspaces, engine, presence))}.
 */
public record UiServices(AccountService accounts, WorkspaceService workspaces, BoardEngine engine,
                         PresenceRegistry presence) {
    private static volatile UiServices installed;

    public UiServices {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(workspaces, "workspaces");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(presence, "presence");
    }

    /** Replaces any earlier instance (tests install a fresh set per test). */
    public static void install(UiServices services) {
        installed = Objects.requireNonNull(services, "services");
    }

    public static UiServices get() {
        UiServices s = installed;
        if (s == null) {
            throw new IllegalStateException("UiServices.install(...) was not called before the UI started");
        }
        return s;
    }
}
