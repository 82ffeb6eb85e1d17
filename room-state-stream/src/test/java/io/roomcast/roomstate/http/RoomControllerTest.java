package io.roomcast.roomstate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.roomcast.events.RoomSnapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /rooms/{id}} while Kafka Streams cannot answer (no broker, no Streams: the store's state is
 * given). Seen in RoomStateServiceIT once as a 500: the query came during a rebalance.
 */
class RoomControllerTest {
    private static final HostInfo SELF = new HostInfo("localhost", 8090);

    /** A store whose owner lookup and local read behave as given. */
    private record GivenStore(Supplier<Optional<HostInfo>> owner, Supplier<Optional<RoomSnapshot>> local)
        implements RoomStore {
        @Override
        public Optional<HostInfo> owner(String roomId) {
            return owner.get();
        }

        @Override
        public Optional<RoomSnapshot> local(String roomId) {
            return local.get();
        }
    }

    @Test
    void aStoreNotQueryableDuringARebalanceIsAnswered503WithRetryAfter() {
        HttpResponse<?> answer = controller(new GivenStore(() -> Optional.of(SELF), () -> {
            throw new InvalidStateStoreException("Cannot get state store rooms because the stream thread is "
                + "PARTITIONS_ASSIGNED, not RUNNING");
        })).room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void aPartitionWithoutOwnerYetIsAnswered503WithRetryAfter() {
        HttpResponse<?> answer = controller(new GivenStore(Optional::empty, () -> {
            throw new AssertionError("no owner: the store is not asked");
        })).room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void streamsNotRunningAtAllIsAnswered503WithRetryAfter() {
        HttpResponse<?> answer = controller(new GivenStore(() -> {
            throw new InvalidStateStoreException("KafkaStreams is not running. State is REBALANCING.");
        }, Optional::empty)).room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void anUnknownRoomOfThisInstanceIs404() {
        assertThat(controller(new GivenStore(() -> Optional.of(SELF), Optional::empty)).room("r-1").code())
            .isEqualTo(404);
    }

    /** A controller on SELF whose 503 says retry after 1.5 s (rounded up: 2). */
    private static RoomController controller(RoomStore store) {
        return new RoomController(store, SELF.host() + ":" + SELF.port(), Duration.ofMillis(1500));
    }
}
