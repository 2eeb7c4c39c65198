package app.tandem.domain.template;

import app.tandem.ErrorCode;
import app.tandem.TandemException;
import app.tandem.cluster.engine.BoardEngine;
import app.tandem.cluster.engine.SubmitRequest;
import app.tandem.collab.BoardDoc;
import app.tandem.collab.Op;
import app.tandem.collab.OpJson;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Builds a template's nodes in a board through ordinary engine ops, idempotently and race-free. Every seeder of a
 * template sends the same ops under the same identity: clientId {@code "tpl-<template id>"} and clientSeq = the
 * op's place in {@link BoardTemplate#seedOps()} (1-based). The sequencer deduplicates by (clientId, clientSeq), so
 * when two people open a new board at once the second seeder's ops return the first ack and apply nothing; a node
 * that is already there is skipped, and a create the sequencer rejects because the id exists (INVALID_OP) is
 * ignored. Ops are sent one after the other (a section before its questions).
 */
public final class TemplateSeeder {
    private TemplateSeeder() {
    }

    public static String clientId(BoardTemplate template) {
        return "tpl-" + template.id();
    }

    /** Creates the template's missing nodes as {@code accountId} (who must be able to edit the board). */
    public static CompletionStage<Void> ensure(BoardEngine engine, UUID boardId, UUID accountId, BoardTemplate template) {
        return engine.open(boardId).thenCompose(view -> {
            BoardDoc doc = BoardDoc.fromJson(view.docJson());
            List<Op.Create> ops = template.seedOps();
            CompletableFuture<Long> chain = CompletableFuture.completedFuture(view.rev());
            for (int i = 0; i < ops.size(); i++) {
                Op.Create op = ops.get(i);
                if (doc.has(op.node())) {
                    continue;
                }
                long seq = i + 1;
                String json = OpJson.write(op);
                chain = chain.thenCompose(base -> engine.submit(
                                new SubmitRequest(boardId, accountId, clientId(template), seq, base, json))
                        .handle((ack, failure) -> {
                            if (failure == null) {
                                return Math.max(base, ack.rev());
                            }
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            if (cause instanceof TandemException te && te.code() == ErrorCode.INVALID_OP) {
                                return base; // created meanwhile by another seeder
                            }
                            throw failure instanceof CompletionException ce ? ce : new CompletionException(cause);
                        }));
            }
            return chain.thenApply(rev -> null);
        });
    }
}
