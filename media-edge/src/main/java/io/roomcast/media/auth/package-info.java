/**
 * Media token verification (the JWT the gateway issues at {@code POST /rooms/{id}/media-token}):
 * signature, audience, token use, expiry, edge and, on a relay edge, the room's origin, with
 * nimbus-jose-jwt; and the relay tokens an edge signs to bind to a room's origin as its relay.
 */
package io.roomcast.media.auth;
