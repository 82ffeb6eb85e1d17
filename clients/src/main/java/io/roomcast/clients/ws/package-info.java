/**
 * A real WebSocket client of the gateway (docs/protocol.md) that records every frame it receives, for
 * the demo's scenarios and the gateway's end-to-end tests.
 */
package io.roomcast.clients.ws;
