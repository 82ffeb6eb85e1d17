package io.roomcast.gateway.protocol;

import java.util.Objects;

/**
 * What the session registry says about the session a RESUME names ({@link SessionAction.LookUpSession}),
 * handed back to {@link SessionProtocol#sessionLookedUp(SessionVerdict, java.time.Instant)}.
 */
public sealed interface SessionVerdict {

    /** The session is live (or within its TTL) and belongs to the resuming user: RESUMED. */
    record Owned() implements SessionVerdict {}

    /** No such session, or it expired: INVALID_SESSION {@code unknown_session}. */
    record Unknown() implements SessionVerdict {}

    /** The session belongs to another user: INVALID_SESSION {@code not_your_session}. */
    record OtherUsers() implements SessionVerdict {}

    /**
     * The registry could not be asked (e.g. Redis unreachable): the connection is closed with 4000
     * ({@code unknown_error}); the client retries the RESUME later.
     *
     * @param detail what failed, for the close reason
     */
    record Unavailable(String detail) implements SessionVerdict {}

    /**
     * The verdict for a resume by {@code userId} of a session the registry holds for {@code owner}.
     *
     * @param owner  the user id stored for the session, or null if there is none (unknown or expired)
     * @param userId the resuming user (the token's subject)
     */
    static SessionVerdict of(String owner, String userId) {
        Objects.requireNonNull(userId, "userId");
        if (owner == null) {
            return new Unknown();
        }
        return owner.equals(userId) ? new Owned() : new OtherUsers();
    }
}
