package io.roomcast.schemas;

import java.util.Locale;

/**
 * Who reads and writes Roomcast's topics: the services and the outside teams, each one Kafka
 * principal ({@code User:<id>}) in production, allowed exactly what {@link Topics} says it writes
 * or reads ({@link KafkaAcls}).
 */
public enum Service {
    /**
     * The gateway: assigns itself the partitions of its feeds (room-events, user topics), and reads room-events in
     * one consumer group, {@code ingress-ws-ended-rooms}, to forget the marks of ended rooms.
     */
    INGRESS_WS(Kind.GROUP),
    ROOM_STATE_STREAM(Kind.STREAMS),
    RANKING_STREAM(Kind.STREAMS),
    NOTIFICATION_WORKER(Kind.STREAMS),
    SEARCH_INDEXER(Kind.GROUP),
    MEDIA_EDGE(Kind.ASSIGNED),
    /** Apicurio Registry with Kafka storage: its journal and snapshot topics are {@code schema-registry-...}. */
    SCHEMA_REGISTRY(Kind.STORE),
    /** Analytics teams' consumers (their own tools, group ids starting with {@code analytics}). */
    ANALYTICS(Kind.GROUP),
    /**
     * The mobile push gateway (APNs/FCM senders, outside Roomcast) reading push-deliveries (docs/push.md;
     * group ids starting with {@code push-gateway}).
     */
    PUSH_GATEWAY(Kind.GROUP),
    /** Operators inspecting and replaying dead letters (group ids starting with {@code operators}). */
    OPERATORS(Kind.GROUP);

    /** How a service reads Kafka, which decides the group and transactional-id rights it needs. */
    public enum Kind {
        /** Assigns partitions itself (no consumer group); idempotent producer, no transactions. */
        ASSIGNED,
        /** Consumer group(s) whose ids start with the service id. */
        GROUP,
        /** A consumer group as {@link #GROUP}, and the storage topics it creates itself, named {@code <id>-...}. */
        STORE,
        /**
         * Kafka Streams app, {@code application.id} = the service id: groups, internal topics
         * ({@code <id>-...-changelog|repartition}) and exactly-once v2 transactional ids all start with it.
         */
        STREAMS
    }

    private final Kind kind;

    Service(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The service's name, its Kafka principal's name and (for Streams apps) its {@code application.id}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
