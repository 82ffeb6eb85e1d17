/**
 * Opus as the audio plane needs it: packet durations from the TOC byte (RFC 6716 section 3.1), for
 * pacing and RTP timestamps at the 48 kHz RTP clock (RFC 7587), and the Opus packets of Ogg Opus files
 * (RFC 3533 pages, RFC 7845 headers and granule positions), which load generators send as real speech.
 *
 * <p>Lives in media-edge, next to the RTP writer, so that the load generator depends on one module for
 * everything it puts on the wire and the edge and its load share one reading of Opus. Pure: no Netty,
 * Kafka or Micronaut class; no codec either (tests decode with concentus).
 */
package io.roomcast.media.opus;
