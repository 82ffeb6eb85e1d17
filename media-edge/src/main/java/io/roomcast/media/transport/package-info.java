/**
 * The UDP transport on Netty: one port for binding requests (STUN), RTP and RTCP, demultiplexed by
 * first byte (RFC 7983, RFC 5761 section 4); native epoll with SO_REUSEPORT sockets, recvmmsg and
 * sendmmsg where it loads, NIO otherwise. The handlers only move bytes: the decisions are the pure
 * {@link io.roomcast.media.session} gates'.
 */
package io.roomcast.media.transport;
