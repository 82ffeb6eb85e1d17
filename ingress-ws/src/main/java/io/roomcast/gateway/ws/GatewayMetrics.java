package io.roomcast.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomcast.gateway.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The gateway's meters on {@code /prometheus}: sessions ({@code roomcast_gateway_sessions}),
 * fan-out latency from a fact's occurredAt to its frame being written to a client
 * ({@code roomcast_gateway_fanout_latency_seconds}), slow sessions dropped
 * ({@code roomcast_gateway_slow_sessions_total}), commands published
 * ({@code roomcast_gateway_commands_total{op}}), malformed client frames
 * ({@code roomcast_gateway_malformed_frames_total{reason}}).
 */
final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Timer fanoutLatency;
    private final Counter slowSessions;

    GatewayMetrics(MeterRegistry registry, Supplier<Number> sessions) {
        this.registry = registry;
        registry.gauge("roomcast.gateway.sessions", sessions, s -> s.get().doubleValue());
        this.fanoutLatency = Timer.builder("roomcast.gateway.fanout.latency")
            .description("From a fact's occurredAt to its frame written to a client")
            .publishPercentileHistogram().register(registry);
        this.slowSessions = Counter.builder("roomcast.gateway.slow.sessions")
            .description("Sessions closed with 4010 because their outbox was full").register(registry);
    }

    void delivered(ServerFrame.Dispatch dispatch) {
        if (dispatch.occurredAt() != null) {
            fanoutLatency.record(Duration.between(dispatch.occurredAt(), Instant.now()));
        }
    }

    void slowSessionDropped() {
        slowSessions.increment();
    }

    /** A client frame refused by RFC 6455's rules ({@link FrameGuard}), by reason. */
    void malformedFrame(String reason) {
        Counter.builder("roomcast.gateway.malformed.frames")
            .description("Client WebSocket frames refused (connection closed with the RFC 6455 status), by reason")
            .tag("reason", reason).register(registry).increment();
    }

    void commandPublished(String op) {
        Counter.builder("roomcast.gateway.commands").description("Commands published to room-commands, by op")
            .tag("op", op).register(registry).increment();
    }
}
