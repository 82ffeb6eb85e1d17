package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.roomcast.media.auth.MediaClaims;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import io.roomcast.media.stun.IceCheck;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One socket's WebRTC path (docs/media-protocol.md, "WebRTC"): answers ICE connectivity and consent
 * checks as an ICE-lite agent (RFC 8445 section 2.5, RFC 7675), binding the session's participant to
 * the checked address at the first one; hands DTLS records from a selected address to the session's
 * handshake; unprotects SRTP/SRTCP once, then puts the plain RTP through the same gate as plain-RTP
 * speakers and forwards it ({@link Forwarder}: plain copies unchanged, WebRTC viewers through their
 * own {@code Egress}). Everything refused is dropped and counted. Not sharable: one per socket.
 */
final class WebRtcIngress {
    /** SRTP/SRTCP packets held per peer while its handshake ends: 320 ms of 20 ms Opus frames. */
    static final int EARLY_LIMIT = 16;

    private final WebRtcPeers peers;
    private final Sessions<InetSocketAddress> sessions;
    private final MediaMetrics<InetSocketAddress> metrics;
    private final WebRtcPeer.Listener listener;
    private final RelayUplinks uplinks;
    private final IceCheck check;
    private final long bindingLifetimeNanos;
    /** SRTP held per peer until its handshake ends; used by the socket's thread only. */
    private final Map<WebRtcPeer, ArrayDeque<Early>> early = new HashMap<>();

    /** @param bindingLifetimeNanos how long a WebRTC binding lasts without facts ending it (consent keeps it alive) */
    WebRtcIngress(WebRtcPeers peers, Sessions<InetSocketAddress> sessions, MediaMetrics<InetSocketAddress> metrics,
                  WebRtcPeer.Listener listener, RelayUplinks uplinks, int maxPacketBytes, long bindingLifetimeNanos) {
        this.peers = peers;
        this.sessions = sessions;
        this.metrics = metrics;
        this.listener = listener;
        this.uplinks = uplinks;
        this.check = new IceCheck(maxPacketBytes);
        this.bindingLifetimeNanos = bindingLifetimeNanos;
    }

    /** Whether this STUN datagram is an ICE check (USERNAME + MESSAGE-INTEGRITY, no MEDIA-TOKEN). */
    static boolean isIce(ByteBuffer buf, int offset, int length) {
        return IceCheck.looksLikeIce(buf, offset, length);
    }

    /** Answers an ICE check; the caller counted it as STUN received. */
    void ice(ChannelHandlerContext ctx, ByteBuffer buf, int offset, int length, InetSocketAddress source) {
        IceCheck.Status status = check.parse(buf, offset, length);
        switch (status) {
            case VALID -> { }
            case OVERSIZED -> {
                metrics.dropped(DropReason.OVERSIZED);
                return;
            }
            default -> {
                metrics.dropped(DropReason.STUN_MALFORMED);
                return;
            }
        }
        WebRtcPeer peer = peers.byUfrag(check.localUfrag());
        if (peer == null || peer.closed() || !check.integrityValid(peer.localPwd())) {
            metrics.dropped(DropReason.ICE_UNAUTHORIZED);
            reply(ctx.channel(), source, IceCheck.error(check.transactionId(), Stun.UNAUTHENTICATED, "Unauthenticated"));
            return;
        }
        long now = System.nanoTime();
        InetSocketAddress before = peer.address();
        Channel channel = ctx.channel();
        if (peer.checked(source, check.useCandidate(), (datagram, to) -> reply(channel, to, datagram))) {
            String refused = bind(peer, source, now);
            if (refused != null) {
                boolean revoked = refused.equals(Sessions.BindResult.Revoked.REASON);
                if (revoked) {
                    metrics.refused(refused);
                } else {
                    metrics.dropped(DropReason.ICE_UNAUTHORIZED);
                }
                reply(channel, source, IceCheck.error(check.transactionId(),
                    revoked ? Stun.FORBIDDEN : Stun.BAD_REQUEST, refused));
                return;
            }
            peers.selected(peer, before, source);
        }
        Participant<InetSocketAddress> participant = peer.participant();
        if (participant != null && source.equals(peer.address())) {
            participant.heard(now);
        }
        reply(channel, source, IceCheck.success(check.transactionId(), source.getAddress().getAddress(),
            source.getPort(), peer.localPwd()));
    }

    /**
     * Binds the peer's SSRC through the same revocation-aware path as a plain binding (the token's
     * {@code iat}: a leave, kick or ban since the offer refuses it).
     *
     * @return null when bound, else the reason: {@link Sessions.BindResult.Revoked#REASON} or {@code ssrc in use}
     */
    private String bind(WebRtcPeer peer, InetSocketAddress source, long now) {
        MediaClaims claims = peer.claims();
        return switch (sessions.bind(peer.ssrc(), claims.room(), claims.user(), claims.role(), claims.relayed(),
                claims.issuedAtSeconds(), source, now + bindingLifetimeNanos, now)) {
            case Sessions.BindResult.Bound<InetSocketAddress> bound -> {
                if (!bound.refreshed()) {
                    peer.bound(bound.participant());
                    metrics.bound(false);
                    if (claims.relayed()) {
                        uplinks.need(claims.room(), claims.origin(), claims.originAddress());
                    }
                }
                yield null;
            }
            case Sessions.BindResult.SsrcInUse<InetSocketAddress> inUse -> "ssrc in use";
            case Sessions.BindResult.Revoked<InetSocketAddress> revoked -> Sessions.BindResult.Revoked.REASON;
        };
    }

