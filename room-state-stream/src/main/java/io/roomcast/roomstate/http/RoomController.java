package io.roomcast.roomstate.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.roomstate.topology.RoomStateTopology;
import java.net.URI;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /rooms/{id}}: the room's current snapshot, answered by whichever instance owns the
 * room's partition (Kafka Streams interactive queries; another instance's answer is fetched over
 * HTTP from its {@code application.server}). 404 for an unknown or ended room; 503 while the
 * instance is rebalancing.
 */
@Controller("/rooms")
public class RoomController {
    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param advertised this instance's {@code application.server} (host:port) */
    public RoomController(KafkaStreams streams,
                          @Value("${kafka.streams.default.application.server}") String advertised) {
        this.streams = streams;
        this.self = HostInfo.buildFromEndpoint(advertised);
    }

    @Get("/{id}")
    public HttpResponse<RoomView> room(String id) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(RoomStateTopology.ROOMS_STORE, id, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "rooms are being rebalanced; retry");
        }
        HostInfo active = owner.activeHost();
        if (!active.equals(self)) {
            return forward(active, id);
        }
        ReadOnlyKeyValueStore<String, RoomSnapshot> rooms = streams.store(StoreQueryParameters
            .fromNameAndType(RoomStateTopology.ROOMS_STORE, QueryableStoreTypes.<String, RoomSnapshot>keyValueStore()));
        RoomSnapshot snapshot = rooms.get(id);
        if (snapshot == null || snapshot.getLifecycle() == RoomLifecycle.ENDED) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(RoomView.of(snapshot));
    }

    private HttpResponse<RoomView> forward(HostInfo host, String id) {
        try (HttpClient client = HttpClient.create(URI.create("http://" + host.host() + ":" + host.port()).toURL())) {
            return HttpResponse.ok(client.toBlocking().retrieve("/rooms/" + id, RoomView.class));
        } catch (HttpClientResponseException e) {
            return HttpResponse.status(e.getStatus());
        } catch (java.io.IOException e) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, "owner " + host + " unreachable: " + e.getMessage());
        }
    }
}
