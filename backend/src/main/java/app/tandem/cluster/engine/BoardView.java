package app.tandem.cluster.engine;

import java.util.UUID;

/** A board's document as this node's replica has it: the revision and the document JSON at that revision. */
public record BoardView(UUID boardId, long rev, String docJson) {
}
