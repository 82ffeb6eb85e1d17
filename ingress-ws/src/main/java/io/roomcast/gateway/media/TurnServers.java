package io.roomcast.gateway.media;

import io.micronaut.context.annotation.Value;
import io.micronaut.serde.annotation.Serdeable;
import io.roomcast.schemas.TurnCredentials;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ice_servers} of the media-token answer: the TURN servers (coturn with {@code use-auth-secret})
 * and, for each answer, time-limited credentials ({@link TurnCredentials}) for the caller. Settings:
 * {@code roomcast.gateway.turn.urls} (comma-separated {@code turn:host:port?transport=udp} URLs; empty:
 * no TURN, {@code ice_servers} is empty), {@code roomcast.gateway.turn.secret} (coturn's
 * {@code static-auth-secret}), {@code roomcast.gateway.turn.ttl} (credential lifetime, default 1 h).
 */
@Singleton
public final class TurnServers {
    private final List<String> urls;
    private final String secret;
    private final Duration ttl;
    private final Clock clock;

    /** One RTCIceServer as the browser's RTCPeerConnection takes it. */
    @Serdeable
    public record IceServer(List<String> urls, String username, String credential) {
    }

    public TurnServers(@Value("${roomcast.gateway.turn.urls:}") String urls,
                       @Value("${roomcast.gateway.turn.secret:}") String secret,
                       @Value("${roomcast.gateway.turn.ttl:1h}") Duration ttl) {
        this.urls = Arrays.stream(urls.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
        if (!this.urls.isEmpty() && secret.isBlank()) {
            throw new IllegalArgumentException("roomcast.gateway.turn.secret must be set with roomcast.gateway.turn.urls");
        }
        this.secret = secret;
        this.ttl = ttl;
        this.clock = Clock.systemUTC();
    }

    /** The caller's ICE servers: the TURN URLs with fresh credentials, or none when TURN is not configured. */
    public List<IceServer> forUser(String userId) {
        if (urls.isEmpty()) {
            return List.of();
        }
        TurnCredentials c = TurnCredentials.mint(secret, userId, clock.instant().plus(ttl));
        return List.of(new IceServer(urls, c.username(), c.credential()));
    }
}
