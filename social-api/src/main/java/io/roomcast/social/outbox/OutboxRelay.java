package io.roomcast.social.outbox;

import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka: one relay at a time across all gateway nodes (the one holding PostgreSQL
 * advisory lock {@link #LOCK_KEY} on its connection), with an idempotent producer ({@code acks=all}),
 * in outbox order, so every key's records keep the order of their changes.
 *
 * <p>One round: one statement on the leader's connection (function {@code outbox_next_round} of migration V4)
 * takes the oldest rows (up to {@code batch-size}, by id) that are in no round yet and records them as the next
 * round (one {@code outbox_rounds} row: the round's number and its ids); the rows are sent in id order, each
 * with header {@value #ID_HEADER} (the outbox id, 8 bytes big-endian) and the value in the Confluent wire format
 * (the registry id of the topic's value schema in front of the outbox's Avro binary, {@link OutboxValues}).
 * While Kafka acknowledges them, the next round is taken and sent; once every record of a round is
 * acknowledged, the round and its rows are deleted (function {@code outbox_delete_rounds}, on a second
 * connection, in round order, while the relay goes on). A row committed late, with a smaller id than rows
 * already sent, goes in the next round: no row is skipped. When the outbox is empty the relay waits
 * {@code poll-interval}, or until {@link #wake} (a commit of this JVM).
 *
 * <p>Exactly once after a crash: a relay killed between sending and deleting leaves rounds in the table, some of
 * their records perhaps on Kafka. The next leader first reads, for every partition those rounds' rows go to, its
 * last records (as many as there are such rows for it): deletes run in round order, so every record a partition
 * got after the first of those rows is one of them, and the tail holds every one that reached Kafka. Those rows
 * are deleted unsent, the rest sent again in id order. With no round left, the relay starts without reading Kafka.
 *
 * <p>Every round is recorded on the connection that holds the lock: if that session ends (PostgreSQL restarted,
 * network), the relay's next round fails, so it stops publishing before another node can have taken the
 * lock. (Deleting rounds Kafka acknowledged is right whoever leads.) On any failure it closes its producer,
 * releases the lock and tries again after {@code leader-retry}.
 */
public final class OutboxRelay implements AutoCloseable {
    /** The advisory lock (pg_try_advisory_lock(bigint)) of the relay's leader. */
    public static final long LOCK_KEY = 0x526f6f6d636173L; // "Roomcas"
    /** The header holding a record's outbox id (8 bytes, big-endian): unique per record, growing per key. */
    public static final String ID_HEADER = "roomcast-outbox-id";
    /** The topics the outbox writes (notification-settings: notification-inbox's preferences, in this database too). */
    public static final List<Topic<String, ?>> TOPICS = List.of(Topics.SOCIAL_GRAPH, Topics.USER_PROFILES, Topics.CLUBS,
            Topics.NOTIFICATION_SETTINGS);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final RelaySettings settings;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> serdeConfig;
    private final Map<String, Topic<String, ?>> topics = new HashMap<>();
    private final Thread thread;
    private final Wire wire = new Wire();
    private volatile boolean running = true;
    private volatile boolean leader;

    /**
     * @param dataSource       the social-api database
     * @param settings         batch size, poll interval, leader retry
     * @param bootstrapServers Kafka bootstrap servers
     * @param registryApiUrl   the schema registry's API ({@link EventSerdes#config})
     */
    public OutboxRelay(DataSource dataSource, RelaySettings settings, String bootstrapServers, String registryApiUrl) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "social-outbox-relay");
        this.serdeConfig = EventSerdes.config(registryApiUrl);
        TOPICS.forEach(t -> topics.put(t.name(), t));
        this.thread = Thread.ofPlatform().name("social-outbox-relay").daemon().unstarted(this::run);
    }

    /** Starts the relay's thread. */
    public void start() {
        thread.start();
    }

    /** @return whether this relay holds the lock and publishes */
    public boolean isLeader() {
        return leader;
    }

    /**
     * Cuts short the leader's idle poll: call after committing outbox rows (in-process wake-up; rows other nodes
     * commit wait for the poll, {@code poll-interval}). Does nothing on a node that does not lead.
     */
    public void wake() {
        if (leader) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Stops the relay: it finishes the statement or Kafka call it is in (no interrupt, which would break a Kafka
     * client mid-request), waiting at most 10 s; rounds sent and not deleted are for the next leader.
     */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                if (tryLock(connection)) {
                    try {
                        lead(connection);
                    } finally {
                        leader = false;
                        unlock(connection);
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warn("outbox relay stopped publishing; retrying in {}", settings.leaderRetry(), e);
                }
            }
            if (!pause(settings.leaderRetry())) {
                break;
            }
        }
    }

    private void lead(Connection connection) throws Exception {
        try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
             Connection deletes = dataSource.getConnection()) {
            deletes.setAutoCommit(true);
            long round = recover(connection, producer);
            leader = true;
            // Acknowledged rounds are deleted on a connection of their own, while the next rounds are sent.
            ExecutorService deleter = Executors.newSingleThreadExecutor(
                    r -> Thread.ofPlatform().name("social-outbox-deleter").daemon().unstarted(r));
            try {
                Future<?> lastDelete = null;
                List<Future<?>> inFlight = null;
                while (running) {
                    List<Row> batch = nextRound(connection, round + 1);
                    if (batch.isEmpty() && inFlight == null) {
                        if (!pause(settings.pollInterval())) {
                            return;
                        }
                        continue;
                    }
                    List<Future<?>> acks = batch.isEmpty() ? null : send(producer, batch);
                    if (inFlight != null) {
                        awaitAcks(inFlight);
                        if (lastDelete != null) {
                            lastDelete.get(); // fails the leadership if a delete failed
                        }
                        long upTo = round;
                        lastDelete = deleter.submit(() -> {
                            deleteRounds(deletes, upTo);
                            return null;
                        });
                    }
                    inFlight = acks;
                    if (!batch.isEmpty()) {
                        round++;
                    }
                }
            } finally {
                deleter.shutdown();
                deleter.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Finishes the rounds a relay that died left: drops their rows that reached Kafka, sends the rest in id order,
     * deletes the rounds.
     *
     * @return the highest round number in the table (0 if none): the next round is one above
     */
    private long recover(Connection connection, Producer<String, byte[]> producer) throws Exception {
        long last;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(max(round), 0) from outbox_rounds")) {
            rs.next();
            last = rs.getLong(1);
        }
        if (last == 0) {
            return 0;
        }
        List<Row> leftovers = select(connection, "select id, topic, record_key, value from outbox where id in "
                + "(select unnest(ids) from outbox_rounds) order by id");
        Map<TopicPartition, Integer> perPartition = new HashMap<>();
        leftovers.forEach(r -> perPartition.merge(partitionOf(r), 1, Integer::sum));
        Set<Long> published = lastRecords(perPartition);
        List<Row> unsent = leftovers.stream().filter(r -> !published.contains(r.id)).toList();
        LOG.info("outbox relay: {} rows in rounds sent before a restart, {} of them already on Kafka",
                leftovers.size(), leftovers.size() - unsent.size());
        awaitAcks(send(producer, unsent));
        deleteRounds(connection, last);
        return last;
    }

    private static void awaitAcks(List<Future<?>> acks) throws Exception {
        for (Future<?> ack : acks) {
            ack.get();
        }
    }

    private List<Row> nextRound(Connection connection, long round) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement("select * from outbox_next_round(?, ?)")) {
            next.setLong(1, round);
            next.setInt(2, settings.batchSize());
            return rows(next.executeQuery());
        }
    }

    private List<Future<?>> send(Producer<String, byte[]> producer, List<Row> rows) {
        List<Future<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Topic<String, ?> topic = topics.get(row.topic);
            if (topic == null) {
                throw new IllegalStateException("outbox row for unknown topic " + row.topic);
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.key, wire.of(topic, row.value));
            record.headers().add(ID_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(row.id).array());
            acks.add(producer.send(record));
        }
        return acks;
    }

    private static void deleteRounds(Connection connection, long upTo) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("select outbox_delete_rounds(?)")) {
            delete.setLong(1, upTo);
            delete.execute();
        }
    }

    private static List<Row> select(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return rows(statement.executeQuery(sql));
        }
    }

    private static List<Row> rows(ResultSet rs) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
            }
        }
        return rows;
    }

    private TopicPartition partitionOf(Row row) {
        return new TopicPartition(row.topic, topics.get(row.topic).partitionOf(row.key));
    }

    /**
     * Reads the last records of the given partitions, as many as {@code tails} says for each.
     *
     * @param tails the rows of unfinished rounds per partition
     * @return the outbox ids ({@value #ID_HEADER}) of the records read
     * @throws IllegalStateException when the tails cannot be read within {@code recovery-timeout}
     */
    private Set<Long> lastRecords(Map<TopicPartition, Integer> tails) {
        Set<Long> published = new HashSet<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "social-outbox-relay-recovery");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(tails.keySet(), settings.recoveryTimeout());
            List<TopicPartition> nonEmpty = tails.keySet().stream().filter(tp -> ends.get(tp) > 0).toList();
            consumer.assign(nonEmpty);
            nonEmpty.forEach(tp -> consumer.seek(tp, Math.max(0, ends.get(tp) - tails.get(tp))));
            long deadline = System.nanoTime() + settings.recoveryTimeout().toNanos();
            List<TopicPartition> pending = new ArrayList<>(nonEmpty);
            while (!pending.isEmpty()) {
                if (!running) {
                    throw new IllegalStateException("closed while reading the last records");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the last records of " + pending);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Header id = record.headers().lastHeader(ID_HEADER);
                    if (id != null && id.value().length == Long.BYTES) {
                        published.add(ByteBuffer.wrap(id.value()).getLong());
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        return published;
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK_KEY);
            unlock.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }

    /** @return whether the relay goes on, after the pause (cut short by {@link #close}) */
    private boolean pause(Duration duration) {
        if (running) {
            LockSupport.parkNanos(duration.toNanos());
        }
        return running;
    }

    private record Row(long id, String topic, String key, byte[] value) {
    }

    /**
     * Outbox values to the topics' wire format: the Confluent header (magic byte 0, 4-byte registry id) the
     * registry serde writes for the topic's value schema, learnt from its output for the topic's first record,
     * in front of the outbox's Avro binary (the same bytes the serde writes after it).
     */
    private final class Wire {
        private final Map<String, byte[]> headers = new HashMap<>();

        @SuppressWarnings("unchecked")
        byte[] of(Topic<String, ?> topic, byte[] avro) {
            byte[] header = headers.get(topic.name());
            if (header == null) {
                Topic<String, SpecificRecord> typed = (Topic<String, SpecificRecord>) topic;
                byte[] serialized = EventSerdes.value(typed, serdeConfig).serializer()
                        .serialize(topic.name(), OutboxValues.decode(typed, avro));
                header = Arrays.copyOf(serialized, serialized.length - avro.length);
                if (header.length < 1 || !Arrays.equals(serialized, header.length, serialized.length, avro, 0, avro.length)) {
                    throw new IllegalStateException("the registry serde of " + topic.name()
                            + " does not write header + Avro binary");
                }
                headers.put(topic.name(), header);
            }
            byte[] value = Arrays.copyOf(header, header.length + avro.length);
            System.arraycopy(avro, 0, value, header.length, avro.length);
            return value;
        }
    }
}
