package io.roomcast.media.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.cascade.ServedRooms;
import io.roomcast.media.feed.RoomEventsFeed;
import io.roomcast.media.feed.SpeakingChangedPublisher;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.registry.EdgeRegistry;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import io.roomcast.media.speaking.DominantSpeakers;
import io.roomcast.media.transport.RelayUplinks;
import io.roomcast.media.transport.UdpMediaServer;
import io.roomcast.media.webrtc.Signalling;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
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
    private final WebRtcPeers peers;
    private final MediaTokenVerifier verifier;
    private final MediaEdgeSettings settings;
    private final Signalling signalling;

    /**
     * @throws IllegalStateException when the feed is not ready within the setting's timeout or the port cannot be bound
     */
    public MediaEdge(MediaEdgeSettings settings, MeterRegistry registry,
                     @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                     @Value("${roomcast.registry-url}") String registryUrl,
                     @Value("${roomcast.redis-uri}") String redisUri,
                     @Value("${micronaut.server.port:8070}") int httpPort) throws InterruptedException {
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
        this.settings = settings;
        this.peers = new WebRtcPeers(settings.webrtc());
        this.verifier = new MediaTokenVerifier(settings.getTokenSecret(), settings.getEdgeId(),
            settings.getTokenClockSkew(), settings.getMaxTokenLifetime(), Clock.systemUTC());
        this.feed = new RoomEventsFeed(bootstrapServers, EventSerdes.config(registryUrl), settings.getFeedFetchMaxWait(),
            settings.revocationWindow(), clientId, sessions, metrics);
        if (!feed.awaitReady(settings.getFeedReadyTimeout())) {
            feed.close();
            throw new IllegalStateException("room-events feed not ready within " + settings.getFeedReadyTimeout());
        }
        this.server = new UdpMediaServer(settings.transport(), sessions, verifier, metrics,
            speakers == null ? RtpGate.LevelListener.none() : speakers, uplinks, peers, new WebRtcEvents(),
            settings.getWebrtcBindingLifetime());
        uplinks.attach(server);
        this.signalling = new Signalling(new Signalling.Settings(settings.getWebrtcTracks(),
            settings.getWebrtcMaxOfferBytes(), settings.getPublicHost(), server.port()), verifier, peers,
            ssrc -> sessions.bySsrc(ssrc) != null,
            claims -> sessions.revoked(claims.room(), claims.user(), claims.issuedAtSeconds()), metrics::webrtc);
        this.registry = new EdgeRegistry(redisUri, settings.registration(server.port(), httpPort), sessions::size,
            () -> ServedRooms.origins(settings.getEdgeId(), sessions.originRooms(), uplinks.relayedRooms()));
    }

    private void unbound(Participant<InetSocketAddress> participant, UnbindReason reason) {
        metrics.unbound(participant, reason);
        if (participant.egress() instanceof WebRtcPeer peer && peers != null) {
            peers.remove(peer);
        }
        String room = participant.binding().room();
        if (reason == UnbindReason.ROOM_ENDED && speakers != null) {
            speakers.forget(room);
        }
        if (uplinks != null && sessions.room(room) == null) {
            uplinks.release(room);
        }
    }

    /** DTLS outcomes of WebRTC sessions: counted; a failed or closed association ends the session. */
    private final class WebRtcEvents implements WebRtcPeer.Listener {
        @Override
        public void handshake(WebRtcPeer peer, boolean ok, String reason) {
            metrics.webrtc(ok ? "handshake_ok" : "handshake_failed");
            if (!ok) {
                metrics.dropped(DropReason.DTLS_FAILED);
                closed(peer);
            }
        }

        @Override
        public void closed(WebRtcPeer peer) {
            Participant<InetSocketAddress> p = peer.participant();
            if (p != null) {
                sessions.unbind(p, UnbindReason.CLOSED);
            }
            peers.remove(peer);
        }
    }

    /** Ends a WebRTC session (WHIP/WHEP DELETE). */
    public void endWebRtc(WebRtcPeer peer) {
        new WebRtcEvents().closed(peer);
    }

    /** WHIP/WHEP offers. */
    public Signalling signalling() {
        return signalling;
    }

    /** The WebRTC sessions (WHIP/WHEP). */
    public WebRtcPeers webrtc() {
        return peers;
    }

    /** The media token verifier (WHIP/WHEP bearer tokens). */
    public MediaTokenVerifier verifier() {
        return verifier;
    }

    /** The edge's settings. */
    public MediaEdgeSettings settings() {
        return settings;
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

    /** The UDP sockets' family and DF ({@link UdpMediaServer#socket()}), e.g. "INET, DF". */
    public String udpSocket() {
        return server.socket();
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

    /** Whether the last heartbeat wrote this edge's registration in Redis. */
    public boolean registered() {
        return registry.lastBeatSucceeded();
    }

    /**
     * Whether the UDP port is open, room facts are followed, and the edge has registered in Redis at least
     * once (before that the gateway cannot assign it: an edge that reports UP is one participants can be
     * sent to). A later Redis outage does not make it unhealthy: bound participants are still forwarded.
     */
    public boolean healthy() {
        return server.isOpen() && feed.isReady() && registry.registeredOnce();
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
