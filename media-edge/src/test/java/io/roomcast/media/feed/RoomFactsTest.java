package io.roomcast.media.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.HandRaised;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.EndReason;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.media.session.RoomAuthority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomFactsTest {
    private final List<String> calls = new ArrayList<>();
    private final RoomAuthority authority = new RoomAuthority() {
        public void speakerAdded(String room, String user) { calls.add("speak " + user); }
        public void speakerRemoved(String room, String user) { calls.add("stop " + user); }
        public void muted(String room, String user) { calls.add("mute " + user); }
        public void unmuted(String room, String user) { calls.add("unmute " + user); }
        public void participantLeft(String room, String user) { calls.add("left " + user); }
        public void tokensRevoked(String room, String user, long atEpochMs, long nowEpochMs) {
            calls.add("revoke " + user + " at " + atEpochMs);
        }
        public void roomEnded(String room) { calls.add("end " + room); }
    };

    private static final Instant AT = Instant.parse("2025-06-01T12:00:00.250Z");

    private static RoomEvent event(Object fact) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(AT).setRoomId("r").setFact(fact)
            .build();
    }

    private void apply(Object fact) {
        RoomFacts.apply(event(fact), AT.toEpochMilli(), authority);
    }

    @Test
    void factsThatChangeWhoIsHeardBecomeCalls() {
        apply(new ParticipantJoined("host", Role.MODERATOR));
        apply(new ParticipantJoined("lis", Role.LISTENER));
        apply(new HandRaised("lis", Instant.now()));
        apply(new RoleChanged("lis", Role.LISTENER, Role.SPEAKER));
        apply(new ParticipantMuted("lis"));
        apply(new ParticipantUnmuted("lis"));
        apply(new RoleChanged("lis", Role.SPEAKER, Role.LISTENER));
        apply(new ParticipantKicked("lis"));
        apply(new ParticipantLeft("lis", LeaveReason.KICKED));
        apply(new RoomEnded(EndReason.BY_MODERATOR));

        long at = AT.toEpochMilli();
        assertThat(calls).containsExactly("speak host", "speak lis", "mute lis", "unmute lis", "stop lis",
            "revoke lis at " + at, "left lis", "revoke lis at " + at, "left lis", "end r");
    }

    @Test
    void aLeaveKickOrBanRevokesTheUsersTokensUntilTheFactsTimeAndNothingElseDoes() {
        long at = AT.toEpochMilli();
        for (Object fact : List.of(new ParticipantLeft("ann", LeaveReason.LEFT), new ParticipantKicked("bob"),
                new io.roomcast.events.ParticipantBanned("cid"), new ParticipantJoined("dee", Role.LISTENER),
                new RoleChanged("eve", Role.SPEAKER, Role.LISTENER), new RoomEnded(EndReason.BY_MODERATOR))) {
            RoomFacts.revoke(event(fact), at + 5, authority);
        }

        assertThat(calls).containsExactly("revoke ann at " + at, "revoke bob at " + at, "revoke cid at " + at);
    }

    @Test
    void aSnapshotGivesTheRoomsSpeakersAndMutesAndATombstoneEndsIt() {
        RoomSnapshot snapshot = new RoomSnapshot();
        snapshot.setParticipants(List.of(new Participant("host", Role.MODERATOR, false, Instant.now(), null),
            new Participant("sp", Role.SPEAKER, true, Instant.now(), null),
            new Participant("lis", Role.LISTENER, false, Instant.now(), null)));

        RoomFacts.apply("r", snapshot, authority);
        RoomFacts.apply("r", null, authority);

        assertThat(calls).containsExactly("speak host", "speak sp", "mute sp", "end r");
    }
}
