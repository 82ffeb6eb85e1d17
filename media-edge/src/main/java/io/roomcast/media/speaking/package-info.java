/**
 * Who is talking: jitsi-utils' dominant speaker identification per room, fed the RFC 6464 levels of
 * forwarded speakers, reported as {@code SpeakingChanged} facts on room-events.
 */
package io.roomcast.media.speaking;
