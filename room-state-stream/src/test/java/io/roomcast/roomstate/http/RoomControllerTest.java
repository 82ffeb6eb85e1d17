package io.roomcast.roomstate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.roomcast.events.RoomSnapshot;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /rooms/{id}} while Kafka Streams cannot answer (no broker, no Streams: the store's state is
 * given). Seen in RoomStateServiceIT once as a 500: the query came during a rebalance.
 */
class RoomControllerTest {
    private static final HostInfo SELF = new HostInfo("localhost", 8090);

    @Test
    void aStoreNotQueryableDuringARebalanceIsAnswered503WithRetryAfter() {
        RoomController controller = controller(new RoomStore() {
            @Override
            public Optional<HostInfo> owner(String roomId) {
                return Optional.of(SELF);
            }

            @Override
            public Optional<RoomSnapshot> local(String roomId) {
                throw new InvalidStateStoreException("Cannot get state store rooms because the stream thread is "
                    + "PARTITIONS_ASSIGNED, not RUNNING");
            }
        });

        HttpResponse<?> answer = controller.room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void aPartitionWithoutOwnerYetIsAnswered503WithRetryAfter() {
        RoomController controller = controller(new RoomStore() {
            @Override
            public Optional<HostInfo> owner(String roomId) {
                return Optional.empty();
            }

            @Override
            public Optional<RoomSnapshot> local(String roomId) {
                throw new AssertionError("no owner: the store is not asked");
            }
        });

        HttpResponse<?> answer = controller.room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void streamsNotRunningAtAllIsAnswered503WithRetryAfter() {
        RoomController controller = controller(new RoomStore() {
            @Override
            public Optional<HostInfo> owner(String roomId) {
                throw new InvalidStateStoreException("KafkaStreams is not running. State is REBALANCING.");
            }

            @Override
            public Optional<RoomSnapshot> local(String roomId) {
                throw new AssertionError("not reached");
            }
        });

        HttpResponse<?> answer = controller.room("r-1");

        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void anUnknownRoomOfThisInstanceIs404() {
        RoomController controller = controller(new RoomStore() {
            @Override
            public Optional<HostInfo> owner(String roomId) {
                return Optional.of(SELF);
            }

            @Override
            public Optional<RoomSnapshot> local(String roomId) {
                return Optional.empty();
            }
        });

        assertThat(controller.room("r-1").code()).isEqualTo(404);
    }

    /** A controller on SELF whose 503 says retry after 1.5 s (rounded up: 2). */
    private static RoomController controller(RoomStore store) {
        return new RoomController(store, SELF.host() + ":" + SELF.port(), Duration.ofMillis(1500));
    }
}
