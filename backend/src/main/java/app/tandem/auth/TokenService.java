package app.tandem.auth;

import java.util.Optional;

/** Bearer tokens for API clients. Stored hashed in the database, so every cluster node accepts them. */
public interface TokenService {

    /** A new random token for the account (returned once, in clear). */
    String issue(Account account);

    /** The account the token belongs to, unless it is unknown, revoked or expired. */
    Optional<Account> resolve(String token);

    /** Log out: the token stops working on every node. Unknown tokens are ignored. */
    void revoke(String token);
}
