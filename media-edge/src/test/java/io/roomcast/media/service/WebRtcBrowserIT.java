package io.roomcast.media.service;

import static io.roomcast.media.service.Edges.fact;
import static io.roomcast.clients.webrtc.BrowserPeers.inbound;
import static io.roomcast.clients.webrtc.BrowserPeers.loudestLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.TurnServer;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomEvent;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.webrtc.BrowserPeers;
import io.roomcast.media.auth.MediaTokens;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.TurnCredentials;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Browsers in a room (issue 16), in headless Debian Chromium driven by playwright-core, against the
 * edge as a running service: a WHIP speaker whose fake microphone plays a project speech clip is heard
 * by a WHEP browser listener (packets rising, concealment at most 1 %, audio level following the speech)
 * and by a plain-RTP listener (decoded envelope correlating with the clip at 0.9 or more); a plain-RTP
 * speaker's real Opus is heard by the browser listener; mute, demote and kick silence the browser
 * speaker for everyone; a closed tab is unbound by consent freshness; a browser forced to relay
 * (iceTransportPolicy relay) hears the room through coturn (the test kit's) with REST credentials.
 */
@IntegrationTest
class WebRtcBrowserIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String EDGE = "edge-webrtc-it";
    private static final AtomicInteger SSRCS = new AtomicInteger(0x7000);

    private static ApplicationContext service;
    private static MediaEdge edge;
    private static KafkaProducer<String, RoomEvent> facts;
    private static BrowserPeers browser;
    private static Path speech;
    private static String http;
    private final List<UdpPeer> peers = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) throws Exception {
        Path scripts = Path.of(System.getProperty("roomcast.browser.dir"));
        try {
            speech = BrowserPeers.captureWav(scripts, speechDir(), "speaker1", Path.of("target/browser-audio/speaker1.wav"));
            browser = BrowserPeers.start(scripts, speech, Path.of("target/browser-peers.log"));
        } catch (BrowserPeers.Unavailable e) {
            assumeTrue(false, "browser tests skipped: " + e.getMessage());
        }
        service = Edges.start(kafka, registry, redis.uri(), EDGE, Map.of(
            "roomcast.media.silent-timeout", "6s",
            "roomcast.media.sweep-interval", "200ms"));
        edge = service.getBean(MediaEdge.class);
        http = "http://127.0.0.1:" + service.getBean(EmbeddedServer.class).getPort();
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (facts != null) {
            facts.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void closePeers() {
        peers.forEach(UdpPeer::close);
    }

    @Test
    void aBrowserSpeakerIsHeardByABrowserListenerAndAnRtpListener() throws Exception {
        String room = "room-" + RUN + "-browser-speaks";
        speaker(room, "ann");
        UdpPeer rtpListener = listener(room, "bob");
        JsonNode listen = listen("cid-1", room, "cid", 3);
        assertThat(listen.path("connectionState").asText()).isEqualTo("connected");
        JsonNode speak = speak("ann-1", room, "ann");
        assertThat(speak.path("connectionState").asText()).isEqualTo("connected");
        int annSsrc = whipSsrc(room, "ann");

        // Past the start (2 s of frames at the browser listener), then 6 s of frames measured, its level sampled.
        JsonNode before = receivedAtLeast("cid-1", 100, Duration.ofSeconds(15), null);
        List<Double> levels = new ArrayList<>();
        JsonNode after = receivedAtLeast("cid-1", inbound(before, "packetsReceived") + 300, Duration.ofSeconds(15),
            levels);

        long received = inbound(after, "packetsReceived") - inbound(before, "packetsReceived");
        double concealed = inbound(after, "concealedSamples") - inbound(before, "concealedSamples");
        double samples = inbound(after, "totalSamplesReceived") - inbound(before, "totalSamplesReceived");
        double concealedPct = samples == 0 ? 100 : 100 * concealed / samples;
        double maxLevel = levels.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double minLevel = levels.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        List<byte[]> fromAnn = rtpListener.receivedFrom(annSsrc).stream().map(UdpPeer.Received::data).toList();
        double correlation = SpeechEnvelope.bestCorrelation(
            SpeechEnvelope.ofRtp(fromAnn.subList(Math.min(50, fromAnn.size()), fromAnn.size())),
            SpeechEnvelope.ofWav(speech));
        System.out.printf("webrtc browser speaker: browser listener +%d packets, concealed %.3f %%, "
                + "audioLevel %.3f..%.3f; rtp listener %d packets, envelope correlation %.3f%n",
            received, concealedPct, minLevel, maxLevel, fromAnn.size(), correlation);

        assertThat(concealedPct).as("concealed samples, %").isLessThanOrEqualTo(1.0);
        assertThat(maxLevel).as("audio level at speech").isGreaterThan(0.02);
        assertThat(minLevel).as("audio level follows the speech: lower in pauses").isLessThan(maxLevel / 2);
        assertThat(fromAnn.size()).as("packets the RTP listener got from the browser").isGreaterThan(300);
        assertThat(correlation).as("speech envelope correlation").isGreaterThanOrEqualTo(0.9);

        browser.call("delete", "ann-1", Map.of());
        browser.call("delete", "cid-1", Map.of());
    }

    @Test
    void anRtpSpeakerIsHeardByTheBrowserListener() throws Exception {
        String room = "room-" + RUN + "-rtp-speaks";
        UdpPeer rtpSpeaker = speaker(room, "dan");
        JsonNode listen = listen("eve-1", room, "eve", 3);
        assertThat(listen.path("connectionState").asText()).isEqualTo("connected");
        SpeechClip clip = SpeechClip.load(speechDir().resolve("speaker2.opus"));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> rtpSpeaker.sendRtp(clip.packets().get(next.getAndIncrement() % clip.size())),
            0, 20, TimeUnit.MILLISECONDS);
        try {
            // Past the start (1 s of frames), then 4 s of frames measured, the level sampled.
            JsonNode before = receivedAtLeast("eve-1", 50, Duration.ofSeconds(10), null);
            List<Double> levels = new ArrayList<>();
            JsonNode after = receivedAtLeast("eve-1", inbound(before, "packetsReceived") + 200, Duration.ofSeconds(10),
                levels);
            double maxLevel = levels.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            long received = inbound(after, "packetsReceived") - inbound(before, "packetsReceived");
            double concealed = inbound(after, "concealedSamples") - inbound(before, "concealedSamples");
            double samples = inbound(after, "totalSamplesReceived") - inbound(before, "totalSamplesReceived");
            System.out.printf("webrtc rtp speaker: browser listener +%d packets, concealed %.3f %%, "
                + "max audioLevel %.3f%n", received, samples == 0 ? 100 : 100 * concealed / samples, maxLevel);
            assertThat(samples).isPositive();
            assertThat(100 * concealed / samples).isLessThanOrEqualTo(1.0);
            assertThat(maxLevel).isGreaterThan(0.02);
        } finally {
            pacer.shutdownNow();
            browser.call("delete", "eve-1", Map.of());
        }
    }

    @Test
    void muteDemoteAndKickSilenceTheBrowserSpeakerForEveryone() throws Exception {
        String room = "room-" + RUN + "-silenced";
        speaker(room, "fay");
        UdpPeer rtpListener = listener(room, "gus");
        listen("hal-1", room, "hal", 1);
        speak("fay-1", room, "fay");
        int faySsrc = whipSsrc(room, "fay");

        for (Object silencing : List.of(new ParticipantMuted("fay"), new RoleChanged("fay", Role.SPEAKER, Role.LISTENER),
                new ParticipantKicked("fay"))) {
            int heard = rtpListener.receivedFrom(faySsrc).size();
            await().atMost(Duration.ofSeconds(10)).until(() -> rtpListener.receivedFrom(faySsrc).size() > heard + 5);
            send(room, silencing);
            await().atMost(Duration.ofSeconds(5)).until(() -> !edge.sessions().maySpeak(room, "fay"));
            // The edge handles fay's packets in order (one socket per source) and counts a forwarded copy before
            // it handles the next packet: once one of them was dropped, every copy sent before is counted.
            double drops = silencedDrops();
            await().atMost(Duration.ofSeconds(10)).until(() -> silencedDrops() >= drops + 1);
            double forwarded = edge.metrics().forwardedCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> silencedDrops() >= drops + 25);
            long rtpBefore = rtpListener.receivedFrom(faySsrc).size();
            long browserBefore = inbound(browser.stats("hal-1"), "packetsReceived");
            await().atMost(Duration.ofSeconds(10)).until(() -> silencedDrops() >= drops + 75);
            assertThat(edge.metrics().forwardedCount()).as("copies forwarded after fay's first dropped packet, "
                + silencing).isEqualTo(forwarded);
            assertThat(rtpListener.receivedFrom(faySsrc).size()).as("RTP listener after " + silencing)
                .isEqualTo(rtpBefore);
            assertThat(inbound(browser.stats("hal-1"), "packetsReceived")).as("browser listener after " + silencing)
                .isEqualTo(browserBefore);
            if (silencing instanceof ParticipantKicked) {
                break;
            }
            if (silencing instanceof RoleChanged) {
                send(room, new RoleChanged("fay", Role.LISTENER, Role.SPEAKER));
            }
            if (silencing instanceof ParticipantMuted) {
                send(room, new io.roomcast.events.ParticipantUnmuted("fay"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.sessions().maySpeak(room, "fay"));
        }
        browser.call("delete", "hal-1", Map.of());
        browser.tryCall("delete", "fay-1", Map.of());
    }

    @Test
    void aClosedTabIsUnboundByConsentFreshness() throws Exception {
        String room = "room-" + RUN + "-closed-tab";
        listen("ivy-1", room, "ivy", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> peerOf(room, "ivy") != null);
        WebRtcPeer peer = peerOf(room, "ivy");
        double silentBefore = edge.metrics().droppedCount(io.roomcast.media.session.DropReason.SRTP_AUTH_FAILED);
        browser.call("close", "ivy-1", Map.of());
        long closedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> peer.participant() != null
            && edge.sessions().bySsrc(peer.ssrc()) == null);
        System.out.printf("webrtc closed tab: unbound after %d ms%n", (System.nanoTime() - closedAt) / 1_000_000);
        assertThat(edge.webrtc().byId(peer.id())).isNull();
        assertThat(silentBefore).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aBrowserForcedToRelayHearsTheRoomThroughCoturn(TurnServer turn) throws Exception {
        String room = "room-" + RUN + "-relay";
        UdpPeer rtpSpeaker = speaker(room, "kim");
        TurnCredentials credentials = TurnCredentials.mint(turn.secret(), "lou", Instant.now().plusSeconds(600));
        JsonNode listen = browser.call("listen", "lou-1", Map.of("url", http + "/whep", "tracks", 1, "relay", true,
            "iceServers", List.of(Map.of("urls", List.of(turn.url()), "username", credentials.username(),
                "credential", credentials.credential())),
            "token", MediaTokens.token("lou", room, "LISTENER", EDGE, Instant.now().plusSeconds(300))));
        assertThat(listen.path("connectionState").asText()).isEqualTo("connected");
        SpeechClip clip = SpeechClip.load(speechDir().resolve("speaker3.opus"));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> rtpSpeaker.sendRtp(clip.packets().get(next.getAndIncrement() % clip.size())),
            0, 20, TimeUnit.MILLISECONDS);
        try {
            long before = inbound(receivedAtLeast("lou-1", 1, Duration.ofSeconds(10), null), "packetsReceived");
            JsonNode stats = receivedAtLeast("lou-1", before + 150, Duration.ofSeconds(10), null);
            System.out.printf("webrtc relay-only: +%d packets through coturn, selected pair %s%n",
                inbound(stats, "packetsReceived") - before, stats.path("selected"));
            assertThat(stats.path("selected").path("localType").asText()).isEqualTo("relay");
            assertThat(peerOf(room, "lou").address().getPort()).as("the edge sees coturn's relay port, not the browser")
                .isBetween(turn.relayMin(), turn.relayMax());
        } finally {
            pacer.shutdownNow();
            browser.call("delete", "lou-1", Map.of());
        }
    }

    // --- helpers

    private JsonNode speak(String peer, String room, String user) throws Exception {
        return browser.call("speak", peer, Map.of("url", http + "/whip",
            "token", MediaTokens.token(user, room, "MODERATOR", EDGE, Instant.now().plusSeconds(300))));
    }

    private JsonNode listen(String peer, String room, String user, int tracks) throws Exception {
        return browser.call("listen", peer, Map.of("url", http + "/whep", "tracks", tracks,
            "token", MediaTokens.token(user, room, "LISTENER", EDGE, Instant.now().plusSeconds(300))));
    }

    private UdpPeer speaker(String room, String user) throws Exception {
        send(room, new ParticipantJoined(user, Role.MODERATOR));
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().maySpeak(room, user));
        UdpPeer peer = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        peers.add(peer);
        return peer.reporting(300).bound(MediaTokens.token(user, room, "MODERATOR", EDGE, Instant.now().plusSeconds(300)));
    }

    private UdpPeer listener(String room, String user) throws Exception {
        UdpPeer peer = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        peers.add(peer);
        return peer.reporting(300).bound(MediaTokens.token(user, room, "LISTENER", EDGE, Instant.now().plusSeconds(300)));
    }

    private static void send(String room, Object payload) throws Exception {
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, payload))).get();
    }

    private static WebRtcPeer peerOf(String room, String user) {
        return edge.webrtc().all().stream()
            .filter(p -> p.claims().room().equals(room) && p.claims().user().equals(user)).findFirst().orElse(null);
    }

    private static int whipSsrc(String room, String user) {
        return edge.webrtc().all().stream().filter(p -> p.kind() == WebRtcPeer.Kind.WHIP
            && p.claims().room().equals(room) && p.claims().user().equals(user)).findFirst().orElseThrow().ssrc();
    }

    /** The project's speech clips: {@code roomcast.speech.dir}, which the build points at {@code speech/}. */
    private static Path speechDir() {
        return Path.of(System.getProperty("roomcast.speech.dir"));
    }

    /**
     * Waits (polling every 100 ms, at most {@code deadline}) until the browser peer has received
     * {@code packets} packets in all; samples its loudest audio level at each poll into {@code levels}
     * when given.
     *
     * @return the stats that showed it
     */
    private static JsonNode receivedAtLeast(String peer, long packets, Duration deadline, List<Double> levels) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = browser.stats(peer);
            if (levels != null) {
                levels.add(loudestLevel(last[0]));
            }
            return inbound(last[0], "packetsReceived") >= packets;
        });
        return last[0];
    }

    /** The edge's drops of a silenced speaker's packets: muted or demoted (not a speaker), kicked (unbound). */
    private static double silencedDrops() {
        return edge.metrics().droppedCount(io.roomcast.media.session.DropReason.NOT_SPEAKER)
            + edge.metrics().droppedCount(io.roomcast.media.session.DropReason.UNBOUND_SOURCE);
    }
}
