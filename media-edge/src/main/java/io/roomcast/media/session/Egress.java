package io.roomcast.media.session;

import io.roomcast.media.forwarding.Binding;
import java.nio.ByteBuffer;

/**
 * A participant's own way of receiving the room's packets, when it is not plain RTP (a WebRTC listener:
 * its tracks' SSRC rewriting and its SRTP context). Called by the forwarding threads for every copy:
 * implementations lock per participant.
 */
public interface Egress {
    /**
     * The datagram to send this participant for one forwarded plain RTP packet.
     *
     * @param plain the packet at absolute {@code offset}, {@code length} bytes; not modified
     * @param sender the speaker's binding on this edge, or null when the packet came from the room's origin edge
     *     (on a relay: the origin named the speaker in its CSRC already)
     * @return a new array holding exactly the datagram, or null to send nothing (keys not ready yet,
     *     a participant that receives nothing)
     */
    byte[] protect(ByteBuffer plain, int offset, int length, Binding sender, long nowNanos);
}
