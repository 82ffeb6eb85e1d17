package io.roomcast.roomstate.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 *   <li>502 when the owning instance cannot be reached or does not answer within 5 s; its other answers (a 503
 *       with its {@code Retry-After}, a 404) are passed on.</li>
 * </ul>
 * Runs on the blocking executor: the store read and the forward to the owner block (a blocking HTTP client on
 * the event loop is refused by Micronaut, which answered every forwarded query 500). One HTTP client, made once,
 * asks the owners.
 */
@Controller("/rooms")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RoomController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomController.class);

    /** Longest wait for the owning instance to connect, and then to answer: 5 s. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final RoomStore store;
    private final HostInfo self;
    private final java.net.http.HttpClient owners =
        java.net.http.HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
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

    /** The owner's answer passed on: 200 with its body, or its status with its {@code Retry-After}; 502 if unreachable. */
    private HttpResponse<?> forward(HostInfo host, String id) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/rooms/"
            + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        java.net.http.HttpResponse<String> answer;
        try {
            answer = owners.send(java.net.http.HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, "owner " + host + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, "interrupted while asking owner " + host);
        }
        MutableHttpResponse<String> passed = HttpResponse.status(HttpStatus.valueOf(answer.statusCode()));
        if (answer.statusCode() == 200) {
            passed.body(answer.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        answer.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(seconds -> passed.header(HttpHeaders.RETRY_AFTER, seconds));
        return passed;
    }
}
