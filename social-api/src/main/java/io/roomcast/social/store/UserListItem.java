package io.roomcast.social.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** A user in a followers/following list; {@code since} is when the follow was made, epoch ms. */
@Introspected
public record UserListItem(String userId, String username, String displayName, @Nullable String avatarUrl, long since) {
}
