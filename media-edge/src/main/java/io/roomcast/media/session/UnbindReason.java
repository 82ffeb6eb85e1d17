package io.roomcast.media.session;

import java.util.Locale;

/** Why a binding ended (the {@code reason} tag of {@code roomcast_media_unbound_total}). */
public enum UnbindReason {
    /** The media token's exp passed (the client may bind again with a fresh token). */
    EXPIRED,
    /** No RTCP, binding refresh or accepted RTP for the silent timeout: a dead listener. */
    SILENT,
    /** The participant left the room, was kicked or banned (room-events). */
    LEFT,
    /** The room ended (room-events). */
    ROOM_ENDED,
    /** The participant sent an RTCP BYE (RFC 3550 section 6.6). */
    BYE,
    /** The same address bound again with another SSRC (the client restarted its stream). */
    REPLACED,
    /** A WebRTC session ended by its client: WHIP/WHEP DELETE or DTLS close_notify. */
    CLOSED,
    /** The sender sent over twice its packet-rate limit for over a second ({@code roomcast.media.packet-rate-limit}). */
    FLOODING;

    /** Lower-case name, the metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
