package app.tandem.api;

import app.tandem.auth.AccountService;
import app.tandem.auth.TokenService;
import app.tandem.domain.WorkspaceService;

/** The services the REST API calls; built once by the composition root. All but {@code health} may block. */
public record ApiServices(AccountService accounts, TokenService tokens, WorkspaceService workspaces, NodeHealth health) {
}
