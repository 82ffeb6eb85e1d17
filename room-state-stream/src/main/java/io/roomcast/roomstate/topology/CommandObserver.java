package io.roomcast.roomstate.topology;

import io.roomcast.schemas.streams.RefusalObserver;
import java.time.Duration;

/** Told about every command handled and every record refused, for metrics. */
@FunctionalInterface
public interface CommandObserver extends RefusalObserver {
    CommandObserver NONE = (type, outcome, latency) -> { };

    /**
     * @param commandType the command's record name, e.g. {@code JoinRoom}
     * @param outcome     {@code applied}, {@code duplicate}, or the rejection reason in lower case
     * @param latency     from the command's occurredAt (gateway time) to its decision
     */
    void handled(String commandType, String outcome, Duration latency);

    /**
     * A record refused: dead-lettered to {@code <topic>-dlq}, or skipped where no dead letter can be
     * written (the global social-graph store).
     *
     * @param sourceTopic the topic it came from
     * @param reasonCode  {@link io.roomcast.schemas.validation.Reason#code()}
     */
    @Override
    default void refused(String sourceTopic, String reasonCode) { }
}
