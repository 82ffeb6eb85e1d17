package io.roomcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeTopicTableTest {

    @Test
    void readmeShowsTheCatalogsTopicTable() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme)
            .as("README.md's topic table differs from the catalog: replace it with TopicTable's output")
            .contains(TopicTable.markdown());
    }
}
