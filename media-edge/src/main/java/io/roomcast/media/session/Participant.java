package io.roomcast.media.session;

import io.roomcast.media.forwarding.Binding;
import io.roomcast.media.forwarding.PacketRateLimiter;

/**
 * One bound participant stream: its {@link Binding} (SSRC, room, user, whether it is forwarded), the
 * address it binds from (where the room's packets go and the only address its SSRC is accepted from),
 * the token's expiry and when it was last heard from. Address, expiry and last-heard are volatile:
 * written by the binding and packet paths, read by the sweep and by other forwarding threads.
 *
 * @param <A> the transport's address type
 */
public final class Participant<A> {
    private final Binding binding;
    private final String role;
    private final boolean relayed;
    private final PacketRateLimiter limiter;
    private volatile A address;
    private volatile long expiresAtNanos;
    private volatile long lastHeardNanos;
    private volatile Egress egress;
    private volatile int audioLevelId = -1;

    Participant(Binding binding, String role, boolean relayed, A address, long expiresAtNanos, long nowNanos,
                int packetsPerSecond) {
        this.binding = binding;
        this.role = role;
        this.relayed = relayed;
        this.address = address;
        this.expiresAtNanos = expiresAtNanos;
        this.lastHeardNanos = nowNanos;
        this.limiter = new PacketRateLimiter(packetsPerSecond);
    }

    /** The forwarding binding: SSRC, room, user, and whether its packets go out now. */
    public Binding binding() {
        return binding;
    }

    /** SSRC, raw 32 bits. */
    public int ssrc() {
        return binding.ssrc();
    }

    /** The role the media token named at binding time (informational: facts decide forwarding). */
    public String role() {
        return role;
    }

    /**
     * Whether it bound with a token for a relay edge of its room: the room's audio comes from the origin
     * edge, so nothing this participant sends is forwarded here (speakers publish to the origin).
     */
    public boolean relayed() {
        return relayed;
    }

    /** Where this participant's packets come from and where its room's packets go. */
    public A address() {
        return address;
    }

    /** Expiry of its media token, {@link System#nanoTime()} ns. */
    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    /** When a sign of life last arrived, {@link System#nanoTime()} ns. */
    public long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Whether the token has expired at {@code nowNanos}. */
    public boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** Records a sign of life (RTCP, accepted RTP, binding refresh). */
    public void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    /** How this participant receives, when not plain RTP (WebRTC), or null: the packet unchanged. */
    public Egress egress() {
        return egress;
    }

    /** Sets how this participant receives ({@link #egress()}). */
    public void egress(Egress egress) {
        this.egress = egress;
    }

    /** The RFC 8285 id of the RFC 6464 level in this participant's packets (negotiated in SDP), or -1: the edge's default. */
    public int audioLevelId() {
        return audioLevelId;
    }

    /** Sets the negotiated audio-level extension id ({@link #audioLevelId()}). */
    public void audioLevelId(int id) {
        this.audioLevelId = id;
    }

    PacketRateLimiter limiter() {
        return limiter;
    }

    void refresh(A newAddress, long newExpiresAtNanos, long nowNanos) {
        address = newAddress;
        expiresAtNanos = newExpiresAtNanos;
        lastHeardNanos = nowNanos;
    }

    @Override
    public String toString() {
        return "Participant[" + binding + ", address=" + address + "]";
    }
}
