package io.roomcast.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.RtcpGate;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.stun.IceCheck;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz of the port's demultiplexer and every path behind it (RFC 7983 first-byte classes: STUN binding
 * requests and ICE checks, DTLS, SRTP from a WebRTC peer's address, plain RTP/RTCP): random datagrams,
 * many shaped to pass the first checks. Nothing throws out of the handler, nothing is forwarded, and
 * the only replies are STUN error responses.
 */
class DemultiplexerFuzzTest {
    private static final String SECRET = "roomcast-local-development-secret-change-me-32b";
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 40001);
    /** One certificate for all tries: making it costs milliseconds. */
    private static final WebRtcPeers PEERS = new WebRtcPeers(new WebRtcPeers.Settings(3, Duration.ofSeconds(1),
        Duration.ofSeconds(30), true, 8, Duration.ofDays(1)));

    @Property(tries = 400)
    void noDatagramCrashesTheHandlerOrGetsForwarded(@ForAll("datagrams") byte[][] datagrams) {
        MediaMetrics<InetSocketAddress> metrics = new MediaMetrics<>(new SimpleMeterRegistry());
        Sessions<InetSocketAddress> sessions = new Sessions<>(new Sessions.Settings(3, 20, 500_000_000L, 3, 100,
            15_000_000_000L), metrics);
        RelayUplinks uplinks = new RelayUplinks(new RelayUplinks.Settings(Duration.ofSeconds(2), Duration.ofSeconds(60),
            1200), new RelayTokens(SECRET, "edge-fuzz"), sessions, metrics);
        WebRtcPeer.Listener listener = new WebRtcPeer.Listener() {
            @Override
            public void handshake(WebRtcPeer peer, boolean ok, String reason) {
            }

            @Override
            public void closed(WebRtcPeer peer) {
            }
        };
        MediaHandler handler = new MediaHandler(new RtpGate<>(sessions, 1200, 1, RtpGate.LevelListener.none()),
            new RtcpGate<>(sessions, 1200, metrics),
            new Binder(sessions, new MediaTokenVerifier(SECRET, "edge-fuzz", Duration.ofSeconds(2), Clock.systemUTC()),
                metrics, uplinks, 1200, 20),
            new WebRtcIngress(PEERS, sessions, metrics, listener, uplinks, 1200, Duration.ofHours(1).toNanos()),
            PEERS, metrics, 1024);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        Random random = new Random(datagrams.length);
        for (byte[] d : datagrams) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(d), STRANGER,
                random.nextBoolean() ? STRANGER : OTHER));
        }
        channel.runPendingTasks();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            DatagramPacket reply = (DatagramPacket) out;
            assertThat(reply.content().getUnsignedShort(0)).as("STUN error responses only").isEqualTo(0x0111);
            reply.release();
        }
        assertThat(metrics.forwardedCount()).isZero();
        channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<byte[][]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(1300);
        Arbitrary<byte[]> firstByteClasses = Arbitraries.integers().between(0, 255).flatMap(first ->
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200).map(b -> {
                b[0] = (byte) (int) first;
                return b;
            }));
        Arbitrary<byte[]> iceish = Arbitraries.integers().between(0, 200).map(i -> {
            byte[] check = IceCheck.request("0123456789ab".getBytes(), "nouser:x", "password-0123456789012", true, i);
            if (i < check.length) {
                check[i] ^= (byte) (i * 31 + 1);
            }
            return check;
        });
        Arbitrary<byte[]> rtpish = Arbitraries.bytes().array(byte[].class).ofMinSize(12).ofMaxSize(300).map(b -> {
            b[0] = (byte) (0x80 | (b[0] & 0x3F));
            return b;
        });
        Arbitrary<byte[]> dtlsish = Arbitraries.bytes().array(byte[].class).ofMinSize(13).ofMaxSize(300).map(b -> {
            b[0] = 22;
            b[1] = (byte) 0xFE;
            b[2] = (byte) 0xFD;
            return b;
        });
        return Arbitraries.oneOf(random, firstByteClasses, iceish, rtpish, dtlsish).array(byte[][].class)
            .ofMinSize(1).ofMaxSize(40);
    }
}
