/**
 * The media benchmark ({@code loadgen/bench-media}): cheap counting listeners and sinks, Janus as the
 * peer side by side, and the fan-out latency counts. The real media clients it drives (RTP speakers
 * sending the project's speech clips, decoding listeners, the frame check, media tokens) are in
 * {@code io.roomcast.clients.media}.
 */
package io.roomcast.loadgen.media;
