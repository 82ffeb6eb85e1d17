/**
 * Redis helpers shared by the services that talk to Redis (ingress-ws, room-state-stream): Lettuce is an
 * optional dependency of this module, so a service uses them only with its own {@code lettuce-core}.
 */
package io.roomcast.schemas.redis;
