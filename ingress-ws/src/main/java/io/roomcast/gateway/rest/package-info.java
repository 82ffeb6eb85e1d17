/**
 * The REST API of ingress-ws: {@code POST /rooms} (create or schedule: a command on
 * {@code room-commands}), {@code GET /rooms} (live public rooms, paginated), {@code GET /rooms/{id}}
 * (snapshot from the Redis read model), {@code POST /rooms/{id}/media-token}. Pure parts
 * ({@link io.roomcast.gateway.rest.RoomRequests}, {@link io.roomcast.gateway.rest.RoomViews},
 * {@link io.roomcast.gateway.rest.ListingCursor}) are tested without servers; the adapters
 * ({@link io.roomcast.gateway.rest.RoomCommandPublisher}, {@link io.roomcast.gateway.rest.RoomReadModelReader},
 * {@link io.roomcast.gateway.rest.GatewayRedis}) talk to Kafka and Redis.
 */
package io.roomcast.gateway.rest;
