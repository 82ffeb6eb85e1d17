package io.roomcast.clients.webrtc;

import io.roomcast.media.stun.IceCheck;
import io.roomcast.media.stun.Stun;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * A simulated WebRTC client of the media edge (benchmarks, tests): what a browser does, in Java, on one
 * UDP socket of 127.0.0.1. It POSTs an SDP offer to WHIP or WHEP with the media token as bearer, sends
 * ICE checks (USERNAME, MESSAGE-INTEGRITY, FINGERPRINT, USE-CANDIDATE) to the answer's host candidate,
 * runs the DTLS 1.2 client handshake with use_srtp (Bouncy Castle), then protects what it sends (WHIP)
 * and counts, and optionally unprotects, what it receives (WHEP) with jitsi-srtp.
 */
public final class WebRtcClient implements AutoCloseable {
    private static final char[] ICE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsSrtpClient.Identity IDENTITY = DtlsSrtpClient.Identity.generate();

    /** Told every SRTP packet unprotected (plain RTP bytes, length) with its arrival time (nanoTime). */
    public interface Receiver {
        void rtp(byte[] plain, int length, long arrivalNanos);
    }

    /** A WHIP or WHEP answer: the HTTP status, the body (SDP or reason) and the Location. */
    public record Answer(int status, String body, String location) {
    }

    private final DatagramSocket socket;
    private final String localUfrag = ice(8);
    private final String localPwd = ice(24);
    private final int ssrc;
    private final boolean decrypt;
    private final Receiver receiver;
    private final BlockingQueue<byte[]> dtlsIn = new ArrayBlockingQueue<>(64);
    private final Map<Integer, SrtpCryptoContext> inContexts = new HashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile CompletableFuture<byte[]> pendingCheck;
    private InetSocketAddress edge;
    private String remoteUfrag;
    private String remotePwd;
    private String serverFingerprint;
    private Answer answer;
    private SrtpContextFactory in;
    private SrtpCryptoContext out;
    private DTLSTransport dtls;
    private byte[] lastSent;
    private int sequence;
    private volatile boolean closed;
    private volatile boolean quiet;

