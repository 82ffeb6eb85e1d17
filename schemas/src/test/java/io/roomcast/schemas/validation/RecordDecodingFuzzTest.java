package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomcast.events.DeadLetter;
import io.roomcast.schemas.DeadLetters;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Coverage-guided fuzzing of what consumers do with a record a producer wrote (Jazzer): the bounded
 * Avro decoding of {@code room-commands} and {@code room-events} values in the Confluent wire format,
 * and, for what is refused, the dead letter written in its place. Decoding never throws: a value is
 * decoded and valid, or refused with a reason; every refusal gives a dead letter that encodes.
 */
class RecordDecodingFuzzTest {
    private static final int COMMAND_ID = 1;
    private static final int EVENT_ID = 2;
    private static final WriterSchemas REGISTRY = (subject, id) -> {
        if (subject.equals(Topics.ROOM_COMMANDS.valueSubject()) && id == COMMAND_ID) {
            return Topics.ROOM_COMMANDS.valueSchema();
        }
        return subject.equals(Topics.ROOM_EVENTS.valueSubject()) && id == EVENT_ID ? Topics.ROOM_EVENTS.valueSchema() : null;
    };
    private static final GuardedDecoder<?> COMMANDS = new GuardedDecoder<>(Topics.ROOM_COMMANDS, REGISTRY, RecordValidator.DEFAULT);
    private static final GuardedDecoder<?> EVENTS = new GuardedDecoder<>(Topics.ROOM_EVENTS, REGISTRY, RecordValidator.DEFAULT);

    @FuzzTest(maxDuration = "20s")
    void anyValueIsDecodedOrDeadLetteredWithAReason(FuzzedDataProvider data) {
        boolean commands = data.consumeBoolean();
        Topic<?, ?> topic = commands ? Topics.ROOM_COMMANDS : Topics.ROOM_EVENTS;
        byte[] value = data.consumeBoolean() ? data.consumeRemainingAsBytes() : wire(data.consumeInt(0, 3), data);
        GuardedDecoder.Result<?> result = (commands ? COMMANDS : EVENTS).decode(value);
        if (result.ok()) {
            assertThat(result.value()).isNotNull();
            return;
        }
        assertThat(result.rejection().text()).isNotBlank();
        DeadLetter letter = DeadLetters.of(topic.name(), 0, 42, -1, null, value, "fuzz", result.rejection().text(),
            result.error(), Instant.EPOCH);
        try {
            assertThat(letter.toByteBuffer().remaining()).isPositive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Confluent header with one of the known ids (or an unknown one), then the fuzzer's Avro bytes. */
    private static byte[] wire(int id, FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        byte[] value = new byte[GuardedDecoder.HEADER_BYTES + body.length];
        value[4] = (byte) id;
        System.arraycopy(body, 0, value, GuardedDecoder.HEADER_BYTES, body.length);
        return value;
    }
}
