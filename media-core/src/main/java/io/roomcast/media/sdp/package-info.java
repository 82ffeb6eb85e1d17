/**
 * WebRTC session descriptions as the media edge reads and writes them (RFC 8866, JSEP RFC 8829, WHIP
 * RFC 9725): the offer's ICE credentials, DTLS fingerprint and audio sections ({@link
 * io.roomcast.media.sdp.SdpOffer}), and the edge's ICE-lite answer ({@link io.roomcast.media.sdp.SdpAnswer}).
 * Pure: no I/O, no dependency.
 */
package io.roomcast.media.sdp;
