/**
 * Real media participants (docs/media-protocol.md) on real UDP sockets: {@link
 * io.roomcast.clients.media.RtpSpeaker}s that bind to a media edge with their media token and send the
 * real Opus packets of an Ogg Opus file ({@link io.roomcast.clients.media.SpeechClip}, the project's
 * clips in {@code speech/}) as RTP, {@link io.roomcast.clients.media.SpeechListener}s that bind, report
 * (RTCP) and decode what they receive, and the {@link io.roomcast.clients.media.FrameCheck} comparing
 * both; {@link io.roomcast.clients.media.MediaMoves}, whether a {@code media_moved} frame (media edge
 * fail-over) asks a binding to move. Used by the load generator, the demo and the media edge's end-to-end tests.
 */
package io.roomcast.clients.media;
