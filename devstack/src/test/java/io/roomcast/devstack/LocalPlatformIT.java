package io.roomcast.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.servers.Ports;
import io.roomcast.servers.ServerStartException;
import io.roomcast.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
