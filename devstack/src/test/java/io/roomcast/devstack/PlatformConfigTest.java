package io.roomcast.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlatformConfigTest {

    /** Two services on one default port: the second of them cannot start under ./roomcast up. */
    @Test
    void everyServiceHasItsOwnDefaultPort() {
        assertThat(Arrays.stream(PlatformConfig.Service.values()).map(s -> s.port)).doesNotHaveDuplicates();
    }

    /**
     * Without its own logback.xml a service logs at logback's default, DEBUG: every Kafka client fetch
     * (80 MB in three minutes of the demo, a core taken from the platform).
     */
    @Test
    void everyServiceHasItsLogConfiguration() {
        assertThat(Arrays.stream(PlatformConfig.Service.values()))
            .allSatisfy(s -> assertThat(Path.of("..", s.module, "src/main/resources/logback.xml")).as(s.module).isRegularFile());
    }
}
