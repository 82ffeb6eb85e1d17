package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Visibility;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HallwayPrivacyTest {

    private record RoomFacts(String roomId, Visibility visibility, String clubId, String hostId, Set<String> bans,
                             Set<String> invites) implements HallwayPrivacy.RoomFacts {
        RoomFacts(String roomId, Visibility visibility, String clubId, String hostId) {
            this(roomId, visibility, clubId, hostId, Set.of(), Set.of());
        }

        @Override
        public boolean banned(String userId) {
            return bans.contains(userId);
        }

        @Override
        public boolean invited(String userId) {
            return invites.contains(userId);
        }
    }

    private record ViewerFacts(String userId, Set<String> clubs, Set<String> blocked, Set<String> hidden,
                               Set<String> followers) implements HallwayPrivacy.ViewerFacts {
        @Override
        public boolean memberOf(String clubId) {
            return clubs.contains(clubId);
        }

        @Override
        public boolean blockedWith(String userId) {
            return blocked.contains(userId);
        }

        @Override
        public boolean hid(String roomId) {
            return hidden.contains(roomId);
        }

        @Override
        public boolean followedBy(String userId) {
            return followers.contains(userId);
        }
    }

    private static final ViewerFacts ANN = new ViewerFacts("ann", Set.of("club-7"), Set.of("troll"), Set.of("r-hidden"),
        Set.of("friend"));

    @Test
    void aPublicRoomAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.PUBLIC, null, "host"), ANN)).isTrue();
    }

    @Test
    void aPrivateRoomNeverAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.PRIVATE, null, "host"), ANN)).isFalse();
    }

    @Test
    void aClubRoomAppearsOnlyToTheClubsMembers() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.CLUB, "club-7", "host"), ANN)).isTrue();
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.CLUB, "club-9", "host"), ANN)).isFalse();
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.CLUB, null, "host"), ANN)).isFalse();
    }

    @Test
    void aRoomHostedBySomeoneBlockedEitherWayNeverAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.PUBLIC, null, "troll"), ANN)).isFalse();
    }

    @Test
    void aHiddenRoomNeverAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-hidden", Visibility.PUBLIC, null, "host"), ANN)).isFalse();
    }

    @Test
    void aSocialRoomAppearsOnlyToItsHostTheUsersTheHostFollowsAndItsInvitees() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.SOCIAL, null, "friend"), ANN)).isTrue();
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.SOCIAL, null, "ann"), ANN)).isTrue();
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.SOCIAL, null, "stranger"), ANN)).isFalse();
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.SOCIAL, null, "stranger", Set.of(),
            Set.of("ann")), ANN)).isTrue();
    }

    @Test
    void aRoomThatBannedTheViewerNeverAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", Visibility.PUBLIC, null, "host", Set.of("ann"),
            Set.of()), ANN)).isFalse();
    }

    @Test
    void aRoomOfUnknownVisibilityNeverAppears() {
        assertThat(HallwayPrivacy.mayAppear(new RoomFacts("r-1", null, null, "friend"), ANN)).isFalse();
    }
}
