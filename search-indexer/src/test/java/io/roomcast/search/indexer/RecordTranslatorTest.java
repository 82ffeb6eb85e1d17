package io.roomcast.search.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.events.UserProfile;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.RegistryUnavailableException;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.testkit.SearchFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A schema registry that does not answer stalls the indexer on the record; it never drops or dead-letters it. */
class RecordTranslatorTest {
    private static final int SCHEMA_ID = 7;

    @Test
    void aRecordWhoseSchemaTheRegistryCannotYetSayIsDecodedOnceItAnswers() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        WriterSchemas flaky = (subject, id) -> {
            if (lookups.incrementAndGet() <= 2) {
                throw new RegistryUnavailableException("registry down", null);
            }
            return id == SCHEMA_ID ? UserProfile.getClassSchema() : null;
        };
        // deadLetters null: a dead letter here would fail the test with a NullPointerException
        RecordTranslator translator = new RecordTranslator(flaky, null, new SimpleMeterRegistry());

        List<SourcedWrite> writes = translator.translate(records(), () -> true);

        assertThat(writes).hasSize(1);
        assertThat(writes.getFirst().write().id()).isEqualTo("u1");
        assertThat(lookups).hasValue(3);
    }

    @Test
    void whenTheIndexerClosesWhileTheRegistryIsDownTheRecordIsLeftForTheNextRead() {
        WriterSchemas down = (subject, id) -> {
            throw new RegistryUnavailableException("registry down", null);
        };
        RecordTranslator translator = new RecordTranslator(down, null, new SimpleMeterRegistry());

        assertThatThrownBy(() -> translator.translate(records(), () -> false))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    private static ConsumerRecords<String, byte[]> records() throws IOException {
        UserProfile profile = SearchFixtures.user("u1", 1, "ada", "Ada", "bio");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, SCHEMA_ID});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(UserProfile.class).write(profile, encoder);
        encoder.flush();
        String topic = Topics.USER_PROFILES.name();
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0),
                List.of(new ConsumerRecord<>(topic, 0, 0, "u1", out.toByteArray()))), Map.of());
    }
}
