package io.roomcast.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0], Map.of());

        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.rooms()).isEqualTo(1_000);
        assertThat(options.usersPerRoom()).isEqualTo(8);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.rate()).isZero();
        assertThat(options.maxInFlight()).isEqualTo(20_000);
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        BenchmarkOptions options = BenchmarkOptions.parse(
            new String[] {"--rooms", "50", "--duration=500ms", "--rate", "2000", "--watch-pids", "service=12,broker=34"},
            Map.of("BENCH_ROOMS", "7", "BENCH_USERS_PER_ROOM", "4"));

        assertThat(options.rooms()).isEqualTo(50);
        assertThat(options.usersPerRoom()).isEqualTo(4);
        assertThat(options.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.rate()).isEqualTo(2000);
        assertThat(options.watchPids()).containsExactly(Map.entry("service", 12L), Map.entry("broker", 34L));
    }

    @Test
    void refusesAnythingButLocalhost() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--bootstrap", "kafka.example.com:9092"}, Map.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not local");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--registry", "http://10.0.0.5:8081/apis/registry/v3"}, Map.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not local");
        assertThat(BenchmarkOptions.parse(new String[] {"--bootstrap", "127.0.0.1:19092"}, Map.of()).bootstrapServers())
            .isEqualTo("127.0.0.1:19092");
    }

    @Test
    void refusesUnknownOptions() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--romos", "5"}, Map.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --romos");
    }
}
