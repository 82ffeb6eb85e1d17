/**
 * The web client (module {@code web/}, its production build on the class path under {@code public/}) served on the
 * gateway's origin: {@code /assets/**} by Micronaut's static resources ({@code micronaut.router.static-resources.web}
 * in application.yml) with long cache headers ({@link io.roomcast.gateway.web.AssetCacheFilter}), the page itself at
 * {@code /} and at the client's own routes ({@link io.roomcast.gateway.web.WebClientController}). No REST or
 * WebSocket path is shadowed: static resources answer only what no route matches.
 */
package io.roomcast.gateway.web;
