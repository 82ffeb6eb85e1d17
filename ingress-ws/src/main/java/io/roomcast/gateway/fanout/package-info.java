/**
 * The gateway's fan-out and resume as a pure core (no Netty, Micronaut, Kafka client or Lettuce):
 * {@link io.roomcast.gateway.fanout.Fanout} routes each room fact, encoded once as a
 * {@link io.roomcast.gateway.fanout.Frame}, to the bounded
 * {@link io.roomcast.gateway.fanout.SessionOutbox} of every local session of the room, in room order
 * and exactly once; {@link io.roomcast.gateway.fanout.RoomLog} keeps each room's recent facts for the
 * snapshot-then-stream handshake and RESUME; {@link io.roomcast.gateway.fanout.PartitionInterest}
 * tells the Kafka adapter which room-events partitions this node must read.
 *
 * <p>Adapters (Kafka consumer, WebSocket channels, Micrometer) live outside this package and call
 * it; {@code FanoutArchitectureTest} keeps infrastructure imports out.
 */
package io.roomcast.gateway.fanout;
