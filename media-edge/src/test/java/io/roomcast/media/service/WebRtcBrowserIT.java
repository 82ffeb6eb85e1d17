package io.roomcast.media.service;

import static io.roomcast.media.service.Edges.fact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        speech = BrowserPeers.captureWav("speaker1");
        browser = BrowserPeers.start(speech);
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

        Thread.sleep(3_000);
        JsonNode before = browser.stats("cid-1");
        List<Double> levels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(100);
            levels.add(loudestLevel(browser.stats("cid-1")));
        }
        JsonNode after = browser.stats("cid-1");

        long received = sum(after, "packetsReceived") - sum(before, "packetsReceived");
        double concealed = sum(after, "concealedSamples") - sum(before, "concealedSamples");
        double samples = sum(after, "totalSamplesReceived") - sum(before, "totalSamplesReceived");
        double concealedPct = samples == 0 ? 100 : 100 * concealed / samples;
        double maxLevel = levels.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double minLevel = levels.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        List<byte[]> fromAnn = rtpListener.receivedFrom(annSsrc).stream().map(UdpPeer.Received::data).toList();
        double correlation = SpeechEnvelope.bestCorrelation(
            SpeechEnvelope.ofRtp(fromAnn.subList(Math.min(50, fromAnn.size()), fromAnn.size())),
            SpeechEnvelope.ofWav(speech));
        System.out.printf("webrtc browser speaker: browser listener +%d packets in 6 s, concealed %.3f %%, "
                + "audioLevel %.3f..%.3f; rtp listener %d packets, envelope correlation %.3f%n",
            received, concealedPct, minLevel, maxLevel, fromAnn.size(), correlation);

        assertThat(received).as("packets the browser listener received in 6 s").isGreaterThan(250);
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
        SpeechClip clip = SpeechClip.load(BrowserPeers.speechDir().resolve("speaker2.opus"));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> rtpSpeaker.sendRtp(clip.packets().get(next.getAndIncrement() % clip.size())),
            0, 20, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(2_000);
            JsonNode before = browser.stats("eve-1");
            double maxLevel = 0;
            for (int i = 0; i < 40; i++) {
                Thread.sleep(100);
                maxLevel = Math.max(maxLevel, loudestLevel(browser.stats("eve-1")));
            }
            JsonNode after = browser.stats("eve-1");
            long received = sum(after, "packetsReceived") - sum(before, "packetsReceived");
            double concealed = sum(after, "concealedSamples") - sum(before, "concealedSamples");
            double samples = sum(after, "totalSamplesReceived") - sum(before, "totalSamplesReceived");
            System.out.printf("webrtc rtp speaker: browser listener +%d packets in 4 s, concealed %.3f %%, "
                + "max audioLevel %.3f%n", received, samples == 0 ? 100 : 100 * concealed / samples, maxLevel);
            assertThat(received).isGreaterThan(150);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> arrivingFrom(rtpListener, faySsrc));
            send(room, silencing);
            await().atMost(Duration.ofSeconds(5)).until(() -> !edge.sessions().maySpeak(room, "fay"));
            Thread.sleep(300);
            long rtpBefore = rtpListener.receivedFrom(faySsrc).size();
            long browserBefore = sum(browser.stats("hal-1"), "packetsReceived");
            Thread.sleep(1_500);
            assertThat(rtpListener.receivedFrom(faySsrc).size()).as("RTP listener after " + silencing)
                .isEqualTo(rtpBefore);
            assertThat(sum(browser.stats("hal-1"), "packetsReceived")).as("browser listener after " + silencing)
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
        SpeechClip clip = SpeechClip.load(BrowserPeers.speechDir().resolve("speaker3.opus"));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> rtpSpeaker.sendRtp(clip.packets().get(next.getAndIncrement() % clip.size())),
            0, 20, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(1_000);
            long before = sum(browser.stats("lou-1"), "packetsReceived");
            Thread.sleep(3_000);
            JsonNode stats = browser.stats("lou-1");
            long received = sum(stats, "packetsReceived") - before;
            System.out.printf("webrtc relay-only: +%d packets in 3 s through coturn, selected pair %s%n", received,
                stats.path("selected"));
            assertThat(stats.path("selected").path("localType").asText()).isEqualTo("relay");
            assertThat(received).isGreaterThan(100);
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

    private static boolean arrivingFrom(UdpPeer listener, int ssrc) throws InterruptedException {
        int before = listener.receivedFrom(ssrc).size();
        Thread.sleep(200);
        return listener.receivedFrom(ssrc).size() > before;
    }

    private static long sum(JsonNode stats, String field) {
        long total = 0;
        for (JsonNode in : stats.path("inbound")) {
            total += in.path(field).asLong();
        }
        return total;
    }

    private static double loudestLevel(JsonNode stats) {
        double max = 0;
        for (JsonNode in : stats.path("inbound")) {
            max = Math.max(max, in.path("audioLevel").asDouble());
        }
        return max;
    }
}
