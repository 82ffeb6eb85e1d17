package io.roomcast.social.store;

import io.micronaut.core.annotation.Introspected;

/** A club member in a list; {@code joinedAt} epoch ms, {@code role} admin, moderator or member. */
@Introspected
public record MemberItem(String userId, String username, String displayName, String role, long joinedAt) {
}
