/**
 * The edge's registration in Redis (Lettuce): id, public UDP address, capacity and load, rewritten by a
 * heartbeat with a TTL, which the gateway reads to assign edges.
 */
package io.roomcast.media.registry;
