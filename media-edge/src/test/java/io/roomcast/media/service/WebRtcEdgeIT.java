package io.roomcast.media.service;

import static io.roomcast.media.service.Edges.fact;
import static io.roomcast.media.service.Edges.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.clients.webrtc.WebRtcClient;
import io.roomcast.media.auth.MediaTokens;
import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.stun.BindingResponse;
import io.roomcast.media.stun.Stun;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebRTC on the running edge with Java WebRTC clients (clients' io.roomcast.clients.webrtc, DTLS-SRTP of their own): WHIP and
 * WHEP answers and refusals (401 with the token's reason, 415, 413, 400 with the SDP's reason, 404),
 * SRTP both ways mixed with plain RTP, and every bad datagram of the WebRTC path dropped and counted:
 * a check with a wrong password (answered 401), DTLS from an unbound address, SRTP before keys, with a
 * bad tag or replayed, media from a WHEP listener.
 */
@IntegrationTest
class WebRtcEdgeIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String EDGE = "edge-webrtc-java-it";
    private static final AtomicInteger SSRCS = new AtomicInteger(0x9000);
    private static final String OFFER_CT = "application/sdp";

    private static ApplicationContext service;
    private static MediaEdge edge;
    private static KafkaProducer<String, RoomEvent> facts;
    private static String http;
    private static HttpClient client;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        service = Edges.start(kafka, registry, redis.uri(), EDGE, Map.of("roomcast.media.sweep-interval", "200ms"));
        edge = service.getBean(MediaEdge.class);
        http = "http://127.0.0.1:" + service.getBean(EmbeddedServer.class).getPort();
        client = HttpClient.newHttpClient();
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer());
    }

    @AfterAll
    static void stop() {
        facts.close();
        service.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void whipAndWhepRefuseBadTokensAndBadOffersWithTheReason() throws Exception {
        String room = "room-" + RUN + "-refusals";
        WebRtcClient c = client(1);
        String offer = c.offer(false, 1);
        String good = MediaTokens.token("ann", room, "LISTENER", EDGE, Instant.now().plusSeconds(60));

        assertRefused(WebRtcClient.post(client, http + "/whep", null, OFFER_CT, offer), 401, "missing token");
        assertRefused(WebRtcClient.post(client, http + "/whep", MediaTokens.sign("another-secret-of-at-least-32-bytes!!",
            MediaTokens.base("ann", room, "LISTENER", EDGE, Instant.now().plusSeconds(60)).build()), OFFER_CT, offer),
            401, "bad signature");
        assertRefused(WebRtcClient.post(client, http + "/whip", MediaTokens.token("ann", room, "SPEAKER", EDGE,
            Instant.now().minusSeconds(60)), OFFER_CT, offer), 401, "token expired");
        assertRefused(WebRtcClient.post(client, http + "/whep", MediaTokens.token("ann", room, "LISTENER", "other-edge",
            Instant.now().plusSeconds(60)), OFFER_CT, offer), 401, "wrong edge");
        assertRefused(WebRtcClient.post(client, http + "/whep", good, "text/plain", offer), 415, "not application/sdp");
        assertRefused(WebRtcClient.post(client, http + "/whep", good, OFFER_CT, "hello"), 400, "malformed sdp");
        assertRefused(WebRtcClient.post(client, http + "/whep", good, OFFER_CT,
            offer.replace("m=audio", "m=video")), 400, "no audio");
        assertRefused(WebRtcClient.post(client, http + "/whep", good, OFFER_CT,
            offer.replaceAll("a=fingerprint:[^\r]*\r\n", "")), 400, "no fingerprint");
        assertRefused(WebRtcClient.post(client, http + "/whip", good, OFFER_CT, offer), 400, "no audio to receive");
        assertRefused(WebRtcClient.post(client, http + "/whep", good, OFFER_CT, offer + "a=x:" + "y".repeat(20_000)),
            413, "offer too large");
        HttpResponse<String> delete = client.send(HttpRequest.newBuilder(URI.create(http + "/whep/nope")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(edge.webrtc().all()).noneMatch(p -> p.claims().room().equals(room));
    }

    @Test
    void aJavaWhipSpeakerIsHeardByWhepAndPlainListenersAndAPlainSpeakerByWhep() throws Exception {
        String room = "room-" + RUN + "-mixed";
        speaker(room, "ann");
        speaker(room, "dan");
        UdpPeer plainListener = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        open.add(plainListener);
        plainListener.reporting(300).bound(MediaTokens.token("bob", room, "LISTENER", EDGE, Instant.now().plusSeconds(60)));
        UdpPeer plainSpeaker = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        open.add(plainSpeaker);
        plainSpeaker.reporting(300).bound(MediaTokens.token("dan", room, "MODERATOR", EDGE, Instant.now().plusSeconds(60)));

        ConcurrentLinkedQueue<byte[]> heard = new ConcurrentLinkedQueue<>();
        WebRtcClient whep = client(SSRCS.incrementAndGet(), true, (p, n, t) -> heard.add(java.util.Arrays.copyOf(p, n)));
        whep.connect(client, http + "/whep", MediaTokens.token("cid", room, "LISTENER", EDGE,
            Instant.now().plusSeconds(60)), false, 3);
        int annSsrc = SSRCS.incrementAndGet();
        WebRtcClient whip = client(annSsrc);
        whip.connect(client, http + "/whip", MediaTokens.token("ann", room, "MODERATOR", EDGE,
            Instant.now().plusSeconds(60)), true, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.webrtc().all().stream().allMatch(p -> p.ready()
            || !p.claims().room().equals(room)));

        // Paced at 20 ms, as a speaker sends (under the edge's per-sender rate limit).
        AtomicInteger frame = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        open.add(pacer::shutdownNow);
        pacer.scheduleAtFixedRate(() -> {
            int i = frame.getAndIncrement();
            if (i < 20) {
                try {
                    whip.sendRtp(whip.rtp(payload(i, 60), 20));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                plainSpeaker.sendRtp(payload(100 + i, 60));
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> plainListener.receivedFrom(annSsrc).size() == 20
            && heard.size() == 40);
        assertThat(whep.failed()).isZero();
        assertThat(heard).allSatisfy(p -> assertThat(ByteBuffer.wrap(p).getInt(8))
            .as("the WHEP listener gets the answer's track SSRCs, never a speaker's own")
            .isNotIn(annSsrc, plainSpeaker.ssrc()));
        assertThat(heard).extracting(p -> ByteBuffer.wrap(p).getInt(12)).as("the speaker named as the only CSRC")
            .containsOnly(ContributingSource.of("ann"), ContributingSource.of("dan")).allMatch(c -> c != 0);
        assertThat(heard).extracting(p -> p[0] & 0x0F).containsOnly(1);
        assertThat(heard).as("decrypted past the CSRC and the level extension: ann's payload")
            .anySatisfy(p -> assertThat(java.util.Arrays.copyOfRange(p, 24, 84)).isEqualTo(payload(0, 60)));
        byte[] firstFromAnn = plainListener.receivedFrom(annSsrc).getFirst().data();
        assertThat(java.util.Arrays.copyOfRange(firstFromAnn, 20, 80)).isEqualTo(payload(0, 60));

        // Bad input on the WebRTC path: each dropped, counted, never forwarded.
        int beforeBad = plainListener.receivedFrom(annSsrc).size();
        double authFailed = dropped(DropReason.SRTP_AUTH_FAILED);
        whip.sendRtp(whip.rtp(payload(77, 60), 20));
        byte[] valid = whip.lastSent();
        byte[] bad = whip.protect(whip.rtp(payload(78, 60), 20));
        bad[bad.length - 1] ^= 0x55;
        double replayed = dropped(DropReason.SRTP_REPLAYED);
        whip.sendRaw(valid);
        whip.sendRaw(bad);
        double notSpeaker = dropped(DropReason.NOT_SPEAKER);
        whep.sendRtp(whep.rtp(payload(5, 60), 20));
        await().atMost(Duration.ofSeconds(5)).until(() -> dropped(DropReason.SRTP_REPLAYED) > replayed
            && dropped(DropReason.SRTP_AUTH_FAILED) > authFailed && dropped(DropReason.NOT_SPEAKER) > notSpeaker);
        // A good packet after the bad ones: the edge handles ann's packets in order, so once it arrived,
        // anything the bad ones had let through would have arrived before it.
        whip.sendRtp(whip.rtp(payload(79, 60), 20));
        await().atMost(Duration.ofSeconds(5)).until(() -> plainListener.receivedFrom(annSsrc).size() >= beforeBad + 2);
        assertThat(plainListener.receivedFrom(annSsrc).subList(beforeBad, plainListener.receivedFrom(annSsrc).size()))
            .extracting(r -> java.util.Arrays.copyOfRange(r.data(), 20, 80))
            .as("after the bad packets, only the good ones").containsExactly(payload(77, 60), payload(79, 60));
    }

    @Test
    void aSpeakersFirstPacketsSentTheMomentItsHandshakeEndsAreAllForwarded() throws Exception {
        // The edge installs its keys just after sending its last DTLS flight, so SRTP sent as soon as the
        // client's handshake ends can arrive before them: such packets are held, not dropped. The window is
        // short, so several speakers each try it.
        double notReady = dropped(DropReason.SRTP_NOT_READY);
        for (int i = 0; i < 8; i++) {
            String room = "room-" + RUN + "-early-" + i;
            speaker(room, "ann");
            UdpPeer listener = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
            open.add(listener);
            listener.reporting(300).bound(MediaTokens.token("bob", room, "LISTENER", EDGE, Instant.now().plusSeconds(60)));
            int ssrc = SSRCS.incrementAndGet();
            WebRtcClient whip = client(ssrc);
            whip.connect(client, http + "/whip", MediaTokens.token("ann", room, "MODERATOR", EDGE,
                Instant.now().plusSeconds(60)), true, 1);
            for (int k = 0; k < 3; k++) {
                whip.sendRtp(whip.rtp(payload(k, 60), 20));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.receivedFrom(ssrc).size() == 3);
            assertThat(listener.receivedFrom(ssrc)).extracting(r -> java.util.Arrays.copyOfRange(r.data(), 20, 80))
                .as("in the order sent").containsExactly(payload(0, 60), payload(1, 60), payload(2, 60));
        }
        assertThat(dropped(DropReason.SRTP_NOT_READY)).isEqualTo(notReady);
    }

    @Test
    void checksWithAWrongPasswordDtlsFromUnboundAddressesAndSrtpBeforeKeysAreDroppedAndCounted() throws Exception {
        String room = "room-" + RUN + "-ice";
        WebRtcClient c = client(SSRCS.incrementAndGet());
        c.signal(client, http + "/whep", MediaTokens.token("eve", room, "LISTENER", EDGE, Instant.now().plusSeconds(60)),
            false, 1);

        double unauthorized = dropped(DropReason.ICE_UNAUTHORIZED);
        String ufrag = edge.webrtc().all().stream().filter(p -> p.claims().room().equals(room)).findFirst()
            .orElseThrow().localUfrag();
        byte[] response = c.check(ufrag + ":x", "wrong-password-wrong-password", true);
        assertThat(response).isNotNull();
        assertThat((response[0] << 8) | (response[1] & 0xFF)).isEqualTo(Stun.BINDING_ERROR);
        assertThat(c.check("nobody:x", "wrong-password-wrong-password", true)).isNotNull();
        assertThat(dropped(DropReason.ICE_UNAUTHORIZED)).isEqualTo(unauthorized + 2);

        double notReady = dropped(DropReason.SRTP_NOT_READY);
        c.sendRaw(c.rtp(payload(1, 40), 30));
        await().atMost(Duration.ofSeconds(5)).until(() -> dropped(DropReason.SRTP_NOT_READY) > notReady);

        WebRtcClient stranger = client(SSRCS.incrementAndGet());
        double unbound = dropped(DropReason.DTLS_UNBOUND);
        byte[] clientHello = new byte[60];
        clientHello[0] = 22;
        clientHello[1] = (byte) 0xFE;
        clientHello[2] = (byte) 0xFD;
        stranger.sendRaw(clientHello, new InetSocketAddress("127.0.0.1", edge.udpPort()));
        await().atMost(Duration.ofSeconds(5)).until(() -> dropped(DropReason.DTLS_UNBOUND) > unbound);

        c.handshake();
        // The client's handshake ends when the edge's last flight arrives; the edge installs its keys just after
        // sending it (bctls calls notifyHandshakeComplete after the Finished is sent): wait for that, not for the order.
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.webrtc().all().stream()
            .filter(p -> p.claims().room().equals(room)).findFirst().orElseThrow().ready());
    }

    @Test
    void aTokenRevokedByAKickIsRefusedAtTheOfferAndAtTheFirstCheck() throws Exception {
        String room = "room-" + RUN + "-revoked";
        String held = MediaTokens.token("gil", room, "LISTENER", EDGE, Instant.now().plusSeconds(60));
        WebRtcClient early = client(SSRCS.incrementAndGet());
        early.negotiate(client, http + "/whep", held, false, 1);
        double refusedBefore = edge.metrics().refusedCount("token revoked");

        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, new ParticipantKicked("gil")))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().revoked(room, "gil",
            Instant.now().getEpochSecond()));

        assertRefused(WebRtcClient.post(client, http + "/whep", held, OFFER_CT, client(SSRCS.incrementAndGet())
            .offer(false, 1)), 403, "token revoked");
        byte[] response = early.check(true);
        assertThat(response).as("an answer to the first ICE check").isNotNull();
        BindingResponse check = BindingResponse.parse(response, response.length);
        assertThat(check.success()).as("the first ICE check of an offer made before the kick").isFalse();
        assertThat(check.errorCode()).isEqualTo(403);
        assertThat(check.reason()).isEqualTo("token revoked");
        assertThat(edge.metrics().refusedCount("token revoked")).isGreaterThan(refusedBefore);
        assertThat(edge.webrtc().all()).filteredOn(p -> p.claims().room().equals(room))
            .allMatch(p -> p.participant() == null);
    }

    private static void assertRefused(WebRtcClient.Answer answer, int status, String reason) {
        assertThat(answer.status()).as(reason).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(reason);
    }

    private WebRtcClient client(int ssrc) throws Exception {
        return client(ssrc, false, (p, n, t) -> { });
    }

    private WebRtcClient client(int ssrc, boolean decrypt, WebRtcClient.Receiver receiver) throws Exception {
        WebRtcClient c = new WebRtcClient(ssrc, decrypt, receiver);
        open.add(c);
        return c;
    }

    private static void speaker(String room, String user) throws Exception {
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, new ParticipantJoined(user,
            Role.MODERATOR)))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().maySpeak(room, user));
    }

    private static double dropped(DropReason reason) {
        return edge.metrics().droppedCount(reason);
    }
}
