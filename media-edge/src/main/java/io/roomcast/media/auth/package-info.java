/**
 * Media token verification (the JWT the gateway issues at {@code POST /rooms/{id}/media-token}):
 * signature, audience, token use, expiry and edge, with nimbus-jose-jwt.
 */
package io.roomcast.media.auth;