    /** A DTLS record (first byte 20..63). */
    void dtls(ByteBuffer buf, int offset, int length, InetSocketAddress source) {
        WebRtcPeer peer = peers.byAddress(source);
        if (peer == null) {
            metrics.dropped(DropReason.DTLS_UNBOUND);
            return;
        }
        byte[] record = new byte[length];
        buf.get(offset, record);
        WebRtcPeers.Settings s = peers.settings();
        if (!peer.dtls(record, peers.certificate(), (int) s.handshakeTimeout().toMillis(), s.allowGcm(), listener)) {
            metrics.dropped(DropReason.BACKPRESSURE);
        }
    }

    /**
     * SRTP or SRTCP from a WebRTC peer's selected address. Before the peer's keys are installed, while its
     * handshake is under way, up to {@link #EARLY_LIMIT} packets are held and handled in arrival order once
     * the handshake ends (the browser may send its first SRTP the moment the edge's Finished reached it);
     * otherwise they are dropped as {@code srtp_not_ready}.
     *
     * @return the number of datagrams queued for sending
     */
    int srtp(ChannelHandlerContext ctx, WebRtcPeer peer, ByteBuffer buf, int offset, int length, boolean rtcp,
             RtpGate<InetSocketAddress> gate, InetSocketAddress source) {
        if (length > buf.limit()) {
            metrics.dropped(DropReason.OVERSIZED);
            return 0;
        }
        byte[] packet = new byte[length];
        buf.get(offset, packet);
        if (!peer.ready() && hold(ctx, peer, new Early(packet, rtcp, source), gate)) {
            return 0;
        }
        if (!peer.ready()) {
            metrics.dropped(DropReason.SRTP_NOT_READY); // no handshake under way, or 16 already held: this one only
            return 0;
        }
        int queued = early.isEmpty() ? 0 : release(ctx, peer, gate);
        return queued + keyed(ctx, peer, packet, rtcp, gate, source);
    }

    /** An SRTP/SRTCP datagram held until its peer's handshake ends. */
    private record Early(byte[] packet, boolean rtcp, InetSocketAddress source) { }

    /** @return whether the packet is held (else the peer is ready, or it is to be dropped as not ready) */
    private boolean hold(ChannelHandlerContext ctx, WebRtcPeer peer, Early packet, RtpGate<InetSocketAddress> gate) {
        ArrayDeque<Early> held = early.get(peer);
        if (held == null) {
            if (!peer.whenHandshakeEnds(() -> ctx.executor().execute(() -> {
                if (release(ctx, peer, gate) > 0) {
                    ctx.flush();
                }
            }))) {
                return false;
            }
            held = new ArrayDeque<>();
            early.put(peer, held);
        }
        if (held.size() >= EARLY_LIMIT) {
            return false;
        }
        held.add(packet);
        return true;
    }

    /** Handles the peer's held packets, in arrival order (on the socket's thread). */
    private int release(ChannelHandlerContext ctx, WebRtcPeer peer, RtpGate<InetSocketAddress> gate) {
        ArrayDeque<Early> held = early.remove(peer);
        int queued = 0;
        if (held != null) {
            for (Early e : held) {
                queued += keyed(ctx, peer, e.packet(), e.rtcp(), gate, e.source());
            }
        }
        return queued;
    }

    private int keyed(ChannelHandlerContext ctx, WebRtcPeer peer, byte[] packet, boolean rtcp,
                      RtpGate<InetSocketAddress> gate, InetSocketAddress source) {
        if (!peer.ready()) {
            metrics.dropped(DropReason.SRTP_NOT_READY);
            return 0;
        }
        if (!rtcp && peer.kind() == WebRtcPeer.Kind.WHEP) {
            metrics.receivedRtp();
            metrics.dropped(DropReason.NOT_SPEAKER);
            return 0;
        }
        int plain = peer.unprotect(packet, packet.length, rtcp);
        if (plain < 0) {
            metrics.dropped(plain == -3 ? DropReason.SRTP_NOT_READY
                : plain == -2 ? DropReason.SRTP_REPLAYED : DropReason.SRTP_AUTH_FAILED);
            return 0;
        }
        long now = System.nanoTime();
        if (rtcp) {
            metrics.receivedRtcp();
            Participant<InetSocketAddress> p = peer.participant();
            if (p != null) {
                p.heard(now);
            }
            return 0;
        }
        metrics.receivedRtp();
        DropReason drop = gate.admit(ByteBuffer.wrap(packet, 0, plain), 0, plain, source, now);
        if (drop != null) {
            metrics.dropped(drop);
            return 0;
        }
        ByteBuf content = Unpooled.wrappedBuffer(packet, 0, plain);
        try {
            return Forwarder.forward(ctx, ctx.channel(), content, gate.room().members(), gate.sender(), metrics);
        } finally {
            content.release();
        }
    }

    /** Ends the peer's participant when its DTLS association closed or failed. */
    static void unbind(Sessions<InetSocketAddress> sessions, WebRtcPeer peer) {
        Participant<InetSocketAddress> p = peer.participant();
        if (p != null) {
            sessions.unbind(p, UnbindReason.CLOSED);
        }
    }

    private static void reply(Channel channel, InetSocketAddress to, byte[] datagram) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to), channel.voidPromise());
    }
}
