/**
 * Who may be heard, from Kafka: the room-state snapshots (bootstrap) and the room-events facts that
 * follow, applied to the edge's {@link io.roomcast.media.session.RoomAuthority}.
 */
package io.roomcast.media.feed;
