/**
 * Simulated media participants (docs/media-protocol.md) on real UDP sockets: {@link
 * io.roomcast.loadgen.media.RtpSpeaker}s that bind to a media edge with their media token and send the
 * real Opus packets of an Ogg Opus file ({@link io.roomcast.loadgen.media.SpeechClip}) as RTP,
 * {@link io.roomcast.loadgen.media.SpeechListener}s that bind, report (RTCP) and decode what they
 * receive, the {@link io.roomcast.loadgen.media.FrameCheck} comparing both, and the cheap counting
 * listeners and peers of the media benchmark ({@code loadgen/bench-media}).
 */
package io.roomcast.loadgen.media;
