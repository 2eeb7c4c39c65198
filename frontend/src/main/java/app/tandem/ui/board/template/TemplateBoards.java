package app.tandem.ui.board.template;

import app.tandem.auth.Account;
import app.tandem.domain.BoardInfo;
import app.tandem.domain.template.TemplateSeeder;
import app.tandem.domain.template.Templates;
import app.tandem.ui.UiServices;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seeding a template board's sections and questions (idempotent, race-free: see {@link TemplateSeeder}). */
public final class TemplateBoards {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateBoards.class);

    private TemplateBoards() {
    }

    /** Starts seeding {@code board} as {@code as} if its type is a template; completes when its nodes exist. */
    public static CompletionStage<Void> seed(BoardInfo board, Account as) {
        return Templates.forType(board.type())
                .map(t -> {
                    CompletionStage<Void> s = TemplateSeeder.ensure(UiServices.get().engine(), board.id(), as.id(), t);
                    s.exceptionally(e -> {
                        LOG.info("Seeding board {} ({}) did not finish: {}", board.id(), board.type(), e.toString());
                        return null;
                    });
                    return s;
                })
                .orElse(CompletableFuture.completedFuture(null));
    }
}