    /**
     * @param ssrc the SSRC a WHIP client sends with (named in its offer)
     * @param decrypt whether received SRTP is unprotected and handed to {@code receiver} (else only counted)
     */
    public WebRtcClient(int ssrc, boolean decrypt, Receiver receiver) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.ssrc = ssrc;
        this.decrypt = decrypt;
        this.receiver = receiver;
        // Decrypting clients measure latency: a platform thread, so scheduling delays do not add to it.
        (decrypt ? Thread.ofPlatform().daemon() : Thread.ofVirtual()).name("webrtc-client-" + socket.getLocalPort())
            .start(this::read);
    }

    /** An SDP offer as a browser writes it: {@code tracks} audio sections, receive-only or (WHIP) one send-only. */
    public String offer(boolean publish, int tracks) {
        StringBuilder sdp = new StringBuilder();
        List<String> mids = new ArrayList<>();
        for (int i = 0; i < tracks; i++) {
            mids.add(Integer.toString(i));
        }
        sdp.append("v=0\r\no=- ").append(Math.abs(RANDOM.nextLong())).append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
        for (String mid : mids) {
            sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n")
                .append("a=mid:").append(mid).append("\r\n")
                .append("a=ice-ufrag:").append(localUfrag).append("\r\na=ice-pwd:").append(localPwd).append("\r\n")
                .append("a=fingerprint:sha-256 ").append(IDENTITY.fingerprint()).append("\r\n")
                .append("a=setup:actpass\r\na=rtcp-mux\r\n")
                .append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n")
                .append(publish ? "a=sendonly\r\n" : "a=recvonly\r\n");
            if (publish) {
                sdp.append("a=ssrc:").append(Integer.toUnsignedString(ssrc)).append(" cname:loadgen\r\n");
            }
        }
        return sdp.toString();
    }

    /** POSTs an offer (any bytes, for bad-input tests too) and returns the answer as it came. */
    public static Answer post(HttpClient http, String url, String token, String contentType, String body)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(),
            response.headers().firstValue("Location").orElse(null));
    }

    /**
     * Signals (WHIP with {@code publish}, else WHEP), checks connectivity and completes DTLS-SRTP.
     *
     * @throws IOException when the offer is refused, no check is answered or the handshake fails
     */
    public WebRtcClient connect(HttpClient http, String url, String token, boolean publish, int tracks)
        throws IOException, InterruptedException {
        signal(http, url, token, publish, tracks);
        return handshake();
    }

    /** POSTs the offer, reads the answer ({@link #negotiate}) and has the first ICE check (nominating) answered. */
    public WebRtcClient signal(HttpClient http, String url, String token, boolean publish, int tracks)
        throws IOException, InterruptedException {
        negotiate(http, url, token, publish, tracks);
        byte[] response = check(true);
        if (response == null || (response[0] << 8 | (response[1] & 0xFF)) != Stun.BINDING_SUCCESS) {
            throw new IOException("ICE check not answered with success");
        }
        return this;
    }

    /**
     * POSTs the offer and reads the answer's ICE credentials, fingerprint and candidate, without checking.
     *
     * @throws IOException when the offer is refused (not 201) or the answer lacks what ICE and DTLS need
     */
    public WebRtcClient negotiate(HttpClient http, String url, String token, boolean publish, int tracks)
        throws IOException, InterruptedException {
        answer = post(http, url, token, "application/sdp", offer(publish, publish ? 1 : tracks));
        if (answer.status() != 201) {
            throw new IOException("offer refused: " + answer.status() + " " + answer.body());
        }
        String fingerprint = null;
        for (String line : answer.body().split("\r\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                remoteUfrag = line.substring(12);
            } else if (line.startsWith("a=ice-pwd:")) {
                remotePwd = line.substring(10);
            } else if (line.startsWith("a=fingerprint:sha-256 ")) {
                fingerprint = line.substring(22);
            } else if (line.startsWith("a=candidate:") && edge == null) {
                String[] parts = line.split(" ");
                edge = new InetSocketAddress(parts[4], Integer.parseInt(parts[5]));
            }
        }
        this.serverFingerprint = fingerprint;
        if (remoteUfrag == null || remotePwd == null || fingerprint == null || edge == null) {
            throw new IOException("answer lacks ICE credentials, fingerprint or candidate");
        }
        return this;
    }

    /** Runs the DTLS-SRTP handshake (after {@link #signal}) and installs the SRTP keys. */
    public WebRtcClient handshake() throws IOException {
        DtlsSrtpClient client = new DtlsSrtpClient(IDENTITY, serverFingerprint);
        dtls = new DTLSClientProtocol().connect(client, new Transport());
        byte[] m = client.material();
        byte[] clientKey = Arrays.copyOfRange(m, 0, 16);
        byte[] serverKey = Arrays.copyOfRange(m, 16, 32);
        byte[] clientSalt = Arrays.copyOfRange(m, 32, 46);
        byte[] serverSalt = Arrays.copyOfRange(m, 46, 60);
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        LoggerImpl logger = new LoggerImpl(WebRtcClient.class.getName());
        try {
            synchronized (this) {
                in = new SrtpContextFactory(false, serverKey, serverSalt, policy, policy, logger);
                out = new SrtpContextFactory(true, clientKey, clientSalt, policy, policy, logger).deriveContext(ssrc, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("SRTP contexts: " + e, e);
        }
        return this;
    }

    /**
     * Sends one ICE check (consent freshness when connected) and waits up to 2 s for its answer.
     *
     * @return the response datagram, or null
     */
    public byte[] check(boolean nominate) throws IOException, InterruptedException {
        return check(remoteUfrag + ":" + localUfrag, remotePwd, nominate);
    }

    /** Sends a check with the given USERNAME and password (bad-input tests) and waits up to 2 s for any answer. */
    public byte[] check(String username, String password, boolean nominate) throws IOException, InterruptedException {
        byte[] tid = new byte[Stun.TRANSACTION_ID_BYTES];
        RANDOM.nextBytes(tid);
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        pendingCheck = future;
        for (int attempt = 0; attempt < 10; attempt++) {
            sendRaw(IceCheck.request(tid, username, password, nominate, RANDOM.nextLong()));
            try {
                return future.get(500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // retransmit
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            }
        }
        return null;
    }

    /** Protects and sends one plain RTP packet (the SSRC in it must be this client's). */
    public synchronized void sendRtp(byte[] plain) throws IOException {
        lastSent = protect(plain);
        sendRaw(lastSent);
    }

    /** Protects one plain RTP packet of this client's SSRC without sending it. */
    public synchronized byte[] protect(byte[] plain) throws IOException {
        byte[] packet = Arrays.copyOf(plain, plain.length + 10);
        Bytes bytes = new Bytes(packet, plain.length);
        try {
            if (out.transformPacket(bytes) != SrtpErrorStatus.OK) {
                throw new IOException("SRTP protect failed");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return Arrays.copyOf(bytes.getBuffer(), bytes.getLength());
    }

    /** A plain RTP packet of this client's SSRC: Opus PT 111, RFC 6464 level in extension 1, the payload. */
    public synchronized byte[] rtp(byte[] payload, int level) {
        int seq = sequence++;
        byte[] p = new byte[12 + 8 + payload.length];
        p[0] = (byte) 0x90;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 1;
        p[16] = 0x10;
        p[17] = (byte) (0x80 | level);
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /** The last SRTP datagram {@link #sendRtp} sent (replay tests). */
    public synchronized byte[] lastSent() {
        return lastSent;
    }

    /** Sends a datagram as it is to the edge. */
    public void sendRaw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, edge));
    }

    /** Sends a datagram to {@code to} (bad-input tests before an answer named the edge). */
    public void sendRaw(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    public void edge(InetSocketAddress edge) {
        this.edge = edge;
    }

    /**
     * Stops reading the socket (benchmarks: a listener that only has to exist; its socket buffer fills
     * and the kernel drops the rest, so it costs no CPU). Counting stops too.
     */
    public void quiet() throws IOException {
        quiet = true;
        byte[] wake = {0};
        socket.send(new DatagramPacket(wake, 1, new InetSocketAddress("127.0.0.1", socket.getLocalPort())));
    }

    /** SRTP datagrams received (after connecting). */
    public long received() {
        return received.get();
    }

    /** Received SRTP that did not unprotect (with decryption on). */
    public long failed() {
        return failed.get();
    }

    public Answer answer() {
        return answer;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            if (quiet) {
                return;
            }
            long now = System.nanoTime();
            int length = packet.getLength();
            int first = length > 0 ? buf[0] & 0xFF : -1;
            if (Stun.isStun(first)) {
                CompletableFuture<byte[]> f = pendingCheck;
                if (f != null) {
                    f.complete(Arrays.copyOf(buf, length));
                }
            } else if (Stun.isDtls(first)) {
                dtlsIn.offer(Arrays.copyOf(buf, length));
            } else if (first >= 128 && first <= 191) {
                received.incrementAndGet();
                if (decrypt) {
                    unprotect(Arrays.copyOf(buf, length), length, now);
                }
            }
        }
    }

    private synchronized void unprotect(byte[] packet, int length, long now) {
        if (in == null || length < 22) {
            failed.incrementAndGet();
            return;
        }
        int s = ((packet[8] & 0xFF) << 24) | ((packet[9] & 0xFF) << 16) | ((packet[10] & 0xFF) << 8) | (packet[11] & 0xFF);
        try {
            SrtpCryptoContext context = inContexts.get(s);
            if (context == null) {
                context = in.deriveContext(s, 0);
                inContexts.put(s, context);
            }
            Bytes bytes = new Bytes(packet, length);
            if (context.reverseTransformPacket(bytes, false) == SrtpErrorStatus.OK) {
                receiver.rtp(bytes.getBuffer(), bytes.getLength(), now);
            } else {
                failed.incrementAndGet();
            }
        } catch (GeneralSecurityException e) {
            failed.incrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        socket.close();
    }

    private static String ice(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ICE[RANDOM.nextInt(ICE.length)];
        }
        return new String(out);
    }

    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] record = dtlsIn.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
                if (record == null) {
                    if (closed) {
                        throw new InterruptedIOException("closed");
                    }
                    return -1;
                }
                int n = Math.min(len, record.length);
                System.arraycopy(record, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            sendRaw(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }

    /** jitsi-srtp's packet view over an array. */
    private static final class Bytes implements ByteArrayBuffer {
        private byte[] buffer;
        private int length;

        Bytes(byte[] buffer, int length) {
            this.buffer = buffer;
            this.length = length;
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int length) {
            this.length = length;
        }

        @Override
        public void setOffset(int offset) {
            if (offset != 0) {
                throw new UnsupportedOperationException("offset");
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buffer, off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (length + howMuch > buffer.length) {
                buffer = Arrays.copyOf(buffer, length + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
