package io.roomcast.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.schemas.Topic;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SearchIndexingTest {
    @Test
    void everyTopicTheIndexerReadsWritesIntoExactlyOneIndexAndARebuildReadsOnlyItsOwn() {
        for (Topic<String, ?> topic : SearchIndexing.allTopics()) {
            assertThat(Arrays.stream(SearchIndex.values()).filter(i -> SearchIndexing.topicsWritingTo(i).contains(topic)))
                    .as(topic.name()).hasSize(1);
        }
        for (SearchIndex index : SearchIndex.values()) {
            assertThat(SearchIndexing.allTopics()).containsAll(SearchIndexing.topicsWritingTo(index));
            assertThat(SearchIndexing.topicsWritingTo(index)).as(index.alias()).containsAll(SearchIndexing.topicsOf(index));
        }
    }
}
