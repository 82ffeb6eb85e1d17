package io.roomcast.schemas.streams;

/** Told about every input record a Streams service refuses, for metrics. */
@FunctionalInterface
public interface RefusalObserver {
    RefusalObserver NONE = (sourceTopic, reasonCode) -> { };

    /**
     * A record refused: dead-lettered to {@code <topic>-dlq}, or skipped where no dead letter can be
     * written (a global store).
     *
     * @param sourceTopic the topic it came from ({@code punctuation} for a punctuator's exception)
     * @param reasonCode  {@link io.roomcast.schemas.validation.Reason#code()}
     */
    void refused(String sourceTopic, String reasonCode);
}
