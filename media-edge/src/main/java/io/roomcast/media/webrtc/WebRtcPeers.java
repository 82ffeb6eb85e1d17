package io.roomcast.media.webrtc;

import io.roomcast.media.auth.MediaClaims;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's WebRTC sessions, found by the edge's ufrag (ICE checks), by the address ICE selected
 * (DTLS, SRTP) and by id (WHIP/WHEP DELETE). A session is created by a WHIP or WHEP offer and waits
 * for its first valid ICE check for at most {@code pendingTimeout}; once bound, it lives as long as its
 * participant (consent freshness, room facts, DELETE). Thread-safe; lookups are lock-free.
 */
public final class WebRtcPeers {
    private static final char[] ICE_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /**
     * @param tracks a WHEP viewer's receive tracks at most (the room's loudest-N)
     * @param handshakeTimeout a DTLS handshake not done by then fails
     * @param pendingTimeout a session with no valid ICE check by then is dropped
     * @param allowGcm whether AEAD_AES_128_GCM may be negotiated
     * @param dtlsQueue DTLS records queued per session for its handshake thread at most
     * @param certificateValidity the DTLS certificate's validity from start-up
     */
    public record Settings(int tracks, Duration handshakeTimeout, Duration pendingTimeout, boolean allowGcm,
                           int dtlsQueue, Duration certificateValidity) {
    }

    private final Settings settings;
    private final DtlsCertificate certificate;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebRtcPeer> byUfrag = new ConcurrentHashMap<>();
    private final Map<String, WebRtcPeer> byId = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, WebRtcPeer> byAddress = new ConcurrentHashMap<>();

    /** Makes the edge's DTLS certificate and has the SRTP library pick its AES implementation (a few seconds). */
    public WebRtcPeers(Settings settings) {
        this.settings = settings;
        this.certificate = DtlsCertificate.generate(settings.certificateValidity());
        SrtpTransformer.warmUp();
    }

    public Settings settings() {
        return settings;
    }

    /** The edge's DTLS certificate (its fingerprint goes into every answer). */
    public DtlsCertificate certificate() {
        return certificate;
    }

    /**
     * Creates a session for a verified offer.
     *
     * @param ssrc WHIP: the publisher's SSRC from the offer; WHEP: ignored (the edge picks one)
     * @param tracks WHEP: receive tracks (1..settings.tracks); WHIP: ignored
     */
    public WebRtcPeer create(WebRtcPeer.Kind kind, MediaClaims claims, String remoteFingerprint, int ssrc,
                             int payloadType, int audioLevelId, int tracks, long nowNanos) {
        String ufrag = randomIce(8);
        while (byUfrag.containsKey(ufrag)) {
            ufrag = randomIce(8);
        }
        int[] trackSsrcs = new int[kind == WebRtcPeer.Kind.WHEP ? Math.max(1, tracks) : 0];
        for (int i = 0; i < trackSsrcs.length; i++) {
            trackSsrcs[i] = random.nextInt();
        }
        int bound = kind == WebRtcPeer.Kind.WHIP ? ssrc : random.nextInt();
        WebRtcPeer peer = new WebRtcPeer(randomId(), kind, claims, ufrag, randomIce(24), remoteFingerprint, bound,
            payloadType, audioLevelId, trackSsrcs, nowNanos, settings.dtlsQueue());
        byUfrag.put(ufrag, peer);
        byId.put(peer.id(), peer);
        return peer;
    }

    /** The track SSRCs a WHEP peer sends with, for its answer. */
    public static List<Integer> trackSsrcs(WebRtcPeer peer, int tracks) {
        List<Integer> ssrcs = new ArrayList<>();
        for (int i = 0; i < tracks; i++) {
            ssrcs.add(peer.trackSsrc(i));
        }
        return ssrcs;
    }

    public WebRtcPeer byUfrag(String ufrag) {
        return ufrag == null ? null : byUfrag.get(ufrag);
    }

    public WebRtcPeer byId(String id) {
        return byId.get(id);
    }

    /** The session whose selected address is {@code address}, or null. Lock-free. */
    public WebRtcPeer byAddress(InetSocketAddress address) {
        return byAddress.isEmpty() ? null : byAddress.get(address);
    }

    /** Whether any session has an address (plain-RTP-only edges skip the lookup). */
    public boolean anySelected() {
        return !byAddress.isEmpty();
    }

    /** Records that ICE selected {@code now} for {@code peer} (moving from {@code before}, possibly null). */
    public void selected(WebRtcPeer peer, InetSocketAddress before, InetSocketAddress now) {
        if (before != null) {
            byAddress.remove(before, peer);
        }
        WebRtcPeer previous = byAddress.put(now, peer);
        if (previous != null && previous != peer) {
            remove(previous);
            byAddress.put(now, peer);
        }
    }

    /** Forgets and closes a session. Idempotent. */
    public void remove(WebRtcPeer peer) {
        peer.close();
        byUfrag.remove(peer.localUfrag(), peer);
        byId.remove(peer.id(), peer);
        InetSocketAddress a = peer.address();
        if (a != null) {
            byAddress.remove(a, peer);
        }
    }

    /**
     * Drops sessions that got no valid ICE check within the pending timeout.
     *
     * @return sessions dropped
     */
    public int sweep(long nowNanos) {
        int dropped = 0;
        for (WebRtcPeer peer : byId.values()) {
            if (peer.participant() == null && nowNanos - peer.createdNanos() > settings.pendingTimeout().toNanos()) {
                remove(peer);
                dropped++;
            }
        }
        return dropped;
    }

    /** Every session (tests, health). */
    public Collection<WebRtcPeer> all() {
        return List.copyOf(byId.values());
    }

    private String randomIce(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    private String randomId() {
        return Long.toUnsignedString(random.nextLong(), 36) + Long.toUnsignedString(random.nextLong(), 36);
    }
}
