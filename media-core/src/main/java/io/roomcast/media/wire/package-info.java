/**
 * Byte-level helpers shared by the RTP and RTCP codecs: big-endian access at absolute indexes of a
 * {@link java.nio.ByteBuffer}. Pure: no Netty, Kafka or Micronaut class.
 */
package io.roomcast.media.wire;
