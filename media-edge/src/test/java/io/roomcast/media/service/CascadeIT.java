package io.roomcast.media.service;

import static io.roomcast.media.service.Edges.fact;
import static io.roomcast.media.service.Edges.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.media.auth.MediaTokens;
import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.rtcp.RtcpWriter;
import io.roomcast.media.session.DropReason;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two media edges in this JVM on the real broker, registry and Redis, with real UDP sockets: an origin
 * (where the room's speakers bind) and a relay (whose listeners bind with tokens naming the origin, as
 * the gateway issues them when the origin is full). The relay binds to the origin as the room's relay
 * participant and serves its own listeners. Redis database {@value #REDIS_DB}.
 */
@IntegrationTest
class CascadeIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int REDIS_DB = 10;
    private static final String ORIGIN = "origin-" + RUN;
    private static final String RELAY = "relay-" + RUN;
    private static final AtomicInteger SSRCS = new AtomicInteger(0x5000);
    private static final Map<String, Object> SETTINGS = Map.of(
        "roomcast.media.heartbeat-interval", "200ms",
        "roomcast.media.registration-ttl", "2s",
        "roomcast.media.relay-keepalive", "500ms",
        "roomcast.media.sweep-interval", "200ms",
        "roomcast.media.speaking-changed", false);

    private static ApplicationContext originContext;
    private static ApplicationContext relayContext;
    private static MediaEdge origin;
    private static MediaEdge relay;
    private static KafkaProducer<String, RoomEvent> facts;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;
    private final List<UdpPeer> peers = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redisServer) {
        String redisUri = redisServer.uri() + "/" + REDIS_DB;
        originContext = Edges.start(kafka, registry, redisUri, ORIGIN, SETTINGS);
        relayContext = Edges.start(kafka, registry, redisUri, RELAY, SETTINGS);
        origin = originContext.getBean(MediaEdge.class);
        relay = relayContext.getBean(MediaEdge.class);
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer());
        redisClient = RedisClient.create(redisUri);
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        facts.close();
        redis.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        relayContext.close();
        originContext.close();
    }

    @AfterEach
    void closePeers() {
        peers.forEach(UdpPeer::close);
    }

    @Test
    void aSpeakerOnTheOriginIsHeardByteIdenticalOnBothEdgesButTheSpeakerNamedAsCsrcOnTheRelayAndAMuteSilencesBoth() throws Exception {
        String room = "room-" + RUN + "-heard";
        UdpPeer ann = speaker(room, "ann");
        UdpPeer bob = listenerOnOrigin(room, "bob");
        UdpPeer cid = listenerOnRelay(room, "cid");

        double originForwarded = origin.metrics().forwardedCount();
        double relayForwarded = relay.metrics().forwardedCount();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(ann.sendRtp(payload(i, 60)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bob.receivedFrom(ann.ssrc()).size() == 20
            && cid.receivedFrom(ann.ssrc()).size() == 20);
        assertThat(bob.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data).containsExactlyElementsOf(sent);
        assertThat(cid.receivedFrom(ann.ssrc())).extracting(UdpPeer.Received::data)
            .containsExactlyElementsOf(sent.stream().map(p -> relayed(p, "ann")).toList());
        assertThat(origin.metrics().forwardedCount() - originForwarded).as("one copy to bob, one to the relay")
            .isEqualTo(40);
        System.out.printf("media-edge cascade IT: 20 speaker packets; origin sent %.0f copies (its listener + the "
            + "relay), relay sent %.0f; origin listener got %d, relay listener got %d, byte-identical (the relay's with ann as CSRC)%n",
            origin.metrics().forwardedCount() - originForwarded, relay.metrics().forwardedCount() - relayForwarded,
            bob.receivedFrom(ann.ssrc()).size(), cid.receivedFrom(ann.ssrc()).size());

        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, new ParticipantMuted("ann")))).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> !origin.sessions().maySpeak(room, "ann"));
        double notSpeaker = origin.metrics().droppedCount(DropReason.NOT_SPEAKER);
        for (int i = 20; i < 40; i++) {
            ann.sendRtp(payload(i, 60));
        }
        await().atMost(Duration.ofSeconds(10))
            .until(() -> origin.metrics().droppedCount(DropReason.NOT_SPEAKER) >= notSpeaker + 20);
        assertThat(bob.receivedFrom(ann.ssrc())).as("muted: nothing more on the origin").hasSize(20);
        assertThat(cid.receivedFrom(ann.ssrc())).as("muted: nothing more on the relay").hasSize(20);
    }

    @Test
    void aRelaysListenersHearNothingThatDidNotComeThroughTheOrigin() throws Exception {
        String room = "room-" + RUN + "-only";
        UdpPeer dee = speaker(room, "dee");
        UdpPeer eve = listenerOnRelay(room, "eve");
        UdpPeer fay = peer(relay).reporting(300).bound(relayToken(room, "fay", "SPEAKER"));
        speakerFact(room, "fay");
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.sessions().maySpeak(room, "fay"));
        double notOrigin = relay.metrics().droppedCount(DropReason.NOT_ORIGIN);
        double notFromOrigin = relay.metrics().droppedCount(DropReason.NOT_FROM_ORIGIN);
        UdpPeer stranger = new UdpPeer(relay.uplinks().uplinkPort(room), SSRCS.incrementAndGet());
        peers.add(stranger);

        fay.sendRtp(payload(1, 40));
        stranger.sendRtp(dee.ssrc(), payload(2, 40));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.metrics().droppedCount(DropReason.NOT_ORIGIN)
            >= notOrigin + 1 && relay.metrics().droppedCount(DropReason.NOT_FROM_ORIGIN) >= notFromOrigin + 1);
        byte[] heard = dee.sendRtp(payload(3, 40));

        await().atMost(Duration.ofSeconds(10)).until(() -> !eve.receivedFrom(dee.ssrc()).isEmpty());
        assertThat(eve.received()).as("only the speaker's packet relayed by the origin")
            .extracting(UdpPeer.Received::data).containsExactly(relayed(heard, "dee"));
        assertThat(fay.received()).extracting(UdpPeer.Received::data).containsExactly(relayed(heard, "dee"));
    }

    @Test
    void edgesRegisterInRedisAndARelayStopsRelayingWhenItsLastListenerLeaves() throws Exception {
        String room = "room-" + RUN + "-bye";
        Map<String, String> registration = redis.sync().hgetall(ReadModelKeys.mediaEdge(ORIGIN));
        assertThat(registration).containsEntry(ReadModelKeys.EDGE_ADDRESS, "127.0.0.1:" + origin.udpPort())
            .containsEntry(ReadModelKeys.EDGE_CAPACITY, "2000").containsKey(ReadModelKeys.EDGE_LOAD);
        assertThat(redis.sync().pttl(ReadModelKeys.mediaEdge(RELAY))).isBetween(1L, 2_000L);
        assertThat(redis.sync().smembers(ReadModelKeys.MEDIA_EDGES)).contains(ORIGIN, RELAY);

        UdpPeer gus = listenerOnRelay(room, "gus");
        assertThat(origin.sessions().room(room).members()).as("the relay is a participant of the origin")
            .extracting(p -> p.binding().user()).containsExactly("relay:" + RELAY);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(redis.sync()
            .hget(ReadModelKeys.mediaEdge(RELAY), ReadModelKeys.EDGE_LOAD)) >= 1);

        ByteBuffer bye = ByteBuffer.allocate(64);
        gus.send(Arrays.copyOf(bye.array(), RtcpWriter.writeLeave(bye, 0, gus.ssrc(), "done")));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.uplinks().uplinkPort(room) == -1
            && origin.sessions().room(room) == null);
    }

    @Test
    void afterRedisLostItsDataTheEdgesWriteBackTheRoomsOriginAndRelayButNeverOverAnOriginTheGatewayChanged() throws Exception {
        String room = "room-" + RUN + "-flushed";
        String originKey = ReadModelKeys.mediaOrigin(room);
        String relaysKey = ReadModelKeys.mediaRelays(room);
        speaker(room, "hal");
        listenerOnRelay(room, "ida");

        redis.sync().flushdb();
        await().atMost(Duration.ofSeconds(10)).until(() -> ORIGIN.equals(redis.sync().get(originKey))
            && redis.sync().smembers(relaysKey).equals(Set.of(RELAY)));
        assertThat(redis.sync().pttl(originKey)).as("room-keys-ttl, 1 h").isGreaterThan(3_500_000L);
        assertThat(redis.sync().pttl(relaysKey)).isGreaterThan(3_500_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.sync().smembers(ReadModelKeys.MEDIA_EDGES)
            .containsAll(List.of(ORIGIN, RELAY)));

        redis.sync().pexpire(originKey, 10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.sync().pttl(originKey) > 3_500_000L);

        // The gateway's fail-over placement named another origin: the edges leave it, and the relay of the old one
        // does not come back among the room's relays.
        redis.sync().set(originKey, "elsewhere");
        redis.sync().del(relaysKey);
        long changed = System.currentTimeMillis();
        awaitRoomsWritten(RELAY, changed);
        awaitRoomsWritten(ORIGIN, changed);
        assertThat(redis.sync().get(originKey)).isEqualTo("elsewhere");
        assertThat(redis.sync().exists(relaysKey)).isZero();
    }

    /** Waits until a heartbeat of {@code edge} that began after {@code epochMs} has also written its rooms back. */
    private static void awaitRoomsWritten(String edge, long epochMs) {
        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeatAt(edge) > epochMs);
        long began = heartbeatAt(edge);
        // A heartbeat writes the registration, then the rooms: the next registration comes after that beat's rooms.
        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeatAt(edge) > began);
    }

    private static long heartbeatAt(String edge) {
        String at = redis.sync().hget(ReadModelKeys.mediaEdge(edge), ReadModelKeys.EDGE_HEARTBEAT_AT);
        return at == null ? 0 : Long.parseLong(at);
    }

    private UdpPeer peer(MediaEdge edge) {
        UdpPeer peer = new UdpPeer(edge.udpPort(), SSRCS.incrementAndGet());
        peers.add(peer);
        return peer;
    }

    private static void speakerFact(String room, String user) throws Exception {
        facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
            fact(room, new ParticipantJoined(user, Role.MODERATOR)))).get();
    }

    /** A speaker bound on the origin once the origin knows it speaks. */
    /** {@code packet} as the origin sends it to a relay: its speaker named as its CSRC (docs/media-protocol.md, Tracks). */
    private static byte[] relayed(byte[] packet, String speaker) {
        return ContributingSource.copyWith(ByteBuffer.wrap(packet), 0, packet.length, ContributingSource.of(speaker), 0);
    }

    private UdpPeer speaker(String room, String user) throws Exception {
        speakerFact(room, user);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.sessions().maySpeak(room, user));
        return peer(origin).reporting(300)
            .bound(MediaTokens.token(user, room, "MODERATOR", ORIGIN, Instant.now().plusSeconds(300)));
    }

    private UdpPeer listenerOnOrigin(String room, String user) throws Exception {
        return peer(origin).reporting(300)
            .bound(MediaTokens.token(user, room, "LISTENER", ORIGIN, Instant.now().plusSeconds(300)));
    }

    /** A listener bound on the relay, once the relay's uplink is bound at the origin. */
    private UdpPeer listenerOnRelay(String room, String user) throws Exception {
        UdpPeer peer = peer(relay).reporting(300).bound(relayToken(room, user, "LISTENER"));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.uplinks().bound(room));
        return peer;
    }

    /** A token for the relay edge naming the origin, as the gateway issues it. */
    private static String relayToken(String room, String user, String role) {
        return MediaTokens.sign(MediaTokens.SECRET, MediaTokens.base(user, room, role, RELAY,
            Instant.now().plusSeconds(300)).claim("origin", ORIGIN)
            .claim("origin_address", "127.0.0.1:" + origin.udpPort()).build());
    }
}
