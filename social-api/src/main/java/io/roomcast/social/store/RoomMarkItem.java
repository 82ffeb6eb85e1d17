package io.roomcast.social.store;

import io.micronaut.core.annotation.Introspected;

/** One user's mark on a room: {@code relation} HIDES or REMINDS. */
@Introspected
public record RoomMarkItem(String userId, String relation) {
}
