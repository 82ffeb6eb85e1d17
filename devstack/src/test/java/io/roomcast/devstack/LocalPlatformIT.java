package io.roomcast.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.RankingWeights;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.servers.ServerStartException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code ./roomcast up} and {@code down} as the launcher runs them: real processes on free ports. */
class LocalPlatformIT {

    @Test
    void upStartsEverythingAndCloseLeavesNoProcessBehind(@TempDir Path home) throws Exception {
        // JUnit makes temporary folders rwx------, as mktemp -d does: PostgreSQL and Elasticsearch refuse root and
        // must still reach their folders under it (Unprivileged).
        PlatformConfig config = configOnFreePorts(home);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        List<ProcessHandle> children;
        try (LocalPlatform platform = LocalPlatform.start(config, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
            children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();

            assertThat(LocalPlatform.isRunning(config)).isTrue();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.all().stream().map(t -> t.name()).toList());
            }
            assertThat(platform.summary()).contains(config.bootstrapServers(), config.registryUrl());

            RankingWeights set = HallwayWeightsSetter.set(config, "0", "0.5", "1", "0");
            assertThat(lastHallwayWeights(config)).as("./roomcast hallway-weights, read back as ranking-stream reads it")
                .isEqualTo(set);
            assertThatThrownBy(() -> HallwayWeightsSetter.set(config, "0", "0", "0", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not all 0");
            assertThatThrownBy(() -> HallwayWeightsSetter.set(config, "x", "0", "1", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weight 'x' is not a number");
            assertThat(lastHallwayWeights(config)).as("refused weights are not written").isEqualTo(set);
        }

        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Kafka broker", "Schema registry", "ready in");
        assertThat(children).as("the broker and registry processes").hasSizeGreaterThanOrEqualTo(2);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(LocalPlatform.isRunning(config)).isFalse();
    }

    @Test
    void aTakenPortIsNamedAndNothingIsLeftHalfStarted(@TempDir Path home) throws Exception {
        PlatformConfig config = configOnFreePorts(home);
        try (ServerSocket squatter = new ServerSocket(config.registryPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalPlatform.start(config, new PrintStream(PrintStream.nullOutputStream())))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("port " + config.registryPort() + " already in use");
        }

        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
        try (Stream<Path> files = Files.exists(config.logs()) ? Files.list(config.logs()) : Stream.empty()) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".pid"));
        }
    }

    private static RankingWeights lastHallwayWeights(PlatformConfig config) {
        TopicPartition only = new TopicPartition(Topics.RANKING_CONFIG.name(), 0);
        try (KafkaConsumer<String, RankingWeights> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", config.bootstrapServers()), EventSerdes.key(Topics.RANKING_CONFIG).deserializer(),
                EventSerdes.value(Topics.RANKING_CONFIG, EventSerdes.config(config.registryApiUrl())).deserializer())) {
            consumer.assign(List.of(only));
            long end = consumer.endOffsets(List.of(only)).get(only);
            consumer.seek(only, end - 1);
            RankingWeights last = null;
            while (consumer.position(only) < end) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    last = r.value();
                }
            }
            return last;
        }
    }

    private static PlatformConfig configOnFreePorts(Path home) {
        return PlatformConfig.fromEnvironment(Map.of(
            "ROOMCAST_HOME", home.toString(),
            "ROOMCAST_KAFKA_PORT", Integer.toString(Ports.free()),
            "ROOMCAST_KAFKA_CONTROLLER_PORT", Integer.toString(Ports.free()),
            "ROOMCAST_REGISTRY_PORT", Integer.toString(Ports.free()),
            // The services' modules build after this one; their own tests cover them.
            "ROOMCAST_SERVICES", ""));
    }
}
