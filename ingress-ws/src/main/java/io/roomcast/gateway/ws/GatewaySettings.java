package io.roomcast.gateway.ws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.RoomLog;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.feed.KafkaCatchup;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import io.roomcast.gateway.protocol.ProtocolSettings;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Binds the gateway's limits and timers from settings ({@code application.yml}, each overridable by
 * environment, e.g. {@code ROOMCAST_GATEWAY_PROTOCOL_HEARTBEAT_INTERVAL=20s}) to the pure classes,
 * which stay free of Micronaut. A setting left out takes the pure class's default
 * ({@link ProtocolSettings#defaults()}, {@link SessionOutbox.Limits#DEFAULT}, {@link Fanout.Settings#DEFAULT},
 * {@link KafkaCatchup.Limits#DEFAULT}, {@link MediaEdgeDirectory.Settings#DEFAULT}).
 *
 * <p>Errors: a value that does not convert (e.g. {@code heartbeat-interval: soon}) fails start-up with a
 * {@link ConfigurationException} naming the setting; an out-of-range value with the pure class's
 * {@link IllegalArgumentException}.
 */
@Factory
final class GatewaySettings {
    /** Prefix of {@link ProtocolSettings}: client protocol limits and timers. */
    static final String PROTOCOL = "roomcast.gateway.protocol.";
    /** Prefix of {@link SessionOutbox.Limits}: each session's outbound queue. */
    static final String OUTBOX = "roomcast.gateway.outbox.";
    /** Prefix of {@link Fanout.Settings}: each room's log of recent facts, and room linger. */
    static final String ROOM_LOG = "roomcast.gateway.room-log.";
    /** Prefix of {@link KafkaCatchup.Limits}: RESUME served from Kafka by offset. */
    static final String RESUME_FROM_KAFKA = "roomcast.gateway.resume-from-kafka.";
    /** Prefix of {@link MediaEdgeDirectory.Settings}: placing participants on media edges, and edge fail-over. */
    static final String MEDIA = "roomcast.gateway.media.";

    @Singleton
    ProtocolSettings protocolSettings(PropertyResolver config) {
        ProtocolSettings d = ProtocolSettings.defaults();
        return new ProtocolSettings(
            get(config, PROTOCOL + "max-frame-bytes", Integer.class, d.maxFrameBytes()),
            get(config, PROTOCOL + "heartbeat-interval", Duration.class, d.heartbeatInterval()),
            get(config, PROTOCOL + "missed-heartbeats", Integer.class, d.missedHeartbeatsAllowed()),
            get(config, PROTOCOL + "identify-timeout", Duration.class, d.identifyTimeout()),
            get(config, PROTOCOL + "max-nonce-length", Integer.class, d.maxNonceChars()),
            get(config, PROTOCOL + "max-id-length", Integer.class, d.maxIdChars()),
            get(config, PROTOCOL + "max-pending-commands", Integer.class, d.maxPendingCommands()),
            get(config, PROTOCOL + "pending-command-ttl", Duration.class, d.pendingCommandTtl()),
            get(config, PROTOCOL + "heartbeat-publish-interval", Duration.class, d.heartbeatPublishInterval()),
            get(config, PROTOCOL + "join-timeout", Duration.class, d.joinTimeout()),
            get(config, PROTOCOL + "upgrade-timeout", Duration.class, d.upgradeTimeout()));
    }

    @Singleton
    SessionOutbox.Limits outboxLimits(PropertyResolver config) {
        SessionOutbox.Limits d = SessionOutbox.Limits.DEFAULT;
        return new SessionOutbox.Limits(
            get(config, OUTBOX + "max-frames", Integer.class, d.maxFrames()),
            get(config, OUTBOX + "max-bytes", Long.class, d.maxBytes()));
    }

    @Singleton
    Fanout.Settings fanoutSettings(PropertyResolver config) {
        Fanout.Settings d = Fanout.Settings.DEFAULT;
        RoomLog.Limits log = d.roomLog();
        return new Fanout.Settings(new RoomLog.Limits(
            get(config, ROOM_LOG + "max-facts", Integer.class, log.maxFacts()),
            get(config, ROOM_LOG + "max-bytes", Long.class, log.maxBytes()),
            get(config, ROOM_LOG + "max-age", Duration.class, Duration.ofMillis(log.maxAgeMs())).toMillis()),
            get(config, ROOM_LOG + "linger", Duration.class, Duration.ofMillis(d.roomLingerMs())).toMillis());
    }

    @Singleton
    KafkaCatchup.Limits resumeFromKafka(PropertyResolver config) {
        KafkaCatchup.Limits d = KafkaCatchup.Limits.DEFAULT;
        return new KafkaCatchup.Limits(
            get(config, RESUME_FROM_KAFKA + "max-facts", Integer.class, d.maxFacts()),
            get(config, RESUME_FROM_KAFKA + "max-age", Duration.class, d.maxAge()),
            get(config, RESUME_FROM_KAFKA + "timeout", Duration.class, d.timeout()),
            get(config, RESUME_FROM_KAFKA + "readers", Integer.class, d.readers()));
    }

    @Singleton
    MediaEdgeDirectory.Settings mediaEdgeDirectory(PropertyResolver config) {
        MediaEdgeDirectory.Settings d = MediaEdgeDirectory.Settings.DEFAULT;
        Duration roomTtl = get(config, MEDIA + "room-ttl", Duration.class, d.roomTtl());
        Duration readTimeout = get(config, MEDIA + "read-timeout", Duration.class, d.readTimeout());
        int attempts = get(config, MEDIA + "placement-attempts", Integer.class, d.placementAttempts());
        Duration failoverCheck = get(config, MEDIA + "failover-check-interval", Duration.class, d.failoverCheck());
        return new MediaEdgeDirectory.Settings(roomTtl, readTimeout, attempts, failoverCheck);
    }

    /** The setting {@code key} as {@code type}, or {@code fallback} if it is not set. */
    private static <T> T get(PropertyResolver config, String key, Class<T> type, T fallback) {
        if (!config.containsProperty(key)) {
            return fallback;
        }
        return config.getProperty(key, type).orElseThrow(() -> new ConfigurationException(
            "setting " + key + " is not a valid " + type.getSimpleName() + ": "
                + config.getProperty(key, String.class).orElse("")));
    }
}
