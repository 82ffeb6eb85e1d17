package io.roomcast.media.webrtc;

import io.roomcast.media.auth.MediaClaims;
import io.roomcast.media.forwarding.Binding;
import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.forwarding.TrackMap;
import io.roomcast.media.session.Egress;
import io.roomcast.media.session.Participant;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * One WebRTC session (a WHIP publisher or a WHEP viewer) on the edge: its ICE-lite credentials, the
 * offerer's DTLS fingerprint, the address ICE selected, the DTLS handshake (Bouncy Castle, on a virtual
 * thread, fed by the socket thread through a bounded queue), then its {@link SrtpTransformer}.
 * As an {@link Egress}, a WHEP viewer maps the room's streams onto its fixed tracks ({@link TrackMap}), each copy
 * naming its speaker as CSRC ({@link ContributingSource}), and SRTP-protects each copy; a WHIP publisher receives nothing. Thread-safe.
 */
public final class WebRtcPeer implements Egress {
    /** WHIP: the browser publishes; WHEP: the browser plays the room. */
    public enum Kind { WHIP, WHEP }

    /** Sends a datagram from the edge's port (the socket the peer's checks came in on). */
    public interface Sink {
        void send(byte[] datagram, InetSocketAddress to);
    }

    /** Told when a peer's DTLS handshake ended, well or not, and when its DTLS association closed. */
    public interface Listener {
        void handshake(WebRtcPeer peer, boolean ok, String reason);

        void closed(WebRtcPeer peer);
    }

    private static final int RECEIVE_LIMIT = 1500;
    private static final int SEND_LIMIT = 1200;

    private final String id;
    private final Kind kind;
    private final MediaClaims claims;
    private final String localUfrag;
    private final String localPwd;
    private final String remoteFingerprint;
    private final int ssrc;
    private final int payloadType;
    private final int audioLevelId;
    private final TrackMap tracks;
    private final long createdNanos;
    private final BlockingQueue<byte[]> dtlsIn;
    private volatile InetSocketAddress address;
    private volatile boolean nominated;
    private volatile Sink sink;
    private volatile SrtpTransformer srtp;
    private volatile Participant<InetSocketAddress> participant;
    private volatile boolean closed;
    private volatile DTLSTransport dtls;
    private Thread handshake;
    private List<Runnable> whenHandshakeEnds = new ArrayList<>();

    WebRtcPeer(String id, Kind kind, MediaClaims claims, String localUfrag, String localPwd, String remoteFingerprint,
               int ssrc, int payloadType, int audioLevelId, int[] trackSsrcs, long nowNanos, int dtlsQueue) {
        this.id = id;
        this.kind = kind;
        this.claims = claims;
        this.localUfrag = localUfrag;
        this.localPwd = localPwd;
        this.remoteFingerprint = remoteFingerprint;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.audioLevelId = audioLevelId;
        this.tracks = kind == Kind.WHEP ? new TrackMap(trackSsrcs) : null;
        this.createdNanos = nowNanos;
        this.dtlsIn = new ArrayBlockingQueue<>(dtlsQueue);
    }

    /** The session id (the WHIP/WHEP resource's last path segment). */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The verified media token's claims. */
    public MediaClaims claims() {
        return claims;
    }

    /** The edge's ufrag for this session (the first part of the checks' USERNAME). */
    public String localUfrag() {
        return localUfrag;
    }

    /** The edge's ICE password: the MESSAGE-INTEGRITY key of the checks. */
    public String localPwd() {
        return localPwd;
    }

    /** The SSRC bound in the edge's sessions: the publisher's (from the offer) or, for a viewer, one the edge picked. */
    public int ssrc() {
        return ssrc;
    }

    /** The SSRC of WHEP track {@code i}. */
    public int trackSsrc(int i) {
        return tracks.ssrc(i);
    }

    /** The RFC 6464 extension id the offer negotiated, or -1. */
    public int audioLevelId() {
        return audioLevelId;
    }

    /** When the session was created (nanoTime). */
    public long createdNanos() {
        return createdNanos;
    }

    /** The address ICE selected, or null before the first valid check. */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound participant, or null before the first valid check. */
    public Participant<InetSocketAddress> participant() {
        return participant;
    }

    /** Whether SRTP keys are installed. */
    public boolean ready() {
        return srtp != null;
    }

    public boolean closed() {
        return closed;
    }

    /**
     * Runs {@code task} once the DTLS handshake under way ends, well ({@link #ready()}) or not, on the
     * handshake's thread. The edge installs its keys just after sending its last flight (bctls notifies the
     * handshake's end after the Finished is sent, RFC 6347 section 4.2.4), so the browser's first SRTP can
     * arrive before them: the socket thread holds such packets and hands them over with this.
     *
     * @return false, and {@code task} will not run, when no handshake has begun or it has already ended
     */
    public synchronized boolean whenHandshakeEnds(Runnable task) {
        if (handshake == null || whenHandshakeEnds == null) {
            return false;
        }
        whenHandshakeEnds.add(task);
        return true;
    }

