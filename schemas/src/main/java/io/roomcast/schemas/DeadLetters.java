package io.roomcast.schemas;

import io.roomcast.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the {@link DeadLetter} for a record a consumer could not process, so every service writes
 * the same shape to {@code <topic>-dlq} (see {@link Topics#deadLetterOf}).
 */
public final class DeadLetters {
    private DeadLetters() {}

    /**
     * @param sourceTopic     topic the record came from
     * @param partition       its partition
     * @param offset          its offset
     * @param sourceTimestamp its timestamp, epoch ms (negative if none)
     * @param key             its key bytes, or null
     * @param value           its value bytes, or null
     * @param consumer        application or group id of the consumer rejecting it
     * @param reason          why, for a person: {@code undecodable: ...} or {@code invalid: ...}
     * @param error           the exception behind it, or null
     * @param now             when it was rejected
     * @return the dead letter; its eventId is derived from topic, partition and offset, so writing the
     *     same failure twice (a retry) gives the same id
     */
    public static DeadLetter of(String sourceTopic, int partition, long offset, long sourceTimestamp, byte[] key,
                                byte[] value, String consumer, String reason, Throwable error, Instant now) {
        return DeadLetter.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes((sourceTopic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(now)
            .setSourceTopic(sourceTopic)
            .setSourcePartition(partition)
            .setSourceOffset(offset)
            .setSourceTimestamp(sourceTimestamp < 0 ? null : Instant.ofEpochMilli(sourceTimestamp))
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setConsumer(consumer)
            .setReason(reason)
            .setErrorClass(error == null ? null : error.getClass().getName())
            .build();
    }
}
