package io.roomcast.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomcast.events.RoomEvent;
import io.roomcast.media.feed.RoomEventsFeed;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.RtcpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The edge's meters, in Prometheus names:
 * <ul>
 *   <li>{@code roomcast_media_received_total{kind=rtp|rtcp|stun|relay}}: datagrams received ({@code relay}:
 *       on a relay edge's uplinks, from rooms' origin edges);</li>
 *   <li>{@code roomcast_media_relay_uplinks}: rooms this edge relays from their origin (gauge);</li>
 *   <li>{@code roomcast_media_forwarded_total}: packets sent to listeners (one per destination);</li>
 *   <li>{@code roomcast_media_dropped_total{reason}}: datagrams (or, for {@code backpressure},
 *       copies) dropped, by {@link DropReason#tag()};</li>
 *   <li>{@code roomcast_media_bindings_total{outcome=bound|refreshed}},
 *       {@code roomcast_media_bindings_refused_total{reason}}, {@code roomcast_media_unbound_total{reason}},
 *       {@code roomcast_media_bound_participants} (gauge);</li>
 *   <li>{@code roomcast_media_token_revocations}: leave, kick and ban revocations kept (gauge; a revoked
 *       token's binding request counts as {@code bindings_refused_total{reason="token revoked"}});</li>
 *   <li>{@code roomcast_media_listener_fraction_lost} (0..1) and {@code roomcast_media_listener_jitter_milliseconds}:
 *       one sample per RTCP report block from a listener (RFC 3550 section 6.4.1), as distributions over
 *       listeners (no per-user tag: thousands of listeners per edge);</li>
 *   <li>{@code roomcast_media_fact_age_seconds}: from a room fact's occurredAt to the edge applying it
 *       (the authorization delay of a demote, mute or kick);</li>
 *   <li>{@code roomcast_media_loop_lag_seconds}: how late each forwarding thread ran a task scheduled on it
 *       (sampled every 100 ms per thread; {@code _max} is the longest stall of the last minutes, during which
 *       that thread's datagrams, binding requests included, waited unread).</li>
 * </ul>
 * Counters of the packet path are created up front: counting allocates nothing.
 */
public final class MediaMetrics<A> implements Sessions.Listener<A>, RtcpGate.ReceptionReports<A>,
    RoomEventsFeed.FactObserver {
    /** RTP clock of Opus (RFC 7587 section 4.1), for jitter in ms. */
    private static final double OPUS_CLOCK_PER_MS = 48.0;

    private final MeterRegistry registry;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<UnbindReason, Counter> unbound = new EnumMap<>(UnbindReason.class);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> webrtc = new ConcurrentHashMap<>();
    private final Counter rtp;
    private final Counter rtcp;
    private final Counter stun;
    private final Counter relay;
    private final Counter forwarded;
    private final Counter bound;
    private final Counter refreshed;
    private final DistributionSummary fractionLost;
    private final DistributionSummary jitterMs;
    private final Timer factAge;
    private final Timer loopLag;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder("roomcast.media.dropped").tag("reason", reason.tag())
                .description("Datagrams dropped by the media edge, by reason").register(registry));
        }
        for (UnbindReason reason : UnbindReason.values()) {
            unbound.put(reason, Counter.builder("roomcast.media.unbound").tag("reason", reason.tag())
                .description("Bindings ended, by reason").register(registry));
        }
        rtp = received("rtp");
        rtcp = received("rtcp");
        stun = received("stun");
        relay = received("relay");
        forwarded = Counter.builder("roomcast.media.forwarded").description("RTP packets sent to listeners")
            .register(registry);
        bound = bindings("bound");
        refreshed = bindings("refreshed");
        fractionLost = DistributionSummary.builder("roomcast.media.listener.fraction.lost")
            .description("Fraction lost per listener report block (0..1)").publishPercentiles(0.5, 0.99)
            .register(registry);
        jitterMs = DistributionSummary.builder("roomcast.media.listener.jitter").baseUnit("milliseconds")
            .description("Interarrival jitter per listener report block").publishPercentiles(0.5, 0.99)
            .register(registry);
        factAge = Timer.builder("roomcast.media.fact.age")
            .description("From a room fact's occurredAt to the edge applying it").publishPercentileHistogram()
            .register(registry);
        loopLag = Timer.builder("roomcast.media.loop.lag")
            .description("How late a forwarding thread ran a task scheduled on it (a stall of its event loop)")
            .publishPercentiles(0.5, 0.99).register(registry);
    }

    private Counter received(String kind) {
        return Counter.builder("roomcast.media.received").tag("kind", kind)
            .description("Datagrams received by the media edge").register(registry);
    }

    private Counter bindings(String outcome) {
        return Counter.builder("roomcast.media.bindings").tag("outcome", outcome)
            .description("Binding requests accepted").register(registry);
    }

    /** Registers the bound-participants gauge. */
    public void boundParticipants(Supplier<Number> count) {
        Gauge.builder("roomcast.media.bound.participants", count).description("Participants bound to this edge")
            .register(registry);
    }

    /** Registers the gauge of revocations kept ({@code Sessions#revocations}). */
    public void tokenRevocations(Supplier<Number> count) {
        Gauge.builder("roomcast.media.token.revocations", count)
            .description("Media token revocations kept (leave, kick, ban within the longest token lifetime)")
            .register(registry);
    }

    /** Registers the relayed-rooms gauge. */
    public void relayUplinks(Supplier<Number> count) {
        Gauge.builder("roomcast.media.relay.uplinks", count).description("Rooms this edge relays from their origin")
            .register(registry);
    }

    /** One sample of a forwarding thread's lateness, ns (0 when on time). */
    public void loopLag(long lateNanos) {
        loopLag.record(lateNanos, TimeUnit.NANOSECONDS);
    }

    public void receivedRelay() {
        relay.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public void receivedRtp() {
        rtp.increment();
    }

    public void receivedRtcp() {
        rtcp.increment();
    }

    public void receivedStun() {
        stun.increment();
    }

    public void forwarded(int packets) {
        forwarded.increment(packets);
    }

    public void bound(boolean wasRefresh) {
        (wasRefresh ? refreshed : bound).increment();
    }

    /** A refused binding request; {@code reason} is a short phrase from a finite set (e.g. "token expired"). */
    public void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder("roomcast.media.bindings.refused")
            .tag("reason", r.replace(' ', '_')).description("Binding requests refused, by reason")
            .register(registry)).increment();
    }

    /**
     * A WebRTC session event: {@code whip_created}, {@code whep_created}, {@code handshake_ok},
     * {@code handshake_failed}, or a WHIP/WHEP refusal ({@code refused_<reason>}); a finite set.
     */
    public void webrtc(String event) {
        webrtc.computeIfAbsent(event, e -> Counter.builder("roomcast.media.webrtc").tag("event", e.replace(' ', '_'))
            .description("WebRTC sessions: offers answered and refused, DTLS handshakes").register(registry))
            .increment();
    }

    @Override
    public void unbound(Participant<A> participant, UnbindReason reason) {
        unbound.get(reason).increment();
    }

    @Override
    public void report(Participant<A> from, int reportedSsrc, int fractionLost, long jitter) {
        this.fractionLost.record(fractionLost / 256.0);
        jitterMs.record(jitter / OPUS_CLOCK_PER_MS);
    }

    @Override
    public void applied(RoomEvent fact, long ageMs) {
        factAge.record(Duration.ofMillis(Math.max(0, ageMs)));
    }

    /** Copies forwarded so far (tests, logs). */
    public double forwardedCount() {
        return forwarded.count();
    }

    /** Binding requests refused for {@code reason} so far (tests). */
    public double refusedCount(String reason) {
        Counter counter = refused.get(reason);
        return counter == null ? 0 : counter.count();
    }

    /** Current count of drops for {@code reason} (tests, logs). */
    public double droppedCount(DropReason reason) {
        return dropped.get(reason).count();
    }
}
