package io.roomcast.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's schema evolution check: every value schema must be BACKWARD compatible with its
 * latest released version in {@code src/main/released}. A failing test here fails {@code ./mvnw verify}.
 */
class ReleasedSchemasTest {

    private final ReleasedSchemas released = new ReleasedSchemas(ReleasedSchemas.DEFAULT_DIR);

    @TestFactory
    List<DynamicTest> everyCurrentSchemaIsBackwardCompatibleWithItsLatestRelease() {
        return Topics.all().stream()
                .map(topic -> DynamicTest.dynamicTest(topic.valueSubject(), () -> {
                    Schema latest = released.latest(topic.valueSubject())
                            .orElseThrow(() -> new AssertionError(topic.valueSubject()
                                    + " has no released version: run the release command in ReleasedSchemas' docs"));
                    assertThat(BackwardCompatibility.problems(latest, topic.valueSchema()))
                            .as("%s is not BACKWARD compatible with its latest release", topic.valueSubject())
                            .isEmpty();
                }))
                .toList();
    }

    @Test
    void releasingWritesANewVersionOnlyWhenTheSchemaChanged(@TempDir Path dir) throws Exception {
        ReleasedSchemas fresh = new ReleasedSchemas(dir);
        Topic<?, ?> topic = Topics.ROOM_EVENTS;

        Path first = fresh.release(topic).orElseThrow();

        assertThat(first).isEqualTo(dir.resolve("room-events-value/v1.avsc"));
        assertThat(fresh.release(topic)).isEmpty();
        assertThat(fresh.latest(topic.valueSubject())).contains(topic.valueSchema());

        Files.writeString(first, Files.readString(first).replace("\"doc\" : \"The room (also the record key).\"",
                "\"doc\" : \"An older description.\""));
        assertThat(fresh.release(topic)).contains(dir.resolve("room-events-value/v2.avsc"));
    }
}
