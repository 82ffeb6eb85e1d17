/**
 * RTP as the edge sees it (RFC 3550 section 5; header extensions RFC 8285; audio level RFC 6464):
 * an allocation-free, reusable packet view that validates a datagram in place and names why it is
 * refused ({@link io.roomcast.media.rtp.RtpStatus}), a writer for load generators, and the receiver-side
 * statistics of appendix A (sequence tracking A.1/A.3, jitter A.8).
 *
 * <p>Conventions: offsets are absolute indexes into a {@link java.nio.ByteBuffer} (or byte array), lengths
 * are bytes, SSRCs and RTP timestamps are the raw 32 bits in an {@code int}, RTP timestamps count the
 * payload's clock (48 kHz for Opus, RFC 7587 section 4.1). Pure: no Netty, Kafka or Micronaut class.
 */
package io.roomcast.media.rtp;
