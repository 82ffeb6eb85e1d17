package io.roomcast.notify.inbox;

import io.roomcast.events.Notification;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryUnavailableException;
import io.roomcast.schemas.validation.WriterSchemas;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the notifications topic in the inbox ({@code notify.inbox}, notification-inbox's migration V20) on a thread
 * of its own: consumer group {@code <groupId>}, read_committed (only what the worker's transactions committed), each
 * batch inserted by one PostgreSQL statement ({@link #INSERT}) with {@code on conflict (event_id) do nothing}, over one
 * connection kept open (opened again after a failure), then its offsets committed. A kill -9 between the two re-inserts the batch, which changes nothing: every notification is stored
 * once, none lost. PostgreSQL being away (or the table not made yet), or the schema registry not answering, is
 * logged and the batch retried after {@code retry}. A record that does not decode is skipped and reported to {@code skipped}.
 */
public final class InboxProjector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxProjector.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * One statement per batch: the batch's columns as arrays, unnested in their order (so {@code seq} follows the
     * topic's order), each row stored once by its event id. One statement plans and parses once for the whole batch
     * (PostgreSQL docs, "unnest"; arrays through pgjdbc's {@code createArrayOf}).
     */
    static final String INSERT = "insert into notify.inbox (event_id, user_id, occurred_at, kind, actor_id, room_id, "
        + "club_id, title, body, count) select e, u, o, k, a, r, c, t, b, n from unnest(?::uuid[], ?::text[], ?::bigint[], "
        + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[]) with ordinality "
        + "as batch (e, u, o, k, a, r, c, t, b, n, position) order by position on conflict (event_id) do nothing";

    private final KafkaConsumer<String, byte[]> consumer;
    private final GuardedDecoder<Notification> decoder;
    private final DataSource database;
    /** The projector thread's connection to {@link #database}, kept between batches; null after a failure. */
    private Connection connection;
    private final Duration retry;
    private final Consumer<Reason> skipped;
    private final Consumer<List<Notification>> stored;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the projection thread.
     *
     * @param batch   records read at most per batch (count)
     * @param stored  told each batch once it is committed (metrics)
     */
    public InboxProjector(String bootstrapServers, String groupId, WriterSchemas writerSchemas, DataSource database,
                          int batch, Duration retry, Consumer<Reason> skipped, Consumer<List<Notification>> stored) {
        this.decoder = new GuardedDecoder<>(Topics.NOTIFICATIONS, writerSchemas, RecordValidator.DEFAULT);
        this.database = database;
        this.retry = retry;
        this.skipped = skipped;
        this.stored = stored;
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch),
            new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name(groupId).start(this::run);
    }

    /** The inbox database as the projector uses it: a pgjdbc data source (the projector keeps one connection open). */
    public static DataSource database(String jdbcUrl, String user, String password) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(jdbcUrl);
        database.setUser(user);
        database.setPassword(password);
        return database;
    }

    /** Whether the projection loop runs (for /health). */
    public boolean running() {
        return thread.isAlive();
    }

    private void run() {
        consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()));
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    List<Notification> batch = decode(records);
                    insert(batch);
                    consumer.commitSync();
                    stored.accept(batch);
                } catch (SQLException | RegistryUnavailableException e) {
                    LOG.warn("inbox batch not written, retrying it in {} ms: {}", retry.toMillis(), e.toString());
                    rewind(records);
                    Thread.sleep(retry);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("inbox projection stopped: {}", e.toString(), e);
        } finally {
            closeConnection();
            consumer.close();
        }
    }

    private List<Notification> decode(ConsumerRecords<String, byte[]> records) {
        List<Notification> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            GuardedDecoder.Result<Notification> result = decoder.decode(record.value());
            if (result.ok()) {
                batch.add(result.value());
            } else {
                LOG.debug("inbox skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    result.rejection().text());
                skipped.accept(result.rejection().reason());
            }
        }
        return batch;
    }

    private void insert(List<Notification> batch) throws SQLException {
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] users = new String[n];
        Long[] times = new Long[n];
        String[] kinds = new String[n];
        String[] actors = new String[n];
        String[] rooms = new String[n];
        String[] clubs = new String[n];
        String[] titles = new String[n];
        String[] bodies = new String[n];
        Integer[] counts = new Integer[n];
        for (int i = 0; i < n; i++) {
            Notification notification = batch.get(i);
            ids[i] = notification.getEventId();
            users[i] = notification.getUserId();
            times[i] = notification.getOccurredAt().toEpochMilli();
            kinds[i] = notification.getKind().name();
            actors[i] = notification.getActorId();
            rooms[i] = notification.getRoomId();
            clubs[i] = notification.getClubId();
            titles[i] = notification.getTitle();
            bodies[i] = notification.getBody();
            counts[i] = notification.getCount();
        }
        if (connection == null) {
            connection = database.getConnection();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            insert.setArray(2, connection.createArrayOf("text", users));
            insert.setArray(3, connection.createArrayOf("bigint", times));
            insert.setArray(4, connection.createArrayOf("text", kinds));
            insert.setArray(5, connection.createArrayOf("text", actors));
            insert.setArray(6, connection.createArrayOf("text", rooms));
            insert.setArray(7, connection.createArrayOf("text", clubs));
            insert.setArray(8, connection.createArrayOf("text", titles));
            insert.setArray(9, connection.createArrayOf("text", bodies));
            insert.setArray(10, connection.createArrayOf("int4", counts));
            insert.executeUpdate();
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    /** Closes the kept connection (a failure to close is of no consequence: it is dropped either way). */
    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("inbox connection close failed: {}", e.toString());
        } finally {
            connection = null;
        }
    }

    /** Seeks each partition of a failed batch back to the batch's first offset. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        first.forEach(consumer::seek);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
