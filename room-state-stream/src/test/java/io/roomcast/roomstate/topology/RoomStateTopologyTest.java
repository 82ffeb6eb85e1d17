package io.roomcast.roomstate.topology;

import static io.roomcast.roomstate.core.Commands.T0;
import static io.roomcast.roomstate.core.Commands.command;
import static io.roomcast.roomstate.core.Commands.details;
import static io.roomcast.roomstate.core.Commands.payloads;
import static io.roomcast.roomstate.core.Commands.publicRoom;
import static io.roomcast.roomstate.core.Commands.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.RoomSettings;
import io.roomcast.events.ApproveJoin;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.CommandOutcome;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.DeadLetter;
import io.roomcast.events.EndReason;
import io.roomcast.events.EndRoom;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.streams.TopicSerdes;
import io.roomcast.schemas.validation.RegistryUnavailableException;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.FixedRegistrySerdes;
import io.roomcast.testkit.TopologyDrivers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room-state-stream topology in TopologyTestDriver: commands in, facts and snapshots out, nonce
 * deduplication, presence expiry and room timers on the wall clock, club access from the social graph,
 * and dead letters. The driver's wall clock starts at {@code T0}; commands are stamped with it.
 */
class RoomStateTopologyTest {
    private static final String APP = "room-state-stream-test";
    private static final String ROOM = "r1";
    private static final String HOST = "host";

    @TempDir
    Path stateDir;

    private final List<String> handled = new ArrayList<>();
    private TopologyTestDriver driver;
    private Instant now = T0;
    private int nonces;
    private TestInputTopic<String, RoomCommand> commands;
    private TestInputTopic<String, byte[]> rawCommands;
    private TestInputTopic<String, PresenceHeartbeat> heartbeats;
    private TestInputTopic<String, SocialEdge> socialGraph;
    private TestOutputTopic<String, RoomEvent> events;
    private TestOutputTopic<String, RoomSnapshot> states;
    private TestOutputTopic<String, RoomCommand> issuedCommands;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    /** The Confluent wire format with fixed schema ids for every topic. */
    private static final FixedRegistrySerdes SERDES = FixedRegistrySerdes.INSTANCE;
    /** While true, the registry does not answer: every schema lookup throws as RegistryWriterSchemas does after its wait. */
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final TopicSerdes serdes = new TopicSerdes() {
        @Override
        public <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic) {
            return SERDES.value(topic);
        }

