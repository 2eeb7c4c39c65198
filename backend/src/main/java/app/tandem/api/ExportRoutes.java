package app.tandem.api;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.engine.BoardView;
import app.tandem.collab.BoardDoc;
import app.tandem.domain.WorkspaceService;
import app.tandem.domain.template.MarkdownExport;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code GET /api/boards/{id}/export?format=md}: the board as Markdown ({@link MarkdownExport}), for any member of
 * its workspace, with a bearer token. Errors are the API's coded errors: UNAUTHENTICATED without a valid token,
 * NOT_FOUND for a board that does not exist or is not the caller's, BAD_REQUEST for a format other than
 * {@code md}. The document is read from this node's replica of the board (loaded on demand).
 */
public final class ExportRoutes {
    public static final String MARKDOWN = "md";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ApiServer api;
    private final WorkspaceService workspaces;
    private final Function<UUID, CompletionStage<BoardView>> documents;

    private ExportRoutes(ApiServer api, WorkspaceService workspaces, Function<UUID, CompletionStage<BoardView>> documents) {
        this.api = api;
        this.workspaces = workspaces;
        this.documents = documents;
    }

    /** Mounts the route; {@code documents} loads a board's current document (e.g. {@code engine::open}). */
    public static ExportRoutes mount(ApiServer api, WorkspaceService workspaces,
                                     Function<UUID, CompletionStage<BoardView>> documents) {
        ExportRoutes routes = new ExportRoutes(api, workspaces, documents);
        api.router().get("/api/boards/:id/export").handler(routes::export);
        return routes;
    }

    private void export(RoutingContext ctx) {
        String idText = ctx.pathParam("id");
        String format = ctx.queryParams().get("format");
        api.authenticate(ctx).compose(account -> {
            if (idText == null || !UUID_TEXT.matcher(idText).matches()) {
                return Future.failedFuture(new TandemException(ErrorCode.NOT_FOUND, "No such board."));
            }
            UUID boardId = UUID.fromString(idText);
            // Membership first: a board the caller cannot see is not found, whatever the format.
            return api.blocking(() -> workspaces.board(account, boardId));
        }).compose(board -> {
            if (format != null && !MARKDOWN.equals(format)) {
                return Future.failedFuture(new TandemException(ErrorCode.BAD_REQUEST,
                        "Unknown export format '" + format + "'; the only format is 'md'."));
            }
            return Future.fromCompletionStage(documents.apply(board.id()))
                    .map(view -> MarkdownExport.render(board, BoardDoc.fromJson(view.docJson())));
        }).onSuccess(md -> {
            if (ctx.response().ended()) {
                return;
            }
            ctx.response().putHeader("Cache-Control", "no-store")
                    .putHeader("Content-Type", "text/markdown; charset=utf-8")
                    .end(md);
        }).onFailure(e -> ctx.fail(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e));
    }
}
