package io.roomcast.notify.topology;

import io.roomcast.events.DeadLetter;
import io.roomcast.events.Notification;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.testkit.FixedRegistrySerdes;
import io.roomcast.testkit.TopologyDrivers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The notification topology in TopologyTestDriver (in-memory stores, one partition per topic): its input topics,
 * notifications, push deliveries and dead letters, and a restart: the
 * driver is closed and a new one started, its stores restored from everything written to their changelog topics so
 * far, as Kafka Streams restores them when a task starts on an instance without local state. (TopologyTestDriver
 * deletes its state directory on close and restores nothing by itself, so the changelogs are replayed here, record
 * by record into the innermost byte store, tombstones as deletes.)
 */
final class NotifyDriver implements AutoCloseable {
    static final String APP = "notification-worker";
    private static final FixedRegistrySerdes SERDES = FixedRegistrySerdes.INSTANCE;

    private final Path stateDir;
    private final NotificationTopology.Settings settings;
    /** Every changelog record written so far, by store name, in order. */
    private final Map<String, List<KeyValue<byte[], byte[]>>> changelogs = new LinkedHashMap<>();
    /** Refused input records, {@code <topic>:<reason>}. */
    private final List<String> refused = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, RoomEvent> events;
    private TestInputTopic<String, byte[]> rawEvents;
    private TestInputTopic<String, SocialEdge> graph;
    private TestInputTopic<String, NotificationSettings> settingsTopic;
    private TestOutputTopic<String, Notification> notifications;
    private TestOutputTopic<String, PushDelivery> pushDeliveries;

    NotifyDriver(Path stateDir, NotificationTopology.Settings settings, Instant start) {
        this.stateDir = stateDir;
        this.settings = settings.forTestDriver();
        open(start);
    }

    private void open(Instant start) {
        StreamsBuilder builder = new StreamsBuilder();
        RefusalObserver observer = (topic, reason) -> refused.add(topic + ":" + reason);
        NotificationTopology.build(builder, SERDES, settings, observer, APP);
        driver = TopologyDrivers.start(builder.build(), SERDES, observer, APP, stateDir, start);
        StringSerializer keys = new StringSerializer();
        events = driver.createInputTopic(Topics.ROOM_EVENTS.name(), keys, SERDES.value(Topics.ROOM_EVENTS).serializer());
        rawEvents = driver.createInputTopic(Topics.ROOM_EVENTS.name(), keys, new ByteArraySerializer());
        graph = driver.createInputTopic(Topics.SOCIAL_GRAPH.name(), keys, SERDES.value(Topics.SOCIAL_GRAPH).serializer());
        settingsTopic = driver.createInputTopic(Topics.NOTIFICATION_SETTINGS.name(), keys,
            SERDES.value(Topics.NOTIFICATION_SETTINGS).serializer());
        notifications = driver.createOutputTopic(Topics.NOTIFICATIONS.name(), new StringDeserializer(),
            SERDES.value(Topics.NOTIFICATIONS).deserializer());
        pushDeliveries = driver.createOutputTopic(Topics.PUSH_DELIVERIES.name(), new StringDeserializer(),
            SERDES.value(Topics.PUSH_DELIVERIES).deserializer());
        changelogs.forEach(this::restore);
    }

    /**
     * Closes the driver (what its stores wrote to their changelogs is kept) and starts a new one at wall-clock
     * {@code at} whose stores are restored from the changelogs.
     */
    void restart(Instant at) {
        for (String store : driver.getAllStateStores().keySet()) {
            changelogs.computeIfAbsent(store, s -> new ArrayList<>()).addAll(driver.createOutputTopic(
                APP + "-" + store + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList());
        }
        driver.close();
        open(at);
    }

    @SuppressWarnings("unchecked")
    private void restore(String storeName, List<KeyValue<byte[], byte[]>> changelog) {
        StateStore store = driver.getAllStateStores().get(storeName);
        while (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        KeyValueStore<Bytes, byte[]> bytes = (KeyValueStore<Bytes, byte[]>) store;
        changelog.forEach(record -> bytes.put(Bytes.wrap(record.key), record.value));
    }

    /** Pipes room facts, keyed by room, at their occurredAt. */
    void send(RoomEvent... facts) {
        for (RoomEvent fact : facts) {
            events.pipeInput(fact.getRoomId(), fact, fact.getOccurredAt());
        }
    }

    /** Pipes bytes to room-events (a malformed record). */
    void rawEvent(String key, byte[] bytes) {
        rawEvents.pipeInput(key, bytes);
    }

    /** Pipes a settings record under {@code key} (the user's id, unless the test misplaces it). */
    void settings(String key, NotificationSettings settings) {
        settingsTopic.pipeInput(key, settings);
    }

    /** The dead letters of {@code source} since the last call. */
    List<DeadLetter> deadLetters(Topic<String, ?> source) {
        Topic<byte[], DeadLetter> dlq = Topics.deadLetterOf(source);
        return driver.createOutputTopic(dlq.name(), new StringDeserializer(), SERDES.value(dlq).deserializer())
            .readValuesToList();
    }

    /** Input records refused so far, {@code <topic>:<reason>}. */
    List<String> refused() {
        return refused;
    }

    /** Pipes a social-graph edge. */
    void edge(String user, SocialRelation relation, SocialTargetType type, String target, boolean active, Instant at) {
        SocialEdge edge = SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
            .setRelation(relation).setTargetType(type).setTargetId(target).setActive(active).build();
        graph.pipeInput(Topics.socialEdgeKey(edge), edge);
    }

    /** Moves the wall clock on (wall-clock punctuators run). */
    void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** The notifications written since the last call. */
    List<KeyValue<String, Notification>> told() {
        return notifications.readKeyValuesToList();
    }

    /** The push deliveries written since the last call. */
    List<KeyValue<String, PushDelivery>> pushed() {
        return pushDeliveries.readKeyValuesToList();
    }

    /** Entries in a key-value store now (count). */
    long entries(String store) {
        return driver.<String, Object>getKeyValueStore(store).approximateNumEntries();
    }

    @Override
    public void close() {
        driver.close();
    }
}