    private void handshakeEnded() {
        List<Runnable> tasks;
        synchronized (this) {
            tasks = whenHandshakeEnds;
            whenHandshakeEnds = null;
        }
        if (tasks != null) {
            tasks.forEach(Runnable::run);
        }
    }

    /**
     * A valid check came from {@code from}: the first one, or one nominating its pair (USE-CANDIDATE),
     * selects that address (RFC 8445 section 8.1.1; a lite agent takes the controlling side's choice).
     *
     * @return whether the selected address changed
     */
    public synchronized boolean checked(InetSocketAddress from, boolean useCandidate, Sink via) {
        if (address == null || (useCandidate && (!nominated || !address.equals(from)))) {
            boolean changed = !from.equals(address);
            address = from;
            sink = via;
            nominated |= useCandidate;
            return changed;
        }
        return false;
    }

    /** Sets the bound participant (after the first valid check bound it). */
    public void bound(Participant<InetSocketAddress> p) {
        this.participant = p;
        p.audioLevelId(audioLevelId);
        p.egress(this);
    }

    /**
     * A DTLS record from the selected address: starts the handshake at the first, queues it otherwise.
     *
     * @return false when it was not taken (queue full, session closed)
     */
    public boolean dtls(byte[] record, DtlsCertificate certificate, int handshakeTimeoutMillis, boolean allowGcm,
                        Listener listener) {
        if (closed) {
            return false;
        }
        synchronized (this) {
            if (handshake == null) {
                handshake = Thread.ofVirtual().name("dtls-" + id).start(
                    () -> runDtls(certificate, handshakeTimeoutMillis, allowGcm, listener));
            }
        }
        return dtlsIn.offer(record);
    }

    private void runDtls(DtlsCertificate certificate, int timeoutMillis, boolean allowGcm, Listener listener) {
        DtlsSrtpServer server = new DtlsSrtpServer(certificate, remoteFingerprint, timeoutMillis, allowGcm);
        boolean keyed = false;
        try {
            DTLSTransport transport = new DTLSServerProtocol().accept(server, new QueueTransport());
            this.dtls = transport;
            this.srtp = new SrtpTransformer(server.keys(), 8);
            keyed = true;
            handshakeEnded();
            listener.handshake(this, true, server.keys().profile().name());
            byte[] buf = new byte[RECEIVE_LIMIT];
            while (!closed) {
                // No data channel: records after the handshake are alerts; close_notify ends the session.
                transport.receive(buf, 0, buf.length, 1000);
            }
        } catch (IOException | RuntimeException e) {
            if (!keyed) {
                handshakeEnded();
                listener.handshake(this, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        } finally {
            if (!closed) {
                listener.closed(this);
            }
        }
    }

    /**
     * Unprotects one SRTP (or, with {@code rtcp}, SRTCP) datagram in place.
     *
     * @return the plain length, {@link SrtpTransformer#AUTH_FAILED}, {@link SrtpTransformer#REPLAYED}, or
     *     -3 when keys are not installed yet
     */
    public int unprotect(byte[] packet, int length, boolean rtcp) {
        SrtpTransformer t = srtp;
        if (t == null) {
            return -3;
        }
        return rtcp ? t.unprotectRtcp(packet, length) : t.unprotectRtp(packet, length);
    }

    @Override
    public byte[] protect(ByteBuffer plain, int offset, int length, Binding sender, long nowNanos) {
        SrtpTransformer t = srtp;
        if (t == null || tracks == null || closed) {
            return null;
        }
        byte[] packet;
        int plainLength;
        if (sender == null) {
            packet = new byte[length + t.tagBytes()];
            plain.get(offset, packet, 0, length);
            plainLength = length;
        } else {
            packet = ContributingSource.copyWith(plain, offset, length, sender.contributor(), t.tagBytes());
            plainLength = ContributingSource.copiedLength(plain.get(offset), length);
        }
        synchronized (this) {
            tracks.rewrite(packet, 0, payloadType, nowNanos);
            int n = t.protectRtp(packet, plainLength);
            return n == packet.length ? packet : null;
        }
    }

    /** Ends the session: DTLS close_notify (best effort), keys dropped. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
        SrtpTransformer s = srtp;
        srtp = null;
        if (s != null) {
            s.close();
        }
        Thread h = handshake;
        if (h != null) {
            h.interrupt();
        }
    }

    /** DTLS over the edge's socket: records in from the socket thread's queue, out through the sink. */
    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return SEND_LIMIT;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new InterruptedIOException("session closed");
            }
            try {
                byte[] record = dtlsIn.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                if (record == null) {
                    return -1;
                }
                int n = Math.min(len, record.length);
                System.arraycopy(record, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                throw new InterruptedIOException("session closed");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            InetSocketAddress to = address;
            Sink s = sink;
            if (closed || to == null || s == null) {
                throw new IOException("session closed");
            }
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            s.send(copy, to);
        }

        @Override
        public void close() {
            // the edge's socket stays open
        }
    }

    @Override
    public String toString() {
        return "WebRtcPeer[" + kind + " " + id + " " + claims.user() + "@" + claims.room() + " " + address + "]";
    }
}
