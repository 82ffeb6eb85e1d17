package io.roomcast.search;

import static io.roomcast.testkit.SearchFixtures.publicRoom;
import static io.roomcast.testkit.SearchFixtures.room;
import static io.roomcast.testkit.SearchFixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomDocumentsTest {
    private final RoomDocuments rooms = new RoomDocuments();

    @Test
    void aPublicRoomIsIndexedWithItsTitleTopicCategoryAndSpeakers() {
        IndexWrite write = rooms.onSnapshot(room("r1", 3, "Late night jazz", "music.jazz", Visibility.PUBLIC, null,
                "host", List.of(), List.of("l1", "l2"))).orElseThrow();
        assertThat(write.index()).isEqualTo(SearchIndex.ROOMS);
        assertThat(write.version()).isEqualTo(3L << 32);
        assertThat(write.document())
                .containsEntry(SearchFields.TITLE, "Late night jazz")
                .containsEntry(SearchFields.TOPIC, "music.jazz")
                .containsEntry(SearchFields.TOPIC_TEXT, "music jazz")
                .containsEntry(SearchFields.CATEGORY, "music")
                .containsEntry(SearchFields.LIFECYCLE, "LIVE")
                .containsEntry(SearchFields.SPEAKERS, List.of("host"))
                .containsEntry(SearchFields.LISTENERS, 2)
                .doesNotContainKey(SearchFields.AUDIENCE)
                .doesNotContainKey(SearchFields.LANGUAGE);
    }

    @Test
    void aRoomsLanguageIsIndexedAsGiven() {
        var snapshot = room("r2", 1, "Samba", "music.samba", Visibility.PUBLIC, null, "host", List.of(), List.of());
        snapshot.getDetails().setLanguage("pt-BR");
        assertThat(rooms.onSnapshot(snapshot).orElseThrow().document()).containsEntry(SearchFields.LANGUAGE, "pt-BR");
    }

    @Test
    void aPrivateRoomIsNeverIndexedAndItsStatsAreDropped() {
        IndexWrite write = rooms.onSnapshot(room("p1", 1, "Secret plans", null, Visibility.PRIVATE, null, "host",
                List.of("friend"), List.of())).orElseThrow();
        assertThat(write.isDelete()).isTrue();
        assertThat(rooms.onStats(stats("p1", 1, Visibility.PRIVATE, 5))).isEmpty();
        assertThat(rooms.liveRooms()).isZero();
    }

    @Test
    void socialAndClubRoomsCarryTheirAudience() {
        assertThat(rooms.onSnapshot(room("s1", 1, "Friends chat", null, Visibility.SOCIAL, null, "host",
                List.of("inv"), List.of())).orElseThrow().document())
                .containsEntry(SearchFields.AUDIENCE, List.of("inv", "host"))
                .containsEntry(SearchFields.VISIBILITY, "SOCIAL");
        assertThat(rooms.onSnapshot(room("c1", 1, "Club night", null, Visibility.CLUB, "club-9", "host",
                List.of(), List.of())).orElseThrow().document())
                .containsEntry(SearchFields.CLUB_ID, "club-9")
                .containsEntry(SearchFields.VISIBILITY, "CLUB");
    }

    @Test
    void statsRaiseTheVersionAndSetTheListenersOnceTheSnapshotIsKnown() {
        assertThat(rooms.onStats(stats("r1", 4, Visibility.PUBLIC, 40))).as("snapshot not seen yet").isEmpty();
        IndexWrite first = rooms.onSnapshot(publicRoom("r1", 2, "Jazz", "host")).orElseThrow();
        assertThat(first.version()).isEqualTo(RoomDocuments.versionOf(2, 4));
        assertThat(first.document()).containsEntry(SearchFields.LISTENERS, 40);
        IndexWrite more = rooms.onStats(stats("r1", 5, Visibility.PUBLIC, 41)).orElseThrow();
        assertThat(more.version()).isGreaterThan(first.version());
        assertThat(more.document()).containsEntry(SearchFields.LISTENERS, 41);
        assertThat(rooms.onStats(stats("r1", 5, Visibility.PUBLIC, 41))).as("the same stats again").isEmpty();
        IndexWrite update = rooms.onSnapshot(publicRoom("r1", 3, "Jazz and blues", "host")).orElseThrow();
        assertThat(update.version()).isGreaterThan(more.version());
    }

    @Test
    void anOlderSnapshotWritesNothing() {
        rooms.onSnapshot(publicRoom("r1", 5, "New title", "host"));
        assertThat(rooms.onSnapshot(publicRoom("r1", 4, "Old title", "host"))).isEmpty();
        assertThat(rooms.onSnapshot(publicRoom("r1", 5, "New title", "host"))).isEmpty();
    }

    @Test
    void anEndedRoomBecomesAFinalEndedDocumentAboveEveryVersion() {
        rooms.onSnapshot(publicRoom("r1", 5, "Jazz", "host"));
        IndexWrite ended = rooms.onEnded("r1", 1_000);
        assertThat(ended.version()).isEqualTo(RoomDocuments.ENDED_VERSION)
                .isGreaterThan(RoomDocuments.versionOf(RoomDocuments.MAX_SNAPSHOT_VERSION, 0xFFFF_FFFFL));
        assertThat(ended.document()).containsEntry(SearchFields.LIFECYCLE, "ENDED").containsEntry(SearchFields.ENDED_AT, 1_000L)
                .doesNotContainKey(SearchFields.TITLE);
        assertThat(rooms.liveRooms()).isZero();
        assertThat(rooms.onStats(stats("r1", 9, Visibility.PUBLIC, 3))).isEmpty();
    }

    @Test
    void versionsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> RoomDocuments.versionOf(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomDocuments.versionOf(1L << 30, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
