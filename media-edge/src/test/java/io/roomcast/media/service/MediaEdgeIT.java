package io.roomcast.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.roomcast.media.service.Edges.fact;
import static io.roomcast.media.service.Edges.payload;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.clients.media.RtpSpeaker;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.media.auth.MediaTokens;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.stun.BindingResponse;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The media edge as a running service (Micronaut context in this JVM) on the real broker and registry,
 * with real UDP sockets as participants: binding with media tokens, forwarding only current speakers,
 * room facts stopping a speaker (no packet of theirs forwarded once the edge applied the fact), and every
 * bad datagram dropped and counted. How fast a fact takes effect is a benchmark's figure, not asserted here.
 */
@IntegrationTest
class MediaEdgeIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String EDGE = "edge-it";
    private static final AtomicInteger SSRCS = new AtomicInteger(0x1000);

    private static ApplicationContext service;
    private static MediaEdge edge;
    private static KafkaProducer<String, RoomEvent> facts;
    private static KafkaConsumer<String, RoomEvent> reader;
    private static String http;
    private static String redisUri;
    private final List<UdpPeer> peers = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        redisUri = redis.uri();
        service = Edges.start(kafka, registry, redisUri, EDGE, Map.of(
            "roomcast.media.silent-timeout", "2s",
            "roomcast.media.sweep-interval", "200ms"));
        edge = service.getBean(MediaEdge.class);
        http = "http://localhost:" + service.getBean(EmbeddedServer.class).getPort();
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer());
        reader = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            EventSerdes.key(Topics.ROOM_EVENTS).deserializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).deserializer());
    }

    @AfterAll
    static void stop() {
        facts.close();
        reader.close();
        service.close();
    }

    @AfterEach
    void closePeers() {
        peers.forEach(UdpPeer::close);
    }

    @Test
    void aSpeakersPacketsReachEveryListenerByteIdenticalAndAListenersNever() throws Exception {
        String room = room("fanout");
        UdpPeer ann = speaker(room, "ann");
        UdpPeer bob = listener(room, "bob");
        UdpPeer cid = listener(room, "cid");
        double notSpeaker = dropped(DropReason.NOT_SPEAKER);

        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(ann.sendRtp(payload(i, 60)));
        }
        for (int i = 0; i < 10; i++) {
            bob.sendRtp(payload(i, 60));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> bob.receivedFrom(ann.ssrc()).size() == 20
            && cid.receivedFrom(ann.ssrc()).size() == 20 && dropped(DropReason.NOT_SPEAKER) >= notSpeaker + 10);
        assertThat(bob.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data).containsExactlyElementsOf(sent);
        assertThat(cid.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data).containsExactlyElementsOf(sent);
        assertThat(ann.received()).as("a listener's packets are never forwarded").isEmpty();
        assertThat(cid.receivedFrom(bob.ssrc())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> factsOf(room).stream()
            .anyMatch(f -> f.getFact() instanceof SpeakingChanged s && s.getParticipantId().equals("ann") && s.getSpeaking()
                && Integer.valueOf(20).equals(s.getAudioLevel())));
    }

    /** A fact that takes a speaker's voice away. */
    enum Silencing {
        MUTE(DropReason.NOT_SPEAKER), DEMOTE(DropReason.NOT_SPEAKER), KICK(DropReason.UNBOUND_SOURCE);

        final DropReason dropsAs;

        Silencing(DropReason dropsAs) {
            this.dropsAs = dropsAs;
        }

        Object fact(String user) {
            return switch (this) {
                case MUTE -> new ParticipantMuted(user);
                case DEMOTE -> new RoleChanged(user, Role.SPEAKER, Role.LISTENER);
                case KICK -> new ParticipantKicked(user);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Silencing.class)
    void aMuteDemoteOrKickStopsTheSpeakerOnceTheEdgeAppliedIt(Silencing silencing) throws Exception {
        String room = room(silencing.name().toLowerCase());
        UdpPeer dee = speaker(room, "dee");
        UdpPeer eve = listener(room, "eve");
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        sender.scheduleAtFixedRate(() -> dee.sendRtp(payload(dee.nextSequence(), 80)), 0, 5, TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> eve.receivedFrom(dee.ssrc()).size() >= 10);

            facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, silencing.fact("dee")))).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !edge.sessions().maySpeak(room, "dee"));
            // Every packet from this sequence number on left dee after the edge had applied the fact.
            int firstAfterApplied = dee.nextSequence();
            double drops = dropped(silencing.dropsAs);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped(silencing.dropsAs) >= drops + 50);
            sender.shutdownNow();

            assertThat(eve.receivedFrom(dee.ssrc())).extracting(UdpPeer.Received::sequence)
                .as("sequence numbers of dee's packets forwarded to eve").isNotEmpty()
                .allSatisfy(sequence -> assertThat(sequence).isLessThan(firstAfterApplied));
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void malformedUnboundUnknownAndSpoofedPacketsAreDroppedAndCountedAndForwardingGoesOn() throws Exception {
        String room = room("bad");
        UdpPeer ann = speaker(room, "ann");
        UdpPeer bob = listener(room, "bob");
        UdpPeer cid = listener(room, "cid");
        UdpPeer stranger = peer();
        Map<DropReason, Double> before = new java.util.EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            before.put(reason, dropped(reason));
        }

        byte[] valid = ann.sendRtp(payload(1, 40));
        ann.send(java.util.Arrays.copyOf(valid, 8));
        byte[] version1 = valid.clone();
        version1[0] = (byte) 0x50;
        ann.send(version1);
        byte[] badExtension = valid.clone();
        badExtension[14] = 0x7f;
        ann.send(badExtension);
        ann.send(java.util.Arrays.copyOf(valid, 1300));
        stranger.sendRtp(payload(2, 40));
        bob.sendRtp(0x7777_0000 + SSRCS.incrementAndGet(), payload(3, 40));
        cid.sendRtp(ann.ssrc(), payload(4, 40));
        byte[] after = ann.sendRtp(payload(5, 40));

        List<DropReason> expected = List.of(DropReason.TRUNCATED, DropReason.WRONG_VERSION,
            DropReason.BAD_EXTENSION_LENGTH, DropReason.OVERSIZED, DropReason.UNBOUND_SOURCE,
            DropReason.UNKNOWN_SSRC, DropReason.SPOOFED_ADDRESS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(expected).allSatisfy(reason -> assertThat(dropped(reason)).as(reason.tag())
                .isGreaterThanOrEqualTo(before.get(reason) + 1));
            assertThat(bob.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data).containsExactly(valid, after);
        });
        assertThat(cid.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data).containsExactly(valid, after);
        assertThat(stranger.received()).isEmpty();
        assertThat(get("/prometheus").body()).contains("roomcast_media_dropped_total{reason=\"spoofed_address\"}");
    }

    @Test
    void bindingIsRefusedForExpiredForeignAndForgedTokensAndTakenSsrcs() throws Exception {
        String room = room("refused");
        UdpPeer ann = speaker(room, "ann");
        Instant soon = Instant.now().plusSeconds(300);

        assertThat(answer(peer().bind(MediaTokens.token("x", room, "LISTENER", EDGE, Instant.now().minusSeconds(30)))))
            .isEqualTo(refusal(401, "token expired"));
        assertThat(answer(peer().bind(MediaTokens.token("x", room, "LISTENER", "edge-other", soon))))
            .isEqualTo(refusal(401, "wrong edge"));
        assertThat(answer(peer().bind(MediaTokens.sign("someone-elses-secret-of-32-bytes-or-more",
            MediaTokens.base("x", room, "LISTENER", EDGE, soon).build())))).isEqualTo(refusal(401, "bad signature"));
        UdpPeer thief = new UdpPeer(edge.udpPort(), ann.ssrc());
        peers.add(thief);
        assertThat(answer(thief.bind(MediaTokens.token("thief", room, "LISTENER", EDGE, soon))))
            .isEqualTo(refusal(400, "ssrc in use"));
        assertThat(answer(peer().bind(MediaTokens.sign(MediaTokens.SECRET,
            MediaTokens.base("x", room, "LISTENER", EDGE, soon).issueTime(null).build()))))
            .as("no iat: a revocation could not judge it").isEqualTo(refusal(401, "missing claims"));
        assertThat(answer(peer().bind(MediaTokens.token("x", room, "LISTENER", EDGE, Instant.now().plusSeconds(3600)))))
            .as("longer than max-token-lifetime: could outlive a revocation").isEqualTo(refusal(401, "token lifetime too long"));
    }

    @Test
    void aKickedOrBannedListenersHeldTokenIsRefusedAndHearsNothingAndAFreshTokenAfterRejoiningBinds() throws Exception {
        String room = room("revoke");
        UdpPeer ann = speaker(room, "ann");
        UdpPeer cid = listener(room, "cid");
        String kimHeld = MediaTokens.token("kim", room, "LISTENER", EDGE, Instant.now().plusSeconds(300));
        String boHeld = MediaTokens.token("bo", room, "LISTENER", EDGE, Instant.now().plusSeconds(300));
        UdpPeer kim = peer().reporting(300).bound(kimHeld);
        UdpPeer bo = peer().reporting(300).bound(boHeld);
        byte[] before = ann.sendRtp(payload(1, 40));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard(kim, ann, before) && heard(bo, ann, before));

        RoomEvent kick = fact(room, new ParticipantKicked("kim"));
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, kick)).get();
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, new ParticipantBanned("bo")))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().bySsrc(kim.ssrc()) == null
            && edge.sessions().bySsrc(bo.ssrc()) == null);
        int firstAfterUnbound = ann.nextSequence();
        double revoked = edge.metrics().refusedCount("token revoked");

        UdpPeer kimElsewhere = peer().reporting(300);
        assertThat(answer(kim.bind(kimHeld))).as("the held token, same socket and SSRC")
            .isEqualTo(refusal(403, "token revoked"));
        assertThat(answer(kimElsewhere.bind(kimHeld))).as("the held token, another socket and SSRC")
            .isEqualTo(refusal(403, "token revoked"));
        assertThat(answer(bo.bind(boHeld))).as("a banned listener's held token").isEqualTo(refusal(403, "token revoked"));
        byte[] marker = ann.sendRtp(payload(2, 40));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard(cid, ann, marker));
        for (UdpPeer out : List.of(kim, kimElsewhere, bo)) {
            assertThat(out.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::sequence)
                .as("nothing of ann's after the edge applied the kick and the ban")
                .allSatisfy(sequence -> assertThat(sequence).isLessThan(firstAfterUnbound));
            assertThat(edge.sessions().bySsrc(out.ssrc())).isNull();
        }
        assertThat(edge.metrics().refusedCount("token revoked")).isEqualTo(revoked + 3);

        // Kick is not ban: kim joins again and gets a fresh token, issued after the kick (and the clock skew).
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
            fact(room, new ParticipantJoined("kim", Role.LISTENER)))).get();
        long skewMs = service.getBean(MediaEdgeSettings.class).getRevocationClockSkew().toMillis();
        Instant issued = Instant.ofEpochSecond(Math.floorDiv(kick.getOccurredAt().toEpochMilli() + skewMs, 1000) + 1);
        String kimFresh = MediaTokens.sign(MediaTokens.SECRET, MediaTokens.base("kim", room, "LISTENER", EDGE,
            issued.plusSeconds(300)).issueTime(Date.from(issued)).notBeforeTime(Date.from(issued)).build());
        assertThat(answer(kim.bind(kimFresh))).isEqualTo("success");
        byte[] afterRejoin = ann.sendRtp(payload(3, 40));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard(kim, ann, afterRejoin));
        assertThat(answer(bo.bind(boHeld))).as("the banned one stays out").isEqualTo(refusal(403, "token revoked"));
        assertThat(get("/prometheus").body())
            .contains("roomcast_media_bindings_refused_total{reason=\"token_revoked\"}")
            .contains("roomcast_media_token_revocations");
    }

    @Test
    void anEdgeStartedAfterAKickRefusesTheTokenTheUserHeldBeforeIt(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        String room = room("revoke-late");
        String lateEdge = EDGE + "-late";
        String kayHeld = MediaTokens.token("kay", room, "LISTENER", lateEdge, Instant.now().plusSeconds(300));
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, new ParticipantKicked("kay")))).get();

        try (ApplicationContext second = Edges.start(kafka, registry, redisUri, lateEdge, Map.of())) {
            MediaEdge late = second.getBean(MediaEdge.class);
            try (UdpPeer kay = new UdpPeer(late.udpPort(), SSRCS.incrementAndGet());
                 UdpPeer lou = new UdpPeer(late.udpPort(), SSRCS.incrementAndGet())) {
                assertThat(answer(kay.bind(kayHeld))).isEqualTo(refusal(403, "token revoked"));
                assertThat(answer(lou.bind(MediaTokens.token("lou", room, "LISTENER", lateEdge,
                    Instant.now().plusSeconds(300))))).isEqualTo("success");
            }
        }
    }

    private static boolean heard(UdpPeer listener, UdpPeer speaker, byte[] datagram) {
        return listener.receivedFrom(speaker.ssrc()).stream().anyMatch(r -> java.util.Arrays.equals(r.data(), datagram));
    }

    @Test
    void tokenExpiryEndsTheBinding() throws Exception {
        String room = room("expiry");
        UdpPeer ann = speaker(room, "ann");
        UdpPeer bob = peer().reporting(300);
        BindingResponse bound = bob.bind(MediaTokens.token("bob", room, "LISTENER", EDGE, Instant.now().plusSeconds(3)));
        assertThat(bound.success()).isTrue();
        assertThat(bound.lifetimeSeconds()).isBetween(1L, 3L);

        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().bySsrc(bob.ssrc()) == null);
        int before = bob.received().size();
        ann.sendRtp(payload(1, 40));
        UdpPeer cid = listener(room, "cid");
        byte[] marker = ann.sendRtp(payload(2, 40));
        await().atMost(Duration.ofSeconds(5)).until(() -> cid.receivedFrom(ann.ssrc()).stream()
            .anyMatch(r -> java.util.Arrays.equals(r.data(), marker)));
        assertThat(bob.received()).hasSize(before);
        assertThat(get("/prometheus").body()).contains("roomcast_media_unbound_total{reason=\"expired\"}");
    }

    @Test
    void aSenderOverItsPacketRateIsCutOff_andAFloodingOneIsUnbound() throws Exception {
        String room = room("flood");
        UdpPeer ann = speaker(room, "ann");
        UdpPeer bob = listener(room, "bob");
        double limited = dropped(DropReason.RATE_LIMITED);

        long start = System.nanoTime();
        for (int i = 0; i < 1_500 && edge.sessions().bySsrc(ann.ssrc()) != null; i++) {
            ann.sendRtp(payload(i, 20)); // 300 packets/s for up to 5 s: three times the limit of 100 packets/s
            java.util.concurrent.locks.LockSupport.parkNanos(start + (i + 1) * 1_000_000_000L / 300 - System.nanoTime());
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> dropped(DropReason.RATE_LIMITED) >= limited + 100
            && edge.sessions().bySsrc(ann.ssrc()) == null);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(bob.receivedFrom(ann.ssrc()).size()).as("a second's burst, then the limit's rate, in %.1f s", seconds)
            .isLessThanOrEqualTo(100 + (int) (100 * seconds) + 10);
        assertThat(get("/prometheus").body()).contains("roomcast_media_unbound_total{reason=\"flooding\"}");
    }

    @Test
    void bindingRequestsOverTheSourcesRateAreDroppedBeforeTheirTokenIsChecked() throws Exception {
        double limited = dropped(DropReason.BINDING_RATE_LIMITED);
        UdpPeer flooder = peer();
        for (int i = 0; i < 60; i++) { // a forged token: each one checked would cost a JWT verification
            byte[] tid = new byte[io.roomcast.media.stun.Stun.TRANSACTION_ID_BYTES];
            tid[0] = (byte) i;
            flooder.send(io.roomcast.media.stun.StunWriter.bindingRequest(tid, "forged." + i, flooder.ssrc()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped(DropReason.BINDING_RATE_LIMITED) >= limited + 30);
        String room = room("after-binding-flood");
        assertThat(listener(room, "dee")).as("another source binds as usual").isNotNull();
    }

    @Test
    void aListenerWithoutRtcpIsUnboundAndOneWithRtcpIsKept() throws Exception {
        String room = room("silent");
        UdpPeer quiet = peer().bound(MediaTokens.token("quiet", room, "LISTENER", EDGE, Instant.now().plusSeconds(300)));
        UdpPeer live = listener(room, "live");

        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().bySsrc(quiet.ssrc()) == null);
        assertThat(edge.sessions().bySsrc(live.ssrc())).isNotNull();
        assertThat(get("/prometheus").body()).contains("roomcast_media_unbound_total{reason=\"silent\"}")
            .contains("roomcast_media_listener_jitter_milliseconds");
    }

    /**
     * The demo's speakers bind, then wait for the browsers and 20 listeners to be set up before they speak:
     * on a loaded machine longer than the silent timeout, which unbound them (their packets then dropped as
     * {@code unbound_source}). A speaker's RTCP keeps it bound: once a participant bound after it and silent
     * since is unbound, the speaker, bound as long, is still bound and its first packet is forwarded.
     */
    @Test
    void aSpeakerThatBindsLongBeforeItSpeaksIsKeptBoundByItsReports() throws Exception {
        String room = room("early-speaker");
        joinedAsModerator(room, "eve");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (RtpSpeaker eve = new RtpSpeaker(SpeechClip.load(Path.of(System.getProperty("roomcast.speech.dir"), "speaker1.opus")),
                SSRCS.incrementAndGet(), new InetSocketAddress("127.0.0.1", edge.udpPort()), new InetSocketAddress("127.0.0.1", 0))) {
            eve.bind(MediaTokens.token("eve", room, "MODERATOR", EDGE, Instant.now().plusSeconds(300)), timer, 300);
            UdpPeer quiet = peer().bound(MediaTokens.token("quiet", room, "LISTENER", EDGE, Instant.now().plusSeconds(300)));
            UdpPeer bob = listener(room, "bob");

            await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().bySsrc(quiet.ssrc()) == null);
            assertThat(edge.sessions().bySsrc(eve.ssrc())).as("the speaker, silent but reporting").isNotNull();
            eve.sendNext();
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.receivedFrom(eve.ssrc()).size() == 1);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void anEdgeStartedMidRoomKnowsTheSpeakersFromRoomState(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        String room = room("restart");
        try (KafkaProducer<String, RoomSnapshot> snapshots = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                EventSerdes.key(Topics.ROOM_STATE).serializer(),
                EventSerdes.value(Topics.ROOM_STATE, EventSerdes.config(registry.registryApiUrl())).serializer())) {
            snapshots.send(new ProducerRecord<>(Topics.ROOM_STATE.name(), room, snapshot(room, 4,
                participant("sam", Role.SPEAKER, false), participant("mo", Role.SPEAKER, true),
                participant("lee", Role.LISTENER, false)))).get();
        }
        // Already in the snapshot (version 4): must not unmute mo again.
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
            versioned(fact(room, new io.roomcast.events.ParticipantUnmuted("mo")), 3))).get();
        try (ApplicationContext second = Edges.start(kafka, registry, redisUri, EDGE + "-restarted", Map.of())) {
            MediaEdge restarted = second.getBean(MediaEdge.class);
            assertThat(restarted.sessions().maySpeak(room, "sam")).isTrue();
            assertThat(restarted.sessions().maySpeak(room, "mo")).isFalse();
            assertThat(restarted.sessions().maySpeak(room, "lee")).isFalse();

            facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
                versioned(fact(room, new io.roomcast.events.ParticipantUnmuted("mo")), 5))).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> restarted.sessions().maySpeak(room, "mo"));
        }
    }

    private static RoomEvent versioned(RoomEvent event, long version) {
        event.setRoomVersion(version);
        return event;
    }

    private static io.roomcast.events.Participant participant(String user, Role role, boolean muted) {
        return new io.roomcast.events.Participant(user, role, muted, Instant.now(), null);
    }

    private static RoomSnapshot snapshot(String room, long version, io.roomcast.events.Participant... participants) {
        return RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(room)
            .setVersion(version)
            .setDetails(RoomDetails.newBuilder().setTitle("Restart").setTopic("t").setVisibility(Visibility.PUBLIC)
                .setClubId(null).setSettings(RoomSettings.newBuilder().build()).build())
            .setLifecycle(RoomLifecycle.LIVE).setCreatedBy("sam").setCreatedAt(Instant.now())
            .setLastActivityAt(Instant.now()).setParticipants(List.of(participants)).setHandQueue(List.of())
            .setInvitedUserIds(List.of()).setBannedUserIds(List.of()).build();
    }

    /** The edge binds 127.0.0.1: an IPv4 socket (not dual-stack) whose datagrams carry DF. */
    @Test
    void healthSaysUpWithTheTransportAndAnIpv4SocketSettingDf() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains(edge.transport())
            .contains("\"udp_socket\":\"INET, DF\"");
    }

    /**
     * The gateway assigns only registered edges, so an edge that could not register yet is not UP: whoever
     * starts one (the demo, an orchestrator) waits on /health before sending it participants.
     */
    @Test
    void anEdgeThatCannotRegisterInRedisIsDownAndSaysSo(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        String unreachable = "redis://127.0.0.1:" + Ports.free();
        try (ApplicationContext alone = Edges.run(kafka, registry, unreachable, EDGE + "-no-redis", Map.of())) {
            String url = "http://localhost:" + alone.getBean(EmbeddedServer.class).getPort() + "/health";
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"registered\":false");
            }
        }
    }

    private String room(String name) {
        return "room-" + RUN + "-" + name;
    }

    private UdpPeer peer() {
        UdpPeer peer = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        peers.add(peer);
        return peer;
    }

    /** A bound listener that sends RTCP (stays alive). */
    private UdpPeer listener(String room, String user) throws Exception {
        return peer().reporting(300).bound(MediaTokens.token(user, room, "LISTENER", EDGE, Instant.now().plusSeconds(300)));
    }

    /** A bound speaker: joined as moderator (fact produced), then bound once the edge knows it speaks. */
    private UdpPeer speaker(String room, String user) throws Exception {
        joinedAsModerator(room, user);
        return peer().reporting(300).bound(MediaTokens.token(user, room, "MODERATOR", EDGE, Instant.now().plusSeconds(300)));
    }

    /** Produces the user's joining as moderator and waits until the edge knows it may speak. */
    private static void joinedAsModerator(String room, String user) throws Exception {
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
            fact(room, new ParticipantJoined(user, Role.MODERATOR)))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().maySpeak(room, user));
    }

    /** Every fact of the room on room-events so far (reads the room's partition from the start). */
    private static List<RoomEvent> factsOf(String room) {
        TopicPartition partition = new TopicPartition(Topics.ROOM_EVENTS.name(), Topics.ROOM_EVENTS.partitionOf(room));
        reader.assign(List.of(partition));
        reader.seekToBeginning(List.of(partition));
        long end = reader.endOffsets(List.of(partition)).get(partition);
        List<RoomEvent> found = new ArrayList<>();
        while (reader.position(partition) < end) {
            reader.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.key().equals(room)) {
                    found.add(r.value());
                }
            });
        }
        return found;
    }

    private static String refusal(int code, String reason) {
        return code + " " + reason;
    }

    private static String answer(BindingResponse response) {
        return response == null ? "no answer" : response.success() ? "success" : response.errorCode() + " " + response.reason();
    }

    private static double dropped(DropReason reason) {
        MediaMetrics<InetSocketAddress> metrics = edge.metrics();
        return metrics.droppedCount(reason);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(http + path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
