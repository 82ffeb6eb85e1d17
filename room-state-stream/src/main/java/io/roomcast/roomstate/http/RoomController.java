package io.roomcast.roomstate.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /rooms/{id}}: the room's current snapshot ({@link RoomView}), answered by whichever instance
 * owns the room's partition (Kafka Streams interactive queries; another instance's answer is fetched
 * over HTTP from its {@code application.server}).
 *
 * <ul>
 *   <li>200 with the {@link RoomView};</li>
 *   <li>404 for an unknown or ended room;</li>
 *   <li>503 with {@code Retry-After} (whole seconds, setting {@code roomcast.rebalance-retry-after},
 *       default 1 s) while the room's store is not queryable: no instance owns the partition yet, or
 *       Streams is rebalancing (a scale-out, a restart, a failed instance); retry then;</li>
 *   <li>502 when the owning instance cannot be reached; its 503 is passed on with its {@code Retry-After}.</li>
 * </ul>
 */
@Controller("/rooms")
public class RoomController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomController.class);

    private final RoomStore store;
    private final HostInfo self;
    private final String retryAfterSeconds;

    /**
     * @param advertised this instance's {@code application.server} (host:port)
     * @param retryAfter what a 503 tells clients to wait, at least 1 s (rounded up to whole seconds)
     * @throws IllegalArgumentException for a retryAfter below 1 s
     */
    RoomController(RoomStore store, @Value("${kafka.streams.default.application.server}") String advertised,
                   @Value("${roomcast.rebalance-retry-after:1s}") Duration retryAfter) {
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("roomcast.rebalance-retry-after must be at least 1 s: " + retryAfter);
        }
        this.store = store;
        this.self = HostInfo.buildFromEndpoint(advertised);
        this.retryAfterSeconds = Long.toString(retryAfter.plusMillis(999).toSeconds());
    }

    @Get("/{id}")
    public HttpResponse<?> room(String id) {
        Optional<RoomSnapshot> snapshot;
        try {
            Optional<HostInfo> owner = store.owner(id);
            if (owner.isEmpty()) {
                return rebalancing();
            }
            if (!owner.get().equals(self)) {
                return forward(owner.get(), id);
            }
            snapshot = store.local(id);
        } catch (InvalidStateStoreException e) {
            LOG.debug("room {} not queryable now: {}", id, e.getMessage());
            return rebalancing();
        }
        if (snapshot.isEmpty() || snapshot.get().getLifecycle() == RoomLifecycle.ENDED) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(RoomView.of(snapshot.get()));
    }

    private MutableHttpResponse<String> rebalancing() {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
            .body("rooms are being rebalanced; retry");
    }

    private HttpResponse<?> forward(HostInfo host, String id) {
        try (HttpClient client = HttpClient.create(URI.create("http://" + host.host() + ":" + host.port()).toURL())) {
            return HttpResponse.ok(client.toBlocking().retrieve("/rooms/" + id, RoomView.class));
        } catch (HttpClientResponseException e) {
            MutableHttpResponse<?> answer = HttpResponse.status(e.getStatus());
            e.getResponse().getHeaders().findFirst(HttpHeaders.RETRY_AFTER)
                .ifPresent(seconds -> answer.header(HttpHeaders.RETRY_AFTER, seconds));
            return answer;
        } catch (java.io.IOException e) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, "owner " + host + " unreachable: " + e.getMessage());
        }
    }
}
