package app.tandem.api.ws;

import app.tandem.auth.Account;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Presence as {@link EngineGateway} needs it: join a board's presence as one session and hear the others. The
 * implementation over the cluster's presence registry (Hazelcast map with TTL + event bus) is
 * {@code RegistryPresence}; access to the board is checked by the gateway before joining.
 */
@FunctionalInterface
public interface BoardPresence {
    CompletionStage<BoardGateway.PresenceSession> join(Account actor, UUID boardId, String sessionId,
                                                       BoardGateway.PresenceListener listener);
}
