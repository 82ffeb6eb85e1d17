package io.roomcast.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.EndReason;
import io.roomcast.events.RoomEvent;
import io.roomcast.gateway.fanout.Fact;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which facts end a user's (or everyone's) subscription to a room (docs/protocol.md, "Subscriptions"). */
class FactDecoderTest {

    private static RoomEvent event(Object fact) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.EPOCH).setRoomId("r1")
            .setUserId("mod").setNonce("n").setRoomVersion(4L).setFact(fact).build();
    }

    @Test
    void aDeniedOrWithdrawnJoinRequestEndsTheRequestersSubscriptionAndAnApprovedOneDoesNot() {
        assertThat(FactDecoder.membership(event(new JoinRequestClosed("ann", JoinRequestCloseReason.DENIED))))
            .isEqualTo(new Fact.Membership.Left("ann"));
        assertThat(FactDecoder.membership(event(new JoinRequestClosed("ann", JoinRequestCloseReason.WITHDRAWN))))
            .isEqualTo(new Fact.Membership.Left("ann"));
        assertThat(FactDecoder.membership(event(new JoinRequestClosed("ann", JoinRequestCloseReason.APPROVED)))).isNull();
        assertThat(FactDecoder.membership(event(new JoinRequested("ann", Instant.EPOCH)))).isNull();
    }

    @Test
    void participantsLeaveOneByOneAndTheRoomsEndRemovesEveryone() {
        assertThat(FactDecoder.membership(event(new ParticipantLeft("bob", LeaveReason.KICKED))))
            .isEqualTo(new Fact.Membership.Left("bob"));
        assertThat(FactDecoder.membership(event(new ParticipantLeft("bob", LeaveReason.ROOM_ENDED)))).isNull();
        assertThat(FactDecoder.membership(event(new RoomEnded(EndReason.BY_MODERATOR))))
            .isEqualTo(new Fact.Membership.Ended());
        assertThat(FactDecoder.membership(event(new ParticipantJoined("bob", Role.LISTENER)))).isNull();
    }
}
