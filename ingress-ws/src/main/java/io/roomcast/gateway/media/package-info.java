/**
 * Media edge placement for {@code POST /rooms/{id}/media-token}: the pure {@link
 * io.roomcast.gateway.media.EdgeAssignment} (origin, least-loaded listener edge, relays brought in and
 * dropped) and its Redis adapter {@link io.roomcast.gateway.media.MediaEdgeDirectory}.
 */
package io.roomcast.gateway.media;
