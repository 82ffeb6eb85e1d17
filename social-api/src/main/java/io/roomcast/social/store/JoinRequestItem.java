package io.roomcast.social.store;

import io.micronaut.core.annotation.Introspected;

/** A pending join request of a private club; {@code requestedAt} epoch ms. */
@Introspected
public record JoinRequestItem(String userId, String username, String displayName, long requestedAt) {
}
