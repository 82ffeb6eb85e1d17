/**
 * The forwarding decisions of the SFU, without any transport: which SSRC belongs to which participant
 * ({@link io.roomcast.media.forwarding.ForwardingTable}, lock-free lookups), whether that participant
 * is a current unmuted speaker (from room facts given as plain method calls), and which speakers'
 * packets go out when more than N talk ({@link io.roomcast.media.forwarding.LoudestSpeakers}, by RFC
 * 6464 level). Pure: no Netty, Kafka or Micronaut class; the hot-path calls allocate nothing.
 */
package io.roomcast.media.forwarding;
