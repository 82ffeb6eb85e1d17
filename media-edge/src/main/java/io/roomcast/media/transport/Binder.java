package io.roomcast.media.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.roomcast.media.auth.InvalidMediaTokenException;
import io.roomcast.media.auth.MediaClaims;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.forwarding.SourceRateLimiter;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.Egress;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.stun.BindingRequest;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.stun.StunStatus;
import io.roomcast.media.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Answers binding requests (docs/media-protocol.md): verifies the media token, binds the SSRC to the
 * request's source address until the token's exp (a token naming another edge as the room's origin
 * makes this edge relay the room: {@link RelayUplinks#need}; a relay edge bound here gets its copies through
 * {@link #RELAY_COPY}), and replies with a Binding Success Response
 * (XOR-MAPPED-ADDRESS, lifetime) or an Error Response: 400 (malformed request, SSRC in use), 401 (token
 * refused, the reason phrase says why), 403 {@code token revoked} (issued before the user left, was kicked
 * or banned), 420 (unknown comprehension-required attribute). STUN that is
 * not a binding request is dropped without reply, and so is a request over its source address's
 * limit ({@code roomcast.media.binding-rate-limit} requests/s), before its token is checked. Not
 * thread-safe: one per forwarding thread.
 */
final class Binder {
    /** Source addresses whose binding rate is remembered per forwarding thread. */
    private static final int MAX_SOURCES = 65_536;
    /**
     * What a relay edge bound here receives (docs/media-protocol.md, "Tracks"): each packet with its speaker as
     * CSRC, which the relay passes on to its own WebRTC listeners; it cannot tell whose a speaker's SSRC is.
     */
    static final Egress RELAY_COPY = (plain, offset, length, sender, nowNanos) -> sender == null ? null
        : ContributingSource.copyWith(plain, offset, length, sender.contributor(), 0);

    private final Sessions<InetSocketAddress> sessions;
    private final MediaTokenVerifier verifier;
    private final MediaMetrics<InetSocketAddress> metrics;
    private final RelayUplinks uplinks;
    private final BindingRequest request;
    private final SourceRateLimiter<InetSocketAddress> perSource;

    /** @param bindingRateLimit binding requests accepted per source address (IP and port), requests/s */
    Binder(Sessions<InetSocketAddress> sessions, MediaTokenVerifier verifier, MediaMetrics<InetSocketAddress> metrics,
           RelayUplinks uplinks, int maxPacketBytes, int bindingRateLimit) {
        this.sessions = sessions;
        this.uplinks = uplinks;
        this.verifier = verifier;
        this.metrics = metrics;
        this.request = new BindingRequest(maxPacketBytes);
        this.perSource = new SourceRateLimiter<>(bindingRateLimit, MAX_SOURCES);
    }

    void handle(ChannelHandlerContext ctx, ByteBuffer buf, int offset, int length, InetSocketAddress source) {
        metrics.receivedStun();
        StunStatus status = request.parse(buf, offset, length);
        switch (status) {
            case VALID -> {
                if (perSource.tryAcquire(source, System.nanoTime())) {
                    bind(ctx, source);
                } else {
                    metrics.dropped(DropReason.BINDING_RATE_LIMITED);
                }
            }
            case OVERSIZED -> metrics.dropped(DropReason.OVERSIZED);
            case MALFORMED, NOT_BINDING_REQUEST -> metrics.dropped(DropReason.STUN_MALFORMED);
            case UNKNOWN_ATTRIBUTE -> refuse(ctx, source, Stun.UNKNOWN_ATTRIBUTE, "unknown attribute");
            case BAD_ATTRIBUTE_LENGTH -> refuse(ctx, source, Stun.BAD_REQUEST, "bad attribute length");
            case MISSING_ATTRIBUTE -> refuse(ctx, source, Stun.BAD_REQUEST, "missing attribute");
        }
    }

    private void bind(ChannelHandlerContext ctx, InetSocketAddress source) {
        MediaClaims claims;
        try {
            claims = verifier.verify(request.token());
        } catch (InvalidMediaTokenException e) {
            refuse(ctx, source, Stun.UNAUTHENTICATED, e.getMessage());
            return;
        }
        long now = System.nanoTime();
        long lifetimeMs = Math.max(0, claims.expiresAtMs() - System.currentTimeMillis());
        long expiresAt = now + TimeUnit.MILLISECONDS.toNanos(lifetimeMs);
        switch (sessions.bind(request.ssrc(), claims.room(), claims.user(), claims.role(), claims.relayed(),
                claims.issuedAtSeconds(), source, expiresAt, now)) {
            case Sessions.BindResult.Bound<InetSocketAddress> bound -> {
                metrics.bound(bound.refreshed());
                if (RelayTokens.ROLE.equals(claims.role())) {
                    bound.participant().egress(RELAY_COPY);
                }
                if (claims.relayed()) {
                    uplinks.need(claims.room(), claims.origin(), claims.originAddress());
                }
                reply(ctx, source, StunWriter.bindingSuccess(request.transactionId(), source.getAddress().getAddress(),
                    source.getPort(), TimeUnit.MILLISECONDS.toSeconds(lifetimeMs)));
            }
            case Sessions.BindResult.SsrcInUse<InetSocketAddress> inUse ->
                refuse(ctx, source, Stun.BAD_REQUEST, "ssrc in use");
            case Sessions.BindResult.Revoked<InetSocketAddress> revoked ->
                refuse(ctx, source, Stun.FORBIDDEN, Sessions.BindResult.Revoked.REASON);
        }
    }

    private void refuse(ChannelHandlerContext ctx, InetSocketAddress source, int code, String reason) {
        metrics.refused(reason);
        reply(ctx, source, StunWriter.bindingError(request.transactionId(), code, reason));
    }

    private static void reply(ChannelHandlerContext ctx, InetSocketAddress to, byte[] message) {
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(message), to), ctx.voidPromise());
    }
}
