package io.roomcast.roomstate.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Scale-out and fail-over (issue 3, item 6): two instances of room-state-stream, each in its own
 * JVM started from the module's build output, share the partitions of one Streams application
 * (exactly-once v2, one standby replica, as in application.yml). Mid-load, one of them is killed
 * with SIGKILL (no clean close: its open transaction is left dangling). The survivor takes over.
 *
 * <p>Afterwards, read with {@code isolation.level=read_committed}: every command has exactly the
 * facts the reference {@link io.roomcast.roomstate.core.RoomStateMachine} gives for it (none
 * missing, none doubled: fact event ids are derived from the command, so a command processed twice
 * would show the same ids twice), and each room's last snapshot on room-state equals the reference's
 * (participants with role and mute, hand queue order, bans, version = number of applied commands).
 */
@IntegrationTest
class RoomStateFailoverIT {
    private static final int ROOMS = 50;
    private static final int COMMANDS_PER_ROOM = 30;
    /** Instance A is killed once this many steps (command k of every room) have been sent. */
    private static final int KILL_AFTER_STEP = COMMANDS_PER_ROOM / 3;
    /** 30 steps of 50 commands every 500 ms: the load is spread over ~15 s. */
    private static final Duration STEP_INTERVAL = Duration.ofMillis(500);
    /** Longest wait, after the last command, for every command to have its facts. */
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN_CLASS = "io.roomcast.roomstate.Application";
    private static final Pattern THREAD_STATE = Pattern.compile("\"threadState\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killingOneOfTwoInstancesMidLoadLosesNoCommandAndDoublesNoFact(
            EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String applicationId = "room-state-failover-" + run;
        Path moduleDir = Path.of("").toAbsolutePath();
        assertThat(moduleDir.resolve("target/runtime.classpath"))
            .as("failsafe runs in the room-state-stream module folder, built").isRegularFile();
        Path workDir = moduleDir.resolve("target/failover-" + run);
        Files.createDirectories(workDir);
        FailoverWorkload workload = FailoverWorkload.generate(run, ROOMS, COMMANDS_PER_ROOM, 20250601L);
        System.out.printf("[failover] run %s: %d commands in %d rooms (%d rejected by the reference); logs and state in %s%n",
            run, workload.commandCount(), ROOMS, workload.rejections(), workDir);

        int portA = Ports.free();
        int portB = Ports.free();
        while (portB == portA) {
            portB = Ports.free();
        }
        Instance a = new Instance("a", portA, workDir);
        Instance b = new Instance("b", portB, workDir);
        Map<String, Object> serdeConfig = EventSerdes.config(registry.registryApiUrl());
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        boolean passed = false;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             KafkaProducer<String, RoomCommand> producer = producer(kafka, serdeConfig);
             Reader<RoomEvent> facts = new Reader<>(kafka, Topics.ROOM_EVENTS, serdeConfig);
             Reader<RoomSnapshot> snapshots = new Reader<>(kafka, Topics.ROOM_STATE, serdeConfig)) {
            long t0 = System.nanoTime();
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> a.start(kafka, registry, redis, applicationId));
            CompletableFuture<Void> startB = CompletableFuture.runAsync(() -> b.start(kafka, registry, redis, applicationId));
            CompletableFuture.allOf(startA, startB).join();
            await("both instances RUNNING, each with room-commands partitions").pollInSameThread()
                .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                .until(() -> running(a) && running(b) && bothOwnRoomPartitions(admin, applicationId, a, b));
            System.out.printf("[failover] both instances up and sharing the partitions after %d ms: a=%s b=%s%n",
                millisSince(t0), commandPartitions(admin, applicationId, a), commandPartitions(admin, applicationId, b));

