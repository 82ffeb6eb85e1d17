package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AudiencesTest {
    private static SocialEdge edge(String user, SocialRelation relation, SocialTargetType type, String target) {
        return SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.EPOCH).setUserId(user)
            .setRelation(relation).setTargetType(type).setTargetId(target).setActive(true).build();
    }

    @Test
    void followersOfUsersMembersAndFollowersOfClubsAndRemindersOfRoomsMakeAudiences() {
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.FOLLOWS, SocialTargetType.USER, "h"))).isEqualTo("USER:h");
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.FOLLOWS, SocialTargetType.CLUB, "c"))).isEqualTo("CLUB:c");
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.MEMBER, SocialTargetType.CLUB, "c"))).isEqualTo("CLUB:c");
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.BLOCKS, SocialTargetType.USER, "h"))).isNull();
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.FOLLOWS, SocialTargetType.TOPIC, "jazz"))).isNull();
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.CLUB_ADMIN, SocialTargetType.CLUB, "c"))).isNull();
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.REMINDS, SocialTargetType.ROOM, "r"))).isEqualTo("ROOM:r");
        assertThat(Audiences.audienceOf(edge("a", SocialRelation.HIDES, SocialTargetType.ROOM, "r"))).isNull();
    }

    @Test
    void memberKeysScanByAudienceAndNameTheirMember() {
        String key = Audiences.memberKey("USER:h", "ann", SocialRelation.FOLLOWS);
        assertThat(key).startsWith(Audiences.prefix("USER:h")).isEqualTo("USER:h|ann|FOLLOWS");
        assertThat(Audiences.memberOf(key)).isEqualTo("ann");
        assertThat(Audiences.memberKey("USER:ho", "x", SocialRelation.FOLLOWS)).doesNotStartWith(Audiences.prefix("USER:h"));
    }

    @Test
    void theActorIsNotToldOfTheirOwnRoomAndMemberOnlyAudiencesSkipFollowers() {
        NotifyWork audience = NotifyWork.newBuilder().setStep(NotifyStep.AUDIENCE)
            .setKind(NotificationKind.CLUB_ROOM_STARTED).setRoomId("r").setActorId("host").setOccurredAt(0).build();
        assertThat(Audiences.candidate(audience, "CLUB:c|host|MEMBER")).isNull();
        NotifyWork candidate = Audiences.candidate(audience, "CLUB:c|ann|FOLLOWS");
        assertThat(candidate.getStep()).isEqualTo(NotifyStep.CANDIDATE);
        assertThat(candidate.getKind()).isEqualTo(NotificationKind.CLUB_ROOM_STARTED);
        audience.setRelation(SocialRelation.MEMBER);
        assertThat(Audiences.candidate(audience, "CLUB:c|ann|FOLLOWS")).isNull();
        assertThat(Audiences.candidate(audience, "CLUB:c|ann|MEMBER")).isNotNull();
    }
}
