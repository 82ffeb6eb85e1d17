package io.roomcast.media.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.feed.RoomEventsFeed;
import io.roomcast.media.feed.SpeakingChangedPublisher;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.registry.EdgeRegistry;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import io.roomcast.media.speaking.DominantSpeakers;
import io.roomcast.media.transport.RelayUplinks;
import io.roomcast.media.transport.UdpMediaServer;
import io.roomcast.schemas.EventSerdes;
import jakarta.annotation.PreDestroy;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * The running edge, started with the application context: first the room-events feed (its bootstrap
 * from room-state must finish, so no packet is judged on missing facts), then the UDP port and the relay
 * uplinks (a room whose last participant here leaves stops being relayed), then the registration in
 * Redis (from then on the gateway assigns this edge); with {@code speaking-changed} on, dominant-speaker
 * changes go to room-events as SpeakingChanged. Closed in reverse order. Nothing the edge receives is written anywhere: audio lives only in socket buffers.
 */
@Context
public final class MediaEdge implements AutoCloseable {
    private final Sessions<InetSocketAddress> sessions;
    private final MediaMetrics<InetSocketAddress> metrics;
    private final RoomEventsFeed feed;
    private final UdpMediaServer server;
    private final RelayUplinks uplinks;
    private final EdgeRegistry registry;
    private final SpeakingChangedPublisher publisher;
    private final DominantSpeakers<InetSocketAddress> speakers;

    /**
     * @throws IllegalStateException when the feed is not ready within the setting's timeout or the port cannot be bound
     */
    public MediaEdge(MediaEdgeSettings settings, MeterRegistry registry,
                     @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                     @Value("${roomcast.registry-url}") String registryUrl,
                     @Value("${roomcast.redis-uri}") String redisUri) throws InterruptedException {
        this.metrics = new MediaMetrics<>(registry);
        String clientId = "media-edge-" + settings.getEdgeId();
        this.publisher = settings.isSpeakingChanged()
            ? new SpeakingChangedPublisher(bootstrapServers, EventSerdes.config(registryUrl), clientId) : null;
        this.speakers = publisher == null ? null : new DominantSpeakers<>(publisher);
        this.sessions = new Sessions<>(settings.sessions(), settings.revocations(), this::unbound);
        this.uplinks = new RelayUplinks(settings.relay(), new RelayTokens(settings.getTokenSecret(),
            settings.getEdgeId()), sessions, metrics);
        metrics.boundParticipants(sessions::size);
        metrics.tokenRevocations(sessions::revocations);
        MediaTokenVerifier verifier = new MediaTokenVerifier(settings.getTokenSecret(), settings.getEdgeId(),
            settings.getTokenClockSkew(), settings.getMaxTokenLifetime(), Clock.systemUTC());
        this.feed = new RoomEventsFeed(bootstrapServers, EventSerdes.config(registryUrl), settings.getFeedFetchMaxWait(),
            settings.revocationWindow(), clientId, sessions, metrics);
        if (!feed.awaitReady(settings.getFeedReadyTimeout())) {
            feed.close();
            throw new IllegalStateException("room-events feed not ready within " + settings.getFeedReadyTimeout());
        }
        this.server = new UdpMediaServer(settings.transport(), sessions, verifier, metrics,
            speakers == null ? RtpGate.LevelListener.none() : speakers, uplinks);
        uplinks.attach(server);
        this.registry = new EdgeRegistry(redisUri, settings.registration(server.port()), sessions::size);
    }

    private void unbound(Participant<InetSocketAddress> participant, UnbindReason reason) {
        metrics.unbound(participant, reason);
        String room = participant.binding().room();
        if (reason == UnbindReason.ROOM_ENDED && speakers != null) {
            speakers.forget(room);
        }
        if (uplinks != null && sessions.room(room) == null) {
            uplinks.release(room);
        }
    }

    /** The relay uplinks of the rooms this edge relays (tests). */
    public RelayUplinks uplinks() {
        return uplinks;
    }

    /** The bound UDP port. */
    public int udpPort() {
        return server.port();
    }

    /** "epoll" or "nio". */
    public String transport() {
        return server.transport();
    }

    /** The edge's participants (tests, health). */
    public Sessions<InetSocketAddress> sessions() {
        return sessions;
    }

    /** The edge's meters. */
    public MediaMetrics<InetSocketAddress> metrics() {
        return metrics;
    }

    /** The room's dominant speaker by this edge's detection, or null (tests). */
    public String dominantSpeaker(String room) {
        return speakers == null ? null : speakers.dominant(room);
    }

    /** Whether the UDP port is open and room facts are followed. */
    public boolean healthy() {
        return server.isOpen() && feed.isReady();
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        registry.close();
        uplinks.close();
        server.close();
        feed.close();
        if (publisher != null) {
            publisher.close();
        }
    }
}