            AtomicInteger stepsSent = new AtomicInteger();
            AtomicReference<Throwable> sendFailure = new AtomicReference<>();
            List<List<RoomCommand>> steps = workload.steps();
            long loadStart = System.nanoTime();
            ScheduledFuture<?> sending = sender.scheduleAtFixedRate(() -> {
                int step = stepsSent.get();
                if (step >= steps.size() || sendFailure.get() != null) {
                    return;
                }
                try {
                    for (RoomCommand command : steps.get(step)) {
                        command.setOccurredAt(Instant.now());
                        producer.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), command.getRoomId(), command));
                    }
                    producer.flush();
                    stepsSent.incrementAndGet();
                } catch (Throwable e) {
                    sendFailure.set(e);
                }
            }, 0, STEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);

            await("step " + KILL_AFTER_STEP + " sent").pollInSameThread()
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> stepsSent.get() >= KILL_AFTER_STEP || sendFailure.get() != null);
            assertThat(sendFailure.get()).as("sending commands").isNull();
            // Either instance answers GET /rooms/{id}: the owner from its store, the other by forwarding to it (10
            // rooms, a few s of checks: the kill stays mid-load).
            List<String> rooms = IntStream.range(0, 10).mapToObj(r -> "fo-" + run + "-" + r).toList();
            await("every room answered 200 by both instances").pollInSameThread()
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(notAnswered(rooms, a, b)).as("rooms not answered 200").isEmpty());
            List<Integer> killedPartitions = commandPartitions(admin, applicationId, a);
            assertThat(killedPartitions).as("room-commands partitions of instance a when it is killed").isNotEmpty();
            ProcessHandle victim = ProcessHandle.of(a.process.pid()).orElseThrow();
            assertThat(victim.destroyForcibly()).as("SIGKILL sent to instance a").isTrue();
            await("instance a dead").pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> !victim.isAlive());
            long killedAt = System.nanoTime();
            System.out.printf("[failover] instance a (pid %d, room-commands partitions %s) killed with SIGKILL"
                + " after %d of %d steps, %d ms into the load%n",
                victim.pid(), killedPartitions, stepsSent.get(), steps.size(), millisSince(loadStart));

            await("all commands sent").pollInSameThread()
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> stepsSent.get() >= steps.size() || sendFailure.get() != null);
            sending.cancel(false);
            assertThat(sendFailure.get()).as("sending commands").isNull();
            System.out.printf("[failover] all %d commands sent in %d ms%n", workload.commandCount(), millisSince(loadStart));

            String roomPrefix = "fo-" + run + "-";
            Map<String, List<String>> expectedFacts = workload.expectedFacts();
            Map<String, List<RoomEvent>> factsByCommand = new LinkedHashMap<>();
            List<RoomEvent> stray = new ArrayList<>();
            Map<String, Integer> factIdCounts = new HashMap<>();
            Map<String, RoomSnapshot> lastSnapshot = new HashMap<>();
            Runnable drain = () -> {
                for (ConsumerRecord<String, RoomEvent> record : facts.poll()) {
                    RoomEvent fact = record.value();
                    if (fact == null || !fact.getRoomId().startsWith(roomPrefix)) {
                        continue;
                    }
                    factIdCounts.merge(fact.getEventId().toString(), 1, Integer::sum);
                    if (fact.getCommandId() != null && expectedFacts.containsKey(fact.getCommandId())) {
                        factsByCommand.computeIfAbsent(fact.getCommandId(), id -> new ArrayList<>()).add(fact);
                    } else {
                        stray.add(fact);
                    }
                }
                for (ConsumerRecord<String, RoomSnapshot> record : snapshots.poll()) {
                    if (record.key() != null && record.key().startsWith(roomPrefix)) {
                        lastSnapshot.put(record.key(), record.value());
                    }
                }
            };
            try {
                await("every command answered").pollInSameThread()
                    .atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        drain.run();
                        return expectedFacts.entrySet().stream()
                            .allMatch(e -> factsByCommand.getOrDefault(e.getKey(), List.of()).size() >= e.getValue().size());
                    });
            } finally {
                long answered = expectedFacts.keySet().stream().filter(factsByCommand::containsKey).count();
                System.out.printf("[failover] %d of %d commands answered, %d ms after the kill%n",
                    answered, expectedFacts.size(), millisSince(killedAt));
            }
            // Read room-events up to its current last stable offsets, so a late duplicate would show; room-state
            // until each room's last snapshot is the model's (a snapshot goes out within snapshot-interval of the
            // last change, from whichever instance holds the room's task then).
            Map<TopicPartition, Long> factsEnd = facts.endOffsets();
            await("room-events read to its end").pollInSameThread()
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    drain.run();
                    return facts.reached(factsEnd);
                });
            try {
                await("each room's last room-state snapshot the model's").pollInSameThread()
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        drain.run();
                        return wrongStates(workload, lastSnapshot).isEmpty();
                    });
            } catch (ConditionTimeoutException e) {
                // the assertion below names the rooms that differ
            }

            List<String> doubled = factIdCounts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
            assertThat(doubled.size()).as("fact eventIds on room-events more than once: %s", head(doubled)).isZero();
            assertThat(stray).as("facts of the test's rooms that answer none of its commands")
                .extracting(FailoverWorkload::describe).isEmpty();
            assertThat(factsByCommand.values().stream().flatMap(List::stream)
                .filter(f -> f.getFact() instanceof CommandDuplicate).map(FailoverWorkload::describe))
                .as("CommandDuplicate answers (no command was sent twice)").isEmpty();
            List<String> wrongFacts = new ArrayList<>();
            expectedFacts.forEach((commandId, expected) -> {
                List<String> actual = factsByCommand.getOrDefault(commandId, List.of()).stream()
                    .map(FailoverWorkload::describe).toList();
                if (!actual.equals(expected)) {
                    wrongFacts.add("command " + commandId + ":\n    expected " + expected + "\n    actual   " + actual);
                }
            });
            assertThat(wrongFacts.size()).as("commands whose facts differ from the reference model's (of %d): %s",
                expectedFacts.size(), head(wrongFacts)).isZero();
            List<String> wrongStates = wrongStates(workload, lastSnapshot);
            assertThat(wrongStates.size()).as("rooms whose last room-state snapshot differs from the reference model's (of %d): %s",
                ROOMS, head(wrongStates)).isZero();

            HttpResponse<String> health = get(b, "/health");
            assertThat(health.statusCode()).as("instance b GET /health after the fail-over: %s", health.body()).isEqualTo(200);
            assertThat(threadStates(health.body())).as("instance b's stream threads: %s", health.body())
                .isNotEmpty().containsOnly("RUNNING");
            assertThat(commandPartitions(admin, applicationId, b)).as("room-commands partitions of instance b")
                .hasSize(Topics.ROOM_COMMANDS.partitions());
            System.out.printf("[failover] ok: %d commands, %d facts, %d rooms; test took %d ms%n",
                expectedFacts.size(), factIdCounts.size(), ROOMS, millisSince(t0));
            passed = true;
        } catch (Throwable failure) {
            System.err.printf("[failover] FAILED; instance logs: %s, %s (state in %s)%n", a.log, b.log, workDir);
            throw failure;
        } finally {
            sender.shutdownNow();
            a.close();
            b.close();
            if (passed) {
                // ~100 MB of RocksDB state per run; the logs stay.
                deleteTree(a.stateDir);
                deleteTree(b.stateDir);
            }
        }
    }

    /** One room-state-stream JVM. */
    private static final class Instance implements AutoCloseable {
        final String name;
        final Path log;
        final Path stateDir;
        final int port;
        volatile ServiceProcess process;

        Instance(String name, int port, Path workDir) {
            this.name = name;
            this.port = port;
            this.log = workDir.resolve("room-state-" + name + ".log");
            this.stateDir = workDir.resolve("state-" + name);
        }

        void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis, String applicationId) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("micronaut.application.name", applicationId);
            properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            properties.put("roomcast.registry-url", registry.registryApiUrl());
            properties.put("roomcast.redis-uri", redis.uri());
            properties.put("kafka.streams.default.state.dir", stateDir.toString());
            properties.put("kafka.streams.default.application.server", "localhost:" + port);
            properties.put("kafka.streams.default.client.id", applicationId + "-" + name);
            // A killed member leaves the group after 6 s instead of 45 s.
            properties.put("kafka.streams.default.session.timeout.ms", "6000");
            properties.put("kafka.streams.default.heartbeat.interval.ms", "2000");
            // No presence expiry while the test runs (it sends no heartbeats).
            properties.put("roomcast.presence-deadline", "1h");
            properties.put("logger.levels.org.apache.kafka.streams.processor.internals.StreamThread", "INFO");
            properties.put("logger.levels.org.apache.kafka.streams.KafkaStreams", "INFO");
            process = ServiceProcess.start("room-state-stream " + name, Path.of("").toAbsolutePath(), MAIN_CLASS, port,
                properties, log);
        }

        @Override
        public void close() {
            ServiceProcess p = process;
            if (p != null) {
                p.close();
            }
        }
    }

    /** Reads a whole topic (all partitions, from the start, read_committed), without a consumer group. */
    private static final class Reader<V extends SpecificRecord> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final List<TopicPartition> partitions;

        Reader(EmbeddedKafka kafka, Topic<String, V> topic, Map<String, Object> serdeConfig) {
            consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), EventSerdes.value(topic, serdeConfig).deserializer());
            partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Iterable<ConsumerRecord<String, V>> poll() {
            return consumer.poll(Duration.ofMillis(100));
        }

        /** The last stable offsets (read_committed). */
        Map<TopicPartition, Long> endOffsets() {
            return consumer.endOffsets(partitions);
        }

        boolean reached(Map<TopicPartition, Long> offsets) {
            return offsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Rooms whose last room-state snapshot read so far differs from the reference model's, described. */
    private static List<String> wrongStates(FailoverWorkload workload, Map<String, RoomSnapshot> lastSnapshot) {
        List<String> wrong = new ArrayList<>();
        workload.expectedStates().forEach((roomId, expected) -> {
            RoomSnapshot actual = lastSnapshot.get(roomId);
            if (actual == null || !FailoverWorkload.describe(actual).equals(FailoverWorkload.describe(expected))) {
                wrong.add(roomId + ":\n    expected " + FailoverWorkload.summary(expected)
                    + "\n    actual   " + FailoverWorkload.summary(actual));
            }
        });
        return wrong;
    }

    private static KafkaProducer<String, RoomCommand> producer(EmbeddedKafka kafka, Map<String, Object> serdeConfig) {
        return new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 5),
            EventSerdes.key(Topics.ROOM_COMMANDS).serializer(),
            EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer());
    }

    /** Healthy, and every stream thread (however many there are per instance) RUNNING. */
    private boolean running(Instance instance) {
        try {
            HttpResponse<String> health = get(instance, "/health");
            List<String> states = threadStates(health.body());
            return health.statusCode() == 200 && !states.isEmpty() && states.stream().allMatch("RUNNING"::equals);
        } catch (Exception e) {
            return false;
        }
    }

    /** The {@code threadState} of each stream thread in a GET /health body (Micronaut's kafkaStreams indicator). */
    private static List<String> threadStates(String healthBody) {
        return THREAD_STATE.matcher(healthBody).results().map(m -> m.group(1)).toList();
    }

    /** The group is stable, has only these two instances' consumers, and each instance has room-commands partitions. */
    private static boolean bothOwnRoomPartitions(Admin admin, String applicationId, Instance a, Instance b) throws Exception {
        ConsumerGroupDescription group = group(admin, applicationId);
        String prefixA = applicationId + "-" + a.name + "-";
        String prefixB = applicationId + "-" + b.name + "-";
        return group.groupState() == GroupState.STABLE
            && group.members().stream().allMatch(m -> m.clientId().startsWith(prefixA) || m.clientId().startsWith(prefixB))
            && !commandPartitions(group, prefixA).isEmpty()
            && !commandPartitions(group, prefixB).isEmpty();
    }

    /** The room-commands partitions assigned to the instance's consumers (client ids {@code <app>-<name>-StreamThread-N-consumer}). */
    private static List<Integer> commandPartitions(Admin admin, String applicationId, Instance instance) throws Exception {
        return commandPartitions(group(admin, applicationId), applicationId + "-" + instance.name + "-");
    }

    private static List<Integer> commandPartitions(ConsumerGroupDescription group, String clientIdPrefix) {
        return group.members().stream()
            .filter(m -> m.clientId().startsWith(clientIdPrefix))
            .flatMap(m -> roomCommandPartitions(m).stream())
            .sorted()
            .toList();
    }

    private static List<Integer> roomCommandPartitions(MemberDescription member) {
        Collection<TopicPartition> assigned = member.assignment().topicPartitions();
        return assigned.stream().filter(tp -> tp.topic().equals(Topics.ROOM_COMMANDS.name()))
            .map(TopicPartition::partition).toList();
    }

    private static ConsumerGroupDescription group(Admin admin, String applicationId) throws Exception {
        return admin.describeConsumerGroups(List.of(applicationId)).describedGroups().get(applicationId)
            .get(5, TimeUnit.SECONDS);
    }

    /** "room by instance: status" for each room an instance does not answer 200 (a 503 while rebalancing included). */
    private List<String> notAnswered(List<String> rooms, Instance... instances) throws Exception {
        List<String> missing = new ArrayList<>();
        for (String room : rooms) {
            for (Instance instance : instances) {
                int status = get(instance, "/rooms/" + room).statusCode();
                if (status != 200) {
                    missing.add(room + " by " + instance.name + ": " + status);
                }
            }
        }
        return missing;
    }

    private HttpResponse<String> get(Instance instance, String path) throws Exception {
        ServiceProcess process = Objects.requireNonNull(instance.process, instance.name + " not started");
        return http.send(HttpRequest.newBuilder(URI.create(process.url() + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The first 10 entries, one per line, and how many more there are. */
    private static String head(List<String> entries) {
        String first = String.join("\n  ", entries.subList(0, Math.min(10, entries.size())));
        return entries.size() > 10 ? "\n  " + first + "\n  ... and " + (entries.size() - 10) + " more" : "\n  " + first;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
