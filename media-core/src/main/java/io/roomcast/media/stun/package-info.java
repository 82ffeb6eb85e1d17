/**
 * STUN (RFC 8489) as the edge's binding handshake (docs/media-protocol.md): a participant's first
 * datagram is a Binding Request carrying its media token and SSRC in two comprehension-optional
 * attributes; the edge answers with a Binding Success Response (XOR-MAPPED-ADDRESS, binding lifetime)
 * or an Error Response (ERROR-CODE). The same message format is what ICE connectivity checks use, so
 * the port is ready for ICE and DTLS later (RFC 7983 demultiplexing by first byte). Pure: no Netty,
 * Kafka or Micronaut class, no socket class (addresses are raw bytes).
 */
package io.roomcast.media.stun;
