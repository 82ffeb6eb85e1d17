package io.roomcast.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchIndexTest {
    private static final SearchIndex ROOMS = SearchIndex.ROOMS;

    @Test
    void concreteNamesCarryTheMappingVersionAndTheGeneration() {
        String name = ROOMS.indexName(3);
        assertThat(name).isEqualTo("rooms-v" + ROOMS.mappingVersion() + "-3");
        assertThat(ROOMS.generationOf(name)).isEqualTo(3);
        assertThat(ROOMS.mappingVersionOf(name)).isEqualTo(ROOMS.mappingVersion());
        assertThatThrownBy(() -> ROOMS.indexName(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIndexOfAnOlderMappingVersionIsOutdatedAndHasNoGenerationOfTheCurrentOne() {
        assertThat(ROOMS.mappingVersion()).as("rooms v2 added language").isGreaterThanOrEqualTo(2);
        assertThat(ROOMS.mappingVersionOf("rooms-v1-4")).isEqualTo(1);
        assertThat(ROOMS.outdated("rooms-v1-4")).isTrue();
        assertThat(ROOMS.generationOf("rooms-v1-4")).isZero();
        assertThat(ROOMS.outdated(ROOMS.indexName(1))).isFalse();
    }

    @Test
    void aNewerVersionOrAnotherNameIsNeverOutdated() {
        assertThat(ROOMS.outdated("rooms-v" + (ROOMS.mappingVersion() + 1) + "-1")).as("a rollback keeps the index").isFalse();
        for (String other : new String[] {"rooms", "rooms-v1", "rooms-v1-", "rooms-vx-1", "rooms-v0-1", "rooms-v1-0",
                "rooms-v1--2", "users-v1-1", "my-rooms", ""}) {
            assertThat(ROOMS.mappingVersionOf(other)).as(other).isZero();
            assertThat(ROOMS.outdated(other)).as(other).isFalse();
            assertThat(ROOMS.generationOf(other)).as(other).isZero();
        }
        assertThat(ROOMS.outdated(null)).isFalse();
    }
}
