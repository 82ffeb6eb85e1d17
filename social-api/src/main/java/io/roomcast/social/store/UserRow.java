package io.roomcast.social.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code users} (V1__users_clubs_graph.sql); times epoch ms. */
@MappedEntity("users")
public record UserRow(@Id String id, String username, String displayName, @Nullable String bio,
                      @Nullable String avatarUrl, long createdAt, long followerCount, long followingCount,
                      int invitesLeft, long version) {
}
