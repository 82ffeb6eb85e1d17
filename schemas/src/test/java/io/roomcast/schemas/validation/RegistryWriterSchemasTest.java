package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The registry lookup when no registry answers (a real socket with nothing listening); RegistryOutageIT has the real registry. */
class RegistryWriterSchemasTest {

    @Test
    void anUnreachableRegistryIsAnOutageAfterTheWaitNeverAnUnknownSchema() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RegistryWriterSchemas schemas = new RegistryWriterSchemas("http://127.0.0.1:" + port + "/apis/registry/v3",
            Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> schemas.versionOf("room-commands-value", 7))
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("schema id 7 is a version of room-commands-value")
            .hasMessageContaining("http://127.0.0.1:" + port + "/apis/ccompat/v7");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // Nothing was cached from the failure: the next record asks (and waits) again.
        assertThatThrownBy(() -> schemas.versionOf("room-commands-value", 7)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void theCompatibleApiIsFoundFromEitherRegistryUrl() {
        assertThat(RegistryWriterSchemas.ccompatUrl("http://r:8081/apis/registry/v3/")).isEqualTo("http://r:8081/apis/ccompat/v7");
        assertThat(RegistryWriterSchemas.ccompatUrl("http://r:8081/apis/ccompat/v7")).isEqualTo("http://r:8081/apis/ccompat/v7");
    }
}
