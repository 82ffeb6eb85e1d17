package io.roomcast.ranking.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.DeadLetter;
import io.roomcast.events.HandRaised;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomStats;
import io.roomcast.events.SpeakerTime;
import io.roomcast.ranking.core.Facts;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.testkit.FixedRegistrySerdes;
import io.roomcast.testkit.TopologyDrivers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology in TopologyTestDriver: room-events in, room-stats and dead letters out. */
class RankingTopologyTest {
    private static final String APP = "ranking-stream";
    private static final String ROOM = "r-1";
    private static final FixedRegistrySerdes SERDES = FixedRegistrySerdes.INSTANCE;
    private static final Instant T0 = Instant.parse("2026-12-03T10:15:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, RoomEvent> events;
    private TestInputTopic<String, byte[]> rawEvents;
    private TestOutputTopic<String, RoomStats> stats;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final List<String> refused = new ArrayList<>();
    private final Facts facts = new Facts(ROOM);

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        RefusalObserver observer = (topic, reason) -> refused.add(topic + ":" + reason);
        RankingTopology.build(builder, SERDES, RankingTopology.Settings.DEFAULTS.withPartitions(1), observer, APP);
        driver = TopologyDrivers.start(builder.build(), SERDES, observer, APP, stateDir, T0);
        StringSerializer keys = new StringSerializer();
        events = driver.createInputTopic(Topics.ROOM_EVENTS.name(), keys, SERDES.value(Topics.ROOM_EVENTS).serializer());
        rawEvents = driver.createInputTopic(Topics.ROOM_EVENTS.name(), keys, new ByteArraySerializer());
        stats = driver.createOutputTopic(Topics.ROOM_STATS.name(), new StringDeserializer(),
            SERDES.value(Topics.ROOM_STATS).deserializer());
        Topic<byte[], DeadLetter> dlq = Topics.deadLetterOf(Topics.ROOM_EVENTS);
        deadLetters = driver.createOutputTopic(dlq.name(), new StringDeserializer(), SERDES.value(dlq).deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(RoomEvent... facts) {
        for (RoomEvent fact : facts) {
            events.pipeInput(fact.getRoomId(), fact, fact.getOccurredAt());
        }
    }

    private RoomStats latest() {
        List<RoomStats> all = stats.readValuesToList();
        assertThat(all).isNotEmpty();
        return all.getLast();
    }

    @Test
    void aRoomsFactsBecomeItsStatsKeyedByRoom() {
        send(facts.created(T0), facts.joined("host", Role.MODERATOR, T0), facts.joined("ann", Role.LISTENER, T0),
            facts.speaking("host", true, T0.plusSeconds(1)), facts.speaking("host", false, T0.plusSeconds(4)),
            facts.next(new HandRaised("ann", T0), T0.plusSeconds(5)), facts.left("ann", T0.plusSeconds(20)));

        var records = stats.readKeyValuesToList();
        assertThat(records).hasSize(7).allSatisfy(r -> assertThat(r.key).isEqualTo(ROOM));
        RoomStats last = records.getLast().value;
        assertThat(last.getSpeakers()).isEqualTo(1);
        assertThat(last.getListeners()).isZero();
        assertThat(last.getPeakConcurrent()).isEqualTo(2);
        assertThat(last.getTotalJoins()).isEqualTo(2);
        assertThat(last.getHandRaises()).isEqualTo(1);
        assertThat(last.getAverageStayMs()).isEqualTo(20_000);
        assertThat(last.getSpeakTime()).containsExactly(new SpeakerTime("host", 3_000L));
        assertThat(last.getJoinsPerMinute1m()).isEqualTo(2.0);
        assertThat(last.getVersion()).isEqualTo(7);
    }

    @Test
    void aReplayedFactDoesNotCountTwiceAndWritesNothing() {
        RoomEvent created = facts.created(T0);
        RoomEvent join = facts.joined("ann", Role.LISTENER, T0);
        send(created, join);
        stats.readValuesToList();

        send(join, created);

        assertThat(stats.isEmpty()).as("no stats for replays").isTrue();
        send(facts.joined("bob", Role.LISTENER, T0.plusSeconds(1)));
        assertThat(latest().getTotalJoins()).isEqualTo(2);
    }

    @Test
    void momentumDecaysWithoutNewFactsAsTheWallClockMovesOn() {
        send(facts.created(T0), facts.joined("ann", Role.LISTENER, T0), facts.joined("bob", Role.LISTENER, T0));
        assertThat(latest().getJoinsPerMinute1m()).isEqualTo(2.0);

        driver.advanceWallClockTime(Duration.ofSeconds(70));

        RoomStats decayed = latest();
        assertThat(decayed.getJoinsPerMinute1m()).isZero();
        assertThat(decayed.getJoinsPerMinute5m()).isEqualTo(2 / 5.0);
        assertThat(decayed.getListeners()).as("the rest is unchanged").isEqualTo(2);

        driver.advanceWallClockTime(Duration.ofSeconds(20));
        assertThat(stats.isEmpty()).as("nothing changed: nothing written").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(latest().getJoinsPerMinute5m()).isZero();
    }

    @Test
    void anEndedRoomsFinalStatsCarryTheHourlyBreakdownAndItsTallyIsForgottenLater() {
        send(facts.created(T0), facts.joined("ann", Role.LISTENER, T0), facts.ended(T0.plusSeconds(60)));
        RoomStats last = latest();
        assertThat(last.getEndedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(last.getHourly()).hasSize(1);
        KeyValueStore<String, ?> tallies = driver.getKeyValueStore(RankingTopology.TALLIES_STORE);
        assertThat(tallies.get(ROOM)).isNotNull();

        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(tallies.get(ROOM)).isNull();
        assertThat(stats.isEmpty()).isTrue();
        send(facts.speaking("ann", true, T0.plus(Duration.ofHours(2))));
        assertThat(stats.isEmpty()).as("a late fact does not replace the final stats").isTrue();
    }

    @Test
    void aPoisonPillIsDeadLetteredWithTheReasonAndTheNextFactCounts() {
        send(facts.created(T0));
        stats.readValuesToList();
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);

        rawEvents.pipeInput(ROOM, poison, T0);

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).startsWith("undecodable");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ROOM_EVENTS.name());
            assertThat(letter.getConsumer()).isEqualTo(APP);
        });
        assertThat(refused).singleElement().asString().startsWith("room-events:");
        assertThat(stats.isEmpty()).isTrue();
        send(facts.joined("ann", Role.LISTENER, T0));
        assertThat(latest().getTotalJoins()).isEqualTo(1);
    }

    @Test
    void aFactKeyedByAnotherRoomIsDeadLettered() {
        RoomEvent fact = facts.created(T0);

        events.pipeInput("r-other", fact, T0);

        assertThat(deadLetters.readValuesToList()).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).startsWith("key_mismatch"));
        assertThat(stats.isEmpty()).isTrue();
    }
}
