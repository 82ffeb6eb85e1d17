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