        @Override
        public WriterSchemas writerSchemas() {
            return (subject, id) -> {
                if (registryDown.get()) {
                    throw new RegistryUnavailableException("schema registry unavailable (test)", null);
                }
                return SERDES.writerSchemas().versionOf(subject, id);
            };
        }
    };
    private final List<String> refused = new ArrayList<>();

    /** The state machine's tests see a snapshot per change; the coalescing tests start their own driver. */
    @BeforeEach
    void startDriver() {
        startDriver(RoomStateTopology.Settings.DEFAULTS.withSnapshotInterval(Duration.ZERO));
    }

    private void startDriver(RoomStateTopology.Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        CommandObserver observer = new CommandObserver() {
            @Override
            public void handled(String type, String outcome, Duration latency) {
                handled.add(type + ":" + outcome);
            }

            @Override
            public void refused(String topic, String reason) {
                refused.add(topic + ":" + reason);
            }
        };
        RoomStateTopology.build(builder, serdes, settings.withPartitions(1), observer, APP);
        driver = TopologyDrivers.start(builder.build(), serdes, observer, APP, stateDir, now);

        StringSerializer keys = new StringSerializer();
        commands = driver.createInputTopic(Topics.ROOM_COMMANDS.name(), keys,
            SERDES.value(Topics.ROOM_COMMANDS).serializer());
        rawCommands = driver.createInputTopic(Topics.ROOM_COMMANDS.name(), keys, new ByteArraySerializer());
        heartbeats = driver.createInputTopic(Topics.PRESENCE_HEARTBEATS.name(), keys,
            SERDES.value(Topics.PRESENCE_HEARTBEATS).serializer());
        socialGraph = driver.createInputTopic(Topics.SOCIAL_GRAPH.name(), keys,
            SERDES.value(Topics.SOCIAL_GRAPH).serializer());
        StringDeserializer keyReader = new StringDeserializer();
        events = driver.createOutputTopic(Topics.ROOM_EVENTS.name(), keyReader,
            SERDES.value(Topics.ROOM_EVENTS).deserializer());
        states = driver.createOutputTopic(Topics.ROOM_STATE.name(), keyReader,
            SERDES.value(Topics.ROOM_STATE).deserializer());
        issuedCommands = driver.createOutputTopic(Topics.ROOM_COMMANDS.name(), keyReader,
            SERDES.value(Topics.ROOM_COMMANDS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetterOf(Topics.ROOM_COMMANDS).name(), keyReader,
            SERDES.value(Topics.deadLetterOf(Topics.ROOM_COMMANDS)).deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private RoomCommand send(String roomId, String user, Object intent) {
        return send(roomId, user, "n" + (++nonces), intent);
    }

    private RoomCommand send(String roomId, String user, String nonce, Object intent) {
        RoomCommand command = command(roomId, user, nonce, now, intent);
        commands.pipeInput(roomId, command, now);
        return command;
    }

    /** Time passes, with the gateway node ticking (its newest tick read at the new time), then the wall clock. */
    private void advance(Duration duration) {
        now = now.plus(duration);
        heartbeats.pipeInput(null, PresenceTicks.tick("gw-1", now), now);
        driver.advanceWallClockTime(duration);
    }

    /** The keys of the records written to {@code topic} since the last read. */
    private static List<String> keys(TestOutputTopic<String, ?> topic) {
        return topic.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    private void heartbeat(String user, String roomId) {
        heartbeats.pipeInput(user, PresenceHeartbeat.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(now)
            .setUserId(user)
            .setRoomId(roomId)
            .setSessionId("session-" + user)
            .setClientTime(now)
            .setGatewayNode("gw-1")
            .build(), now);
    }

    private void edge(String user, SocialRelation relation, String clubId, boolean active) {
        edge(user, relation, SocialTargetType.CLUB, clubId, active);
    }

    private void edge(String user, SocialRelation relation, SocialTargetType type, String targetId, boolean active) {
        SocialEdge edge = SocialEdge.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(now)
            .setUserId(user)
            .setRelation(relation)
            .setTargetType(type)
            .setTargetId(targetId)
            .setActive(active)
            .build();
        socialGraph.pipeInput(Topics.socialEdgeKey(edge), edge, now);
    }

    private RejectionReason joinRejection(String user) {
        send(ROOM, user, new JoinRoom());
        Object fact = facts().getFirst();
        return fact instanceof CommandRejected rejected ? rejected.getReason() : null;
    }

    /** Facts published so far (and not read yet), in order. */
    private List<Object> facts() {
        return payloads(events.readValuesToList());
    }

    /** The latest snapshot of each room published so far (null: tombstone). */
    private Map<String, RoomSnapshot> latestStates() {
        Map<String, RoomSnapshot> latest = new LinkedHashMap<>();
        for (KeyValue<String, RoomSnapshot> record : states.readKeyValuesToList()) {
            latest.put(record.key, record.value);
        }
        return latest;
    }

    private static List<String> participantIds(RoomSnapshot snapshot) {
        return snapshot.getParticipants().stream().map(Participant::getUserId).toList();
    }

    /** Reads and discards everything published so far. */
    private void drain() {
        events.readValuesToList();
        states.readValuesToList();
        issuedCommands.readValuesToList();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    // ---- commands in, facts and snapshots out ---------------------------------------------------

    @Test
    void commandsBecomeFactsAndSnapshots() {
        RoomCommand create = send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());

        List<KeyValue<String, RoomEvent>> published = events.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).containsOnly(ROOM);
        assertThat(payloads(published.stream().map(kv -> kv.value).toList())).containsExactly(
            new RoomCreated(publicRoom(), RoomLifecycle.LIVE, null),
            new ParticipantJoined(HOST, Role.MODERATOR),
            new ParticipantJoined("ann", Role.LISTENER));
        assertThat(published.getFirst().value.getNonce()).isEqualTo(create.getNonce());
        assertThat(published.getFirst().value.getCommandId()).isEqualTo(create.getEventId().toString());

        List<KeyValue<String, RoomSnapshot>> snapshots = states.readKeyValuesToList();
        assertThat(snapshots).extracting(kv -> kv.key).containsExactly(ROOM, ROOM);
        assertThat(snapshots).extracting(kv -> kv.value.getVersion()).containsExactly(1L, 2L);
        assertThat(participantIds(snapshots.getLast().value)).containsExactly(HOST, "ann");
        assertThat(handled).containsExactly("CreateRoom:applied", "JoinRoom:applied");
    }

    // ---- snapshots sized to the change (issue 20) --------------------------------------------------

    private void restartWithCoalescedSnapshots() {
        driver.close();
        startDriver(RoomStateTopology.Settings.DEFAULTS);
    }

    /** A crowd joining within one interval: every fact at once, one snapshot of the room at the interval's end. */
    @Test
    void manyChangesWithinTheIntervalMakeOneSnapshotAndEveryFact() {
        restartWithCoalescedSnapshots();
        Duration interval = RoomStateTopology.Settings.DEFAULTS.snapshotInterval();
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        assertThat(states.readValuesToList()).as("a new room's snapshot goes at once").extracting(RoomSnapshot::getVersion)
            .containsExactly(1L);
        for (int i = 0; i < 50; i++) {
            send(ROOM, "listener-" + i, new JoinRoom());
        }
        assertThat(payloads(events.readValuesToList())).hasSize(52).last()
            .isEqualTo(new ParticipantJoined("listener-49", Role.LISTENER));
        assertThat(states.isEmpty()).as("no snapshot before the interval").isTrue();

        advance(interval);
        List<RoomSnapshot> snapshots = states.readValuesToList();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.getFirst().getVersion()).isEqualTo(51L);
        assertThat(participantIds(snapshots.getFirst())).hasSize(51).contains("listener-0", "listener-49");

        advance(interval);
        assertThat(states.isEmpty()).as("nothing changed: no snapshot").isTrue();
    }

    /** Lifecycle changes do not wait: the end is a tombstone at once, and no late snapshot brings the room back. */
    @Test
    void aRoomThatEndsWithinTheIntervalIsATombstoneAtOnceAndNeverReappears() {
        restartWithCoalescedSnapshots();
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        send(ROOM, HOST, new EndRoom());
        List<KeyValue<String, RoomSnapshot>> written = states.readKeyValuesToList();
        assertThat(written).extracting(kv -> kv.value == null ? null : kv.value.getVersion()).containsExactly(1L, null);

        advance(RoomStateTopology.Settings.DEFAULTS.snapshotInterval().multipliedBy(3));
        assertThat(states.isEmpty()).isTrue();
    }

    /**
     * The rooms store (interactive queries, the next command) has every change at once; the pending mark is a logged
     * store, so an instance that takes the task over emits what the failed one had not (RoomStateFailoverIT).
     */
    @Test
    void aChangeIsInTheRoomsStoreAtOnceAndMarkedPendingUntilItsSnapshotGoesOut() {
        restartWithCoalescedSnapshots();
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        states.readValuesToList();
        assertThat(driver.<String, String>getKeyValueStore(RoomStateTopology.PENDING_SNAPSHOTS_STORE).get(ROOM))
            .isNotNull();
        assertThat(participantIds(driver.<String, RoomSnapshot>getKeyValueStore(RoomStateTopology.ROOMS_STORE).get(ROOM)))
            .as("the rooms store holds every change at once").containsExactly(HOST, "ann");

        advance(RoomStateTopology.Settings.DEFAULTS.snapshotInterval());
        assertThat(participantIds(states.readValuesToList().getLast())).containsExactly(HOST, "ann");
        assertThat(driver.<String, String>getKeyValueStore(RoomStateTopology.PENDING_SNAPSHOTS_STORE).get(ROOM)).isNull();
    }

    /**
     * A punctuation marks the task for commit and halves the records Kafka Streams processes per task per iteration:
     * once the pending snapshots are out, the snapshot punctuator stops until a room changes again.
     */
    @Test
    void theSnapshotPunctuatorRunsOnlyWhileASnapshotIsPending() {
        restartWithCoalescedSnapshots();
        Duration interval = RoomStateTopology.Settings.DEFAULTS.snapshotInterval();
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        driver.advanceWallClockTime(interval);
        assertThat(states.readValuesToList()).extracting(RoomSnapshot::getVersion).containsExactly(1L, 2L);
        assertThat(punctuations()).as("the pending snapshot went out").isEqualTo(1);

        driver.advanceWallClockTime(interval.multipliedBy(20));
        assertThat(punctuations()).as("nothing pending: no punctuation in 20 intervals").isEqualTo(1);

        send(ROOM, "bob", new JoinRoom());
        driver.advanceWallClockTime(interval);
        assertThat(states.readValuesToList()).extracting(RoomSnapshot::getVersion).containsExactly(3L);
        assertThat(punctuations()).isEqualTo(2);
    }

    /** How many punctuators the room task ran (Kafka Streams' task metric {@code punctuate-total}). */
    private long punctuations() {
        return driver.metrics().entrySet().stream()
            .filter(e -> e.getKey().name().equals("punctuate-total") && e.getKey().tags().get("task-id").equals("0_0"))
            .mapToLong(e -> ((Double) e.getValue().metricValue()).longValue())
            .sum();
    }

    /**
     * A command read while the registry does not answer fails the stream thread (the service replaces it and
     * reads the command again from the last commit) instead of being dead-lettered as an unknown schema.
     */
    @Test
    void aCommandReadWhileTheRegistryIsDownIsNeitherAppliedNorDeadLetteredAndIsAppliedWhenReadAgain() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        events.readKeyValuesToList();
        states.readKeyValuesToList();
        RoomCommand join = command(ROOM, "ann", "n-join", now, new JoinRoom());

        registryDown.set(true);
        assertThatThrownBy(() -> commands.pipeInput(ROOM, join, now)).isInstanceOf(StreamsException.class)
            .hasRootCauseInstanceOf(RegistryUnavailableException.class);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(states.isEmpty()).isTrue();
        assertThat(refused).isEmpty();

        registryDown.set(false);
        commands.pipeInput(ROOM, join, now);
        assertThat(payloads(events.readValuesToList())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
        assertThat(participantIds(states.readValuesToList().getLast())).containsExactly(HOST, "ann");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRejectedCommandAnswersItsSenderAndChangesNoSnapshot() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();

        RoomCommand kick = send(ROOM, "ann", new Kick(HOST));

        List<RoomEvent> answer = events.readValuesToList();
        assertThat(answer).singleElement().satisfies(fact -> {
            assertThat(fact.getUserId()).isEqualTo("ann");
            assertThat(fact.getNonce()).isEqualTo(kick.getNonce());
            assertThat(fact.getFact()).isInstanceOfSatisfying(CommandRejected.class, rejected -> {
                assertThat(rejected.getReason()).isEqualTo(RejectionReason.NOT_MODERATOR);
                assertThat(rejected.getSessionId()).isEqualTo("session-ann");
            });
        });
        assertThat(states.isEmpty()).isTrue();
        assertThat(handled).last().isEqualTo("Kick:not_moderator");
    }

    @Test
    void anEndedRoomLeavesATombstoneAndRejectsWhatFollows() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();

        send(ROOM, HOST, new EndRoom());

        assertThat(facts()).containsExactly(
            new ParticipantLeft(HOST, LeaveReason.ROOM_ENDED),
            new ParticipantLeft("ann", LeaveReason.ROOM_ENDED),
            new RoomEnded(EndReason.BY_MODERATOR));
        List<KeyValue<String, RoomSnapshot>> snapshots = states.readKeyValuesToList();
        assertThat(snapshots).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(ROOM);
            assertThat(kv.value).isNull();
        });

        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).singleElement().isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.ROOM_ENDED));
        assertThat(states.isEmpty()).isTrue();
    }

    // ---- idempotency ----------------------------------------------------------------------------

    @Test
    void aRetriedCommandIsAnsweredWithItsOriginalOutcomeAndNotAppliedAgain() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", "join-1", new JoinRoom());
        send(ROOM, "ann", "leave-1", new LeaveRoom(LeaveReason.LEFT));
        drain();

        RoomCommand retry = command(UUID.randomUUID(), ROOM, "ann", "join-1", now, new JoinRoom());
        commands.pipeInput(ROOM, retry, now);

        List<RoomEvent> answer = events.readValuesToList();
        assertThat(answer).singleElement().satisfies(fact -> {
            assertThat(fact.getUserId()).isEqualTo("ann");
            assertThat(fact.getNonce()).isEqualTo("join-1");
            assertThat(fact.getFact())
                .isEqualTo(new CommandDuplicate("JoinRoom", CommandOutcome.APPLIED, null, "session-ann"));
        });
        assertThat(states.isEmpty()).isTrue();
        assertThat(handled).last().isEqualTo("JoinRoom:duplicate");

        send(ROOM, "ann", new RaiseHand());
        assertThat(facts()).singleElement().isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.NOT_IN_ROOM));
    }

    @Test
    void aRetriedRejectedCommandIsRejectedAgainWithTheOriginalReason() {
        send(ROOM, "ann", "join-1", new JoinRoom());
        assertThat(facts()).singleElement().isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.UNKNOWN_ROOM));
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        drain();

        commands.pipeInput(ROOM, command(UUID.randomUUID(), ROOM, "ann", "join-1", now, new JoinRoom()), now);

        assertThat(facts()).containsExactly(new CommandDuplicate("JoinRoom", CommandOutcome.REJECTED,
            RejectionReason.UNKNOWN_ROOM, "session-ann"));
        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void theSameRecordDeliveredTwiceIsAppliedOnce() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        drain();
        RoomCommand join = command(ROOM, "ann", "join-1", now, new JoinRoom());

        commands.pipeInput(ROOM, join, now);
        commands.pipeInput(ROOM, join, now);

        List<RoomEvent> published = events.readValuesToList();
        assertThat(payloads(published)).containsExactly(
            new ParticipantJoined("ann", Role.LISTENER),
            new CommandDuplicate("JoinRoom", CommandOutcome.APPLIED, null, "session-ann"));
        assertThat(states.readValuesToList()).hasSize(1);
        assertThat(published).extracting(RoomEvent::getEventId)
            .as("consumers deduplicate room-events on eventId; the answer to the repeat must not look like the join")
            .doesNotHaveDuplicates();
    }

    @Test
    void noncesBelongToTheirSender() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        drain();

        send(ROOM, "ann", "same", new JoinRoom());
        send(ROOM, "bob", "same", new JoinRoom());

        assertThat(facts()).containsExactly(
            new ParticipantJoined("ann", Role.LISTENER),
            new ParticipantJoined("bob", Role.LISTENER));
    }

    // ---- presence -------------------------------------------------------------------------------

    @Test
    void aUserWithoutHeartbeatsIsTimedOutAfterTheDeadline() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();

        advance(Duration.ofSeconds(15));
        heartbeat(HOST, ROOM);
        advance(Duration.ofSeconds(15));
        heartbeat(HOST, ROOM);
        assertThat(issuedCommands.isEmpty()).isTrue();

        advance(Duration.ofSeconds(15));

        List<KeyValue<String, RoomCommand>> issued = issuedCommands.readKeyValuesToList();
        assertThat(issued).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(ROOM);
            assertThat(kv.value.getRoomId()).isEqualTo(ROOM);
            assertThat(kv.value.getUserId()).isEqualTo("ann");
            assertThat(kv.value.getCommand()).isEqualTo(new LeaveRoom(LeaveReason.TIMEOUT));
        });
        assertThat(facts()).containsExactly(new ParticipantLeft("ann", LeaveReason.TIMEOUT));
        assertThat(participantIds(latestStates().get(ROOM))).containsExactly(HOST);
    }

    /**
     * The presence store's changelog gets a record only when a user's presence changes: a heartbeat of a session in no
     * room (every READY session heartbeats) wrote a tombstone each time, one changelog record per heartbeat. A user who
     * timed out is removed once, not judged again at every later check.
     */
    @Test
    void onlyAUserInARoomIsWrittenToThePresenceChangelogAndATimedOutOneIsRemovedOnce() {
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
            APP + "-" + RoomStateTopology.PRESENCE_STORE + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
        heartbeat("bob", null);
        heartbeat("bob", null);
        assertThat(keys(changelog)).as("bob is in no room").isEmpty();

        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();
        heartbeat(HOST, ROOM);
        assertThat(keys(changelog)).as("joins and a heartbeat in the room").contains(HOST, "ann").doesNotContain("bob");

        advance(Duration.ofSeconds(50)); // neither ann nor the host heartbeats again: both time out
        assertThat(issuedCommands.readValuesToList()).extracting(RoomCommand::getUserId).containsExactlyInAnyOrder("ann", HOST);
        advance(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(5));
        assertThat(issuedCommands.readValuesToList()).as("nobody judged twice").isEmpty();
    }

    @Test
    void withNoGatewayNodeReadNobodyIsTimedOutHoweverLongTheWallClockRuns() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();
        heartbeat(HOST, ROOM);

        now = now.plus(Duration.ofMinutes(3)); // the broker is unreachable: no tick nor heartbeat is read
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        assertThat(issuedCommands.isEmpty()).isTrue();

        advance(Duration.ofSeconds(5)); // the gateway node's records are read again, and the next check comes

        assertThat(issuedCommands.readValuesToList()).extracting(RoomCommand::getUserId)
            .containsExactlyInAnyOrder(HOST, "ann");
    }

    @Test
    void heartbeatsInTimeKeepAUserInWithoutChurn() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();

        for (int beat = 0; beat < 12; beat++) {
            advance(Duration.ofSeconds(15));
            heartbeat(HOST, ROOM);
            heartbeat("ann", ROOM);
        }

        assertThat(issuedCommands.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void aUserWhoStopsHeartbeatingIsTimedOutFromTheirLastHeartbeat() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        drain();
        advance(Duration.ofSeconds(15));
        heartbeat(HOST, ROOM);

        advance(Duration.ofSeconds(44));
        assertThat(issuedCommands.isEmpty()).isTrue();
        advance(Duration.ofSeconds(1));

        assertThat(issuedCommands.readValuesToList()).singleElement()
            .satisfies(leave -> assertThat(leave.getUserId()).isEqualTo(HOST));
        assertThat(facts()).containsExactly(new ParticipantLeft(HOST, LeaveReason.TIMEOUT));
    }

    @Test
    void joiningAnotherRoomLeavesTheFirst() {
        send("room-a", HOST, new CreateRoom(publicRoom()));
        send("room-a", "ann", new JoinRoom());
        send("room-b", "bea", new CreateRoom(publicRoom()));
        drain();

        send("room-b", "ann", new JoinRoom());

        assertThat(issuedCommands.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("room-a");
            assertThat(kv.value.getUserId()).isEqualTo("ann");
            assertThat(kv.value.getCommand()).isEqualTo(new LeaveRoom(LeaveReason.SWITCHED_ROOM));
        });
        List<KeyValue<String, RoomEvent>> published = events.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key + ":" + kv.value.getFact())
            .containsExactly(
                "room-b:" + new ParticipantJoined("ann", Role.LISTENER),
                "room-a:" + new ParticipantLeft("ann", LeaveReason.SWITCHED_ROOM));
        Map<String, RoomSnapshot> latest = latestStates();
        assertThat(participantIds(latest.get("room-a"))).containsExactly(HOST);
        assertThat(participantIds(latest.get("room-b"))).containsExactly("bea", "ann");
    }

    // ---- room timers ----------------------------------------------------------------------------

    @Test
    void anEmptyRoomEndsAfterFiveMinutes() {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, HOST, new LeaveRoom(LeaveReason.LEFT));
        drain();

        advance(Duration.ofMinutes(4).plusSeconds(50));
        assertThat(events.isEmpty()).isTrue();
        advance(Duration.ofSeconds(10));

        List<KeyValue<String, RoomEvent>> ended = events.readKeyValuesToList();
        assertThat(ended).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(ROOM);
            assertThat(kv.value.getFact()).isEqualTo(new RoomEnded(EndReason.EMPTY_TIMEOUT));
            assertThat(kv.value.getUserId()).isNull();
        });
        assertThat(states.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(ROOM);
            assertThat(kv.value).isNull();
        });

        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).singleElement().isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.ROOM_ENDED));
    }

    @Test
    void aRoomReachingItsMaximumDurationEndsForEveryone() {
        RoomStateTopology.Settings defaults = RoomStateTopology.Settings.DEFAULTS;
        driver.close();
        startDriver(new RoomStateTopology.Settings(defaults.limits(), Duration.ofHours(1),
            defaults.presenceCheckInterval(), defaults.lifecycleCheckInterval(), defaults.dedupWindow(), Duration.ZERO, 0));
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        send(ROOM, "ann", new JoinRoom());
        drain();

        for (int minute = 0; minute < 12 * 60; minute += 10) {
            advance(Duration.ofMinutes(10));
            heartbeat(HOST, ROOM);
            heartbeat("ann", ROOM);
            if (minute % 120 == 0) {
                send(ROOM, "ann", new RaiseHand());
                send(ROOM, "ann", new LowerHand());
            }
        }

        List<Object> facts = facts();
        assertThat(facts).endsWith(
            new ParticipantLeft(HOST, LeaveReason.ROOM_ENDED),
            new ParticipantLeft("ann", LeaveReason.ROOM_ENDED),
            new RoomEnded(EndReason.MAX_DURATION));
        assertThat(issuedCommands.isEmpty()).isTrue();
        assertThat(latestStates().get(ROOM)).isNull();
    }

    // ---- club rooms -----------------------------------------------------------------------------

    @Test
    void clubMembershipFromTheSocialGraphOpensAClubRoom() {
        edge(HOST, SocialRelation.MEMBER, "club-7", true);
        edge("ann", SocialRelation.MEMBER, "club-7", true);
        edge("cid", SocialRelation.MEMBER, "club-7", true);
        edge("cid", SocialRelation.CLUB_MODERATOR, "club-7", true);
        edge("bob", SocialRelation.FOLLOWS, "club-7", true);
        edge("bob", SocialRelation.CLUB_ADMIN, "club-7", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.CLUB, "club-7", settings(null, null, true))));
        drain();

        send(ROOM, "ann", new JoinRoom());
        send(ROOM, "cid", new JoinRoom());
        send(ROOM, "bob", new JoinRoom());

        List<Object> facts = facts();
        assertThat(facts).hasSize(3);
        assertThat(facts.subList(0, 2)).containsExactly(
            new ParticipantJoined("ann", Role.LISTENER),
            new ParticipantJoined("cid", Role.LISTENER));
        assertThat(facts.get(2)).isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.NOT_CLUB_MEMBER));
    }

    @Test
    void anEndedMembershipClosesTheClubRoom() {
        edge(HOST, SocialRelation.MEMBER, "club-7", true);
        edge("ann", SocialRelation.MEMBER, "club-7", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.CLUB, "club-7", settings(null, null, true))));
        send(ROOM, "ann", new JoinRoom());
        send(ROOM, "ann", new LeaveRoom(LeaveReason.LEFT));
        drain();

        edge("ann", SocialRelation.MEMBER, "club-7", false);
        send(ROOM, "ann", new JoinRoom());

        assertThat(facts()).singleElement().isInstanceOfSatisfying(CommandRejected.class,
            rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.NOT_CLUB_MEMBER));
    }

    @Test
    void aRoleEdgeWithoutMembershipDoesNotOpenTheClubRoom() {
        edge(HOST, SocialRelation.MEMBER, "club-7", true);
        edge("ann", SocialRelation.MEMBER, "club-7", true);
        edge("ann", SocialRelation.CLUB_MODERATOR, "club-7", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.CLUB, "club-7", settings(null, null, true))));
        drain();

        edge("ann", SocialRelation.MEMBER, "club-7", false);

        assertThat(joinRejection("ann")).isEqualTo(RejectionReason.NOT_CLUB_MEMBER);
    }

    // ---- social rooms and blocks ----------------------------------------------------------------

    @Test
    void aSocialRoomAdmitsOnlyUsersTheHostFollows() {
        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.USER, "ann", true);
        edge("bob", SocialRelation.FOLLOWS, SocialTargetType.USER, HOST, true);
        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.CLUB, "cid", true);
        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.TOPIC, "cid", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.SOCIAL, null, settings(null, null, true))));
        drain();

        assertThat(joinRejection("ann")).isNull();
        assertThat(joinRejection("bob")).as("bob follows the host, not the other way").isEqualTo(RejectionReason.NOT_FOLLOWED);
        assertThat(joinRejection("cid")).as("follows of a club or topic named cid").isEqualTo(RejectionReason.NOT_FOLLOWED);

        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.USER, "bob", true);
        assertThat(joinRejection("bob")).isNull();
    }

    @Test
    void anUnfollowClosesTheSocialRoomAgain() {
        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.USER, "ann", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.SOCIAL, null, settings(null, null, true))));
        drain();

        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.USER, "ann", false);

        assertThat(joinRejection("ann")).isEqualTo(RejectionReason.NOT_FOLLOWED);
    }

    @Test
    void aUserTheHostBlocksIsRejectedUntilUnblocked() {
        edge(HOST, SocialRelation.BLOCKS, SocialTargetType.USER, "ann", true);
        edge("bob", SocialRelation.BLOCKS, SocialTargetType.USER, HOST, true);
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        drain();

        assertThat(joinRejection("ann")).isEqualTo(RejectionReason.BLOCKED);
        assertThat(joinRejection("bob")).as("bob blocking the host keeps nobody out").isNull();

        edge(HOST, SocialRelation.BLOCKS, SocialTargetType.USER, "ann", false);
        assertThat(joinRejection("ann")).isNull();
    }

    @Test
    void aTombstoneRemovesTheEdgeItsKeyNames() {
        edge(HOST, SocialRelation.BLOCKS, SocialTargetType.USER, "ann", true);
        edge(HOST, SocialRelation.FOLLOWS, SocialTargetType.USER, "bob", true);
        send(ROOM, HOST, new CreateRoom(details(Visibility.SOCIAL, null, settings(null, null, true))));
        drain();

        socialGraph.pipeInput(HOST + "|BLOCKS|USER:ann", null, now);
        socialGraph.pipeInput(HOST + "|FOLLOWS|USER:bob", null, now);
        socialGraph.pipeInput("no edge key", null, now);

        assertThat(joinRejection("ann")).as("unblocked, but not followed").isEqualTo(RejectionReason.NOT_FOLLOWED);
        assertThat(joinRejection("bob")).isEqualTo(RejectionReason.NOT_FOLLOWED);
        assertThat(refused).isEmpty();
    }

    // ---- join approval --------------------------------------------------------------------------

    private static RoomSettings approval() {
        RoomSettings settings = settings(null, null, true);
        settings.setApprovalRequired(true);
        return settings;
    }

    @Test
    void aJoinRequestWaitsInTheSnapshotUntilAModeratorApprovesIt() {
        send(ROOM, HOST, new CreateRoom(details(Visibility.PUBLIC, null, approval())));
        drain();

        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).containsExactly(new JoinRequested("ann", now));
        assertThat(latestStates().get(ROOM).getJoinRequests()).extracting(JoinRequest::getUserId).containsExactly("ann");

        send(ROOM, HOST, new ApproveJoin("ann"));
        assertThat(facts()).containsExactly(new JoinRequestClosed("ann", JoinRequestCloseReason.APPROVED),
            new ParticipantJoined("ann", Role.LISTENER));
        RoomSnapshot state = latestStates().get(ROOM);
        assertThat(state.getJoinRequests()).isEmpty();
        assertThat(participantIds(state)).containsExactly(HOST, "ann");
    }

    @Test
    void aRequesterWithoutHeartbeatsIsWithdrawnByPresence() {
        send(ROOM, HOST, new CreateRoom(details(Visibility.PUBLIC, null, approval())));
        send(ROOM, "ann", new JoinRoom());
        drain();

        for (int i = 0; i < 3; i++) {
            advance(Duration.ofSeconds(15));
            heartbeat(HOST, ROOM);
        }

        assertThat(issuedCommands.readValuesToList()).singleElement().satisfies(command -> {
            assertThat(command.getUserId()).isEqualTo("ann");
            assertThat(command.getCommand()).isEqualTo(new LeaveRoom(LeaveReason.TIMEOUT));
        });
        assertThat(facts()).containsExactly(new JoinRequestClosed("ann", JoinRequestCloseReason.WITHDRAWN));
        assertThat(latestStates().get(ROOM).getJoinRequests()).isEmpty();
    }

    @Test
    void askingToJoinAnotherRoomLeavesTheFirstAndJoiningElsewhereWithdrawsTheRequest() {
        send(ROOM, HOST, new CreateRoom(details(Visibility.PUBLIC, null, approval())));
        send("r2", HOST, new CreateRoom(publicRoom()));
        send("r3", "bob", new CreateRoom(publicRoom()));
        send("r2", "ann", new JoinRoom());
        drain();

        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).containsExactly(new JoinRequested("ann", now), new ParticipantLeft("ann", LeaveReason.SWITCHED_ROOM));

        send("r3", "ann", new JoinRoom());
        assertThat(facts()).containsExactly(new ParticipantJoined("ann", Role.LISTENER),
            new JoinRequestClosed("ann", JoinRequestCloseReason.WITHDRAWN));
    }

    // ---- dead letters ---------------------------------------------------------------------------

    @Test
    void anUndecodableCommandIsDeadLetteredAndTheNextOneStillProcessed() {
        byte[] garbage = "{\"op\":\"join\"}".getBytes(StandardCharsets.UTF_8);

        rawCommands.pipeInput(ROOM, garbage, now);
        send(ROOM, HOST, new CreateRoom(publicRoom()));

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("undecodable: unknown magic byte 0x7b");
            assertThat(bytes(letter.getValue())).isEqualTo(garbage);
            assertThat(bytes(letter.getKey())).isEqualTo(ROOM.getBytes(StandardCharsets.UTF_8));
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ROOM_COMMANDS.name());
            assertThat(letter.getConsumer()).isEqualTo(APP);
        });
        assertThat(facts()).containsExactly(
            new RoomCreated(publicRoom(), RoomLifecycle.LIVE, null),
            new ParticipantJoined(HOST, Role.MODERATOR));
    }

    @Test
    void aCommandKeyedByAnotherRoomIsDeadLettered() {
        RoomCommand misrouted = command(ROOM, HOST, "n1", now, new CreateRoom(publicRoom()));

        commands.pipeInput("r2", misrouted, now);

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("key_mismatch: key 'r2' is not the roomId 'r1'");
            assertThat(bytes(letter.getValue()))
                .isEqualTo(SERDES.value(Topics.ROOM_COMMANDS).serializer().serialize("room-commands", misrouted));
        });
        assertThat(events.isEmpty()).isTrue();
        assertThat(states.isEmpty()).isTrue();
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        assertThat(facts()).hasSize(2);
    }

    @Test
    void aCommandWithoutAValueIsDeadLettered() {
        rawCommands.pipeInput(ROOM, (byte[]) null, now);

        assertThat(deadLetters.readValuesToList()).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("no_value: no value"));
        assertThat(events.isEmpty()).isTrue();
    }

    // ---- poison pills (issue 11: D12, D14, D15, D16, D17) ----------------------------------------

    /**
     * Pipes {@code poison} to room-commands after the room exists, then asserts: one dead letter with
     * the reason, no fact and no snapshot from it, and the next valid command still applied.
     */
    private void assertDeadLetteredAndNextCommandApplied(String key, byte[] poison, String reason) {
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        facts();
        states.readValuesToList();

        rawCommands.pipeInput(key, poison, now);

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo(reason);
            assertThat(bytes(letter.getValue())).isEqualTo(poison);
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ROOM_COMMANDS.name());
        });
        assertThat(events.isEmpty()).as("no fact from the poison pill").isTrue();
        assertThat(states.isEmpty()).as("no state change from the poison pill").isTrue();
        assertThat(refused).hasSize(1);

        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
    }

    @Test
    void aPresenceHeartbeatWithItsOwnSchemaIdOnRoomCommandsIsDeadLettered() {
        PresenceHeartbeat beat = PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
            .setUserId(HOST).setRoomId(ROOM).setSessionId("s1").setClientTime(now).setGatewayNode("gw-1").build();
        int id = FixedRegistrySerdes.idOf(Topics.PRESENCE_HEARTBEATS);

        assertDeadLetteredAndNextCommandApplied(ROOM, FixedRegistrySerdes.encode(id, beat),
            "unknown_schema: schema id " + id + " is not a version of subject room-commands-value");
    }

    @Test
    void aRoomEventWithItsOwnSchemaIdOnRoomCommandsIsDeadLettered() {
        RoomEvent fact = RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(ROOM)
            .setUserId("mallory").setNonce("n").setFact(new ParticipantJoined("mallory", Role.MODERATOR)).build();
        int id = FixedRegistrySerdes.idOf(Topics.ROOM_EVENTS);

        assertDeadLetteredAndNextCommandApplied(ROOM, FixedRegistrySerdes.encode(id, fact),
            "unknown_schema: schema id " + id + " is not a version of subject room-commands-value");
    }

    @Test
    void aThirteenByteRecordDeclaringATwoGigabyteStringIsDeadLetteredWithoutAllocatingIt() {
        ByteBuffer bomb = ByteBuffer.allocate(13).put((byte) 0).putInt(FixedRegistrySerdes.idOf(Topics.ROOM_COMMANDS));
        long zigzag = 2_000_000_000L << 1; // Avro long, zig-zag: the eventId string's length
        while ((zigzag & ~0x7fL) != 0) {
            bomb.put((byte) ((zigzag & 0x7f) | 0x80));
            zigzag >>>= 7;
        }
        bomb.put((byte) zigzag).put("abc".getBytes(StandardCharsets.US_ASCII));

        assertDeadLetteredAndNextCommandApplied(ROOM, bomb.array(),
            "length_exceeds_record: string declares 2000000000 bytes, 3 left");
    }

    @Test
    void aJoinWithAnEmptyUserIdIsDeadLetteredNotApplied() {
        RoomCommand join = command(ROOM, "", "n-empty", now, new JoinRoom());

        assertDeadLetteredAndNextCommandApplied(ROOM, SERDES.value(Topics.ROOM_COMMANDS).serializer()
            .serialize(Topics.ROOM_COMMANDS.name(), join), "invalid: userId is empty");
    }

    @Test
    void aCreateRoomWithAThousandCharacterRoomIdIsDeadLetteredNotApplied() {
        String longId = "r".repeat(1000);
        RoomCommand create = command(longId, "mallory", "n-long", now, new CreateRoom(publicRoom()));

        assertDeadLetteredAndNextCommandApplied(longId, SERDES.value(Topics.ROOM_COMMANDS).serializer()
            .serialize(Topics.ROOM_COMMANDS.name(), create), "invalid: roomId is 1000 characters, more than 128");
    }

    @Test
    void commandsBreakingTheRecordRulesAreDeadLetteredWithTheRuleTheyBreak() {
        Map<RoomCommand, String> invalid = new LinkedHashMap<>();
        invalid.put(command(ROOM, HOST, "n".repeat(65), now, new RaiseHand()), "invalid: nonce is 65 characters, more than 64");
        invalid.put(command(ROOM, HOST, "", now, new RaiseHand()), "invalid: nonce is empty");
        invalid.put(command(ROOM, HOST, "n-kick", now, new Kick("")), "invalid: targetUserId is empty");
        invalid.put(command(ROOM, "u".repeat(129), "n-u", now, new JoinRoom()), "invalid: userId is 129 characters, more than 128");
        send(ROOM, HOST, new CreateRoom(publicRoom()));
        facts();

        invalid.keySet().forEach(c -> commands.pipeInput(ROOM, c, now));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
            .containsExactlyElementsOf(invalid.values());
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aSocialGraphRecordOfAnotherSchemaIsSkippedAndTheNextEdgeStillApplied() {
        TestInputTopic<String, byte[]> rawEdges = driver.createInputTopic(Topics.SOCIAL_GRAPH.name(),
            new StringSerializer(), new ByteArraySerializer());
        RoomCommand command = command(ROOM, HOST, "n", now, new JoinRoom());

        edge(HOST, SocialRelation.MEMBER, "club-7", true);
        rawEdges.pipeInput("ann|MEMBER|CLUB:club-7", FixedRegistrySerdes.encode(
            FixedRegistrySerdes.idOf(Topics.ROOM_COMMANDS), command), now);
        edge("ann", SocialRelation.MEMBER, "club-7", true);

        assertThat(refused).containsExactly("social-graph:unknown_schema");
        send(ROOM, HOST, new CreateRoom(details(Visibility.CLUB, "club-7", settings(null, null, true))));
        facts();
        send(ROOM, "ann", new JoinRoom());
        assertThat(facts()).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
    }
}
