/**
 * The edge's participants and the per-packet gate, without any transport: who bound which SSRC from
 * which address until when ({@link io.roomcast.media.session.Sessions}), the rooms' destination lists
 * ({@link io.roomcast.media.session.RoomMembers}), and the decision for each RTP and RTCP datagram
 * ({@link io.roomcast.media.session.RtpGate}, {@link io.roomcast.media.session.RtcpGate}): forward,
 * or drop with a {@link io.roomcast.media.session.DropReason}. Addresses are a type parameter (the
 * transport's socket address), so this package stays pure: no Netty, Kafka, Micronaut or socket class.
 */
package io.roomcast.media.session;
