package io.roomcast.roomstate.topology;

import java.time.Duration;

/** Told about every command handled, for metrics (commands by type and outcome, latency). */
@FunctionalInterface
public interface CommandObserver {
    CommandObserver NONE = (type, outcome, latency) -> { };

    /**
     * @param commandType the command's record name, e.g. {@code JoinRoom}
     * @param outcome     {@code applied}, {@code duplicate}, or the rejection reason in lower case
     * @param latency     from the command's occurredAt (gateway time) to its decision
     */
    void handled(String commandType, String outcome, Duration latency);
}
