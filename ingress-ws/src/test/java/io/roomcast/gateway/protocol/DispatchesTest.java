package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.CommandOutcome;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.EndReason;
import io.roomcast.events.HandLowerReason;
import io.roomcast.events.HandLowered;
import io.roomcast.events.HandRaised;
import io.roomcast.events.HandRequest;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomInviteSent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.RoomUpdated;
import io.roomcast.events.SpeakerInviteDeclined;
import io.roomcast.events.SpeakerInvited;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.Visibility;
import io.roomcast.gateway.protocol.Dispatches.Audience;
import io.roomcast.gateway.protocol.Dispatches.Routed;
import io.roomcast.gateway.protocol.ServerFrame.CommandResult;
import io.roomcast.gateway.protocol.ServerFrame.Dispatch;
import io.roomcast.gateway.protocol.ServerFrame.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DispatchesTest {
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
    private final ObjectMapper json = new ObjectMapper();

    static RoomDetails details() {
        return new RoomDetails("Jazz night", "jazz", Visibility.PUBLIC, null, new RoomSettings(true, null, 20, false), null);
    }

    /** The fact -> frame table: one sample of every room fact, its event type, and its data as JSON. */
    static Stream<Arguments> factTable() {
        return Stream.of(
            Arguments.of(new RoomCreated(details(), RoomLifecycle.LIVE, null), "room_created", """
                {"details":{"title":"Jazz night","topic":"jazz","visibility":"public","club_id":null,
                 "settings":{"hand_raises_enabled":true,"capacity":null,"speaker_limit":20,"approval_required":false},"language":null},
                 "lifecycle":"live","starts_at":null}"""),
            Arguments.of(new RoomStarted(), "room_started", "{}"),
            Arguments.of(new RoomUpdated("New", null, null, null, false), "room_updated",
                "{\"title\":\"New\",\"topic\":null,\"settings\":null,\"language\":null,\"language_cleared\":false}"),
            Arguments.of(new RoomUpdated(null, null, null, "pt-BR", false), "room_updated",
                "{\"title\":null,\"topic\":null,\"settings\":null,\"language\":\"pt-BR\",\"language_cleared\":false}"),
            Arguments.of(new RoomEnded(EndReason.BY_MODERATOR), "room_ended", "{\"reason\":\"by_moderator\"}"),
            Arguments.of(new ParticipantJoined("bob", Role.LISTENER), "participant_joined",
                "{\"participant_id\":\"bob\",\"role\":\"listener\"}"),
            Arguments.of(new ParticipantLeft("bob", LeaveReason.SWITCHED_ROOM), "participant_left",
                "{\"participant_id\":\"bob\",\"reason\":\"switched_room\"}"),
            Arguments.of(new HandRaised("bob", T0), "hand_raised",
                "{\"participant_id\":\"bob\",\"requested_at\":1700000000000}"),
            Arguments.of(new HandLowered("bob", HandLowerReason.ACCEPTED), "hand_lowered",
                "{\"participant_id\":\"bob\",\"reason\":\"accepted\"}"),
            Arguments.of(new SpeakerInvited("bob"), "speaker_invited", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new SpeakerInviteDeclined("bob"), "speaker_invite_declined", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new RoomInviteSent("bob"), "room_invite_sent", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new RoleChanged("bob", Role.INVITED_SPEAKER, Role.SPEAKER), "role_changed",
                "{\"participant_id\":\"bob\",\"from\":\"invited_speaker\",\"to\":\"speaker\"}"),
            Arguments.of(new ParticipantMuted("bob"), "participant_muted", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new ParticipantUnmuted("bob"), "participant_unmuted", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new ParticipantKicked("bob"), "participant_kicked", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new ParticipantBanned("bob"), "participant_banned", "{\"participant_id\":\"bob\"}"),
            Arguments.of(new SpeakingChanged("bob", true, 30), "speaking_changed",
                "{\"participant_id\":\"bob\",\"speaking\":true,\"audio_level\":30}"),
            Arguments.of(new JoinRequested("bob", T0), "join_requested",
                "{\"participant_id\":\"bob\",\"requested_at\":1700000000000}"),
            Arguments.of(new JoinRequestClosed("bob", JoinRequestCloseReason.DENIED), "join_request_closed",
                "{\"participant_id\":\"bob\",\"reason\":\"denied\"}"));
    }

    static RoomEvent event(Object fact, String userId, String nonce, Long version) {
        return RoomEvent.newBuilder().setEventId(EVENT).setOccurredAt(T0).setRoomId("r1").setUserId(userId)
            .setNonce(nonce).setCommandId(null).setRoomVersion(version).setFact(fact).build();
    }

    @ParameterizedTest
    @MethodSource("factTable")
    void everyRoomFactIsADispatchToTheRoom(SpecificRecord fact, String type, String data) throws Exception {
        Routed routed = Dispatches.route(event(fact, "alice", "n1", 7L), 3, 1041).orElseThrow();

        assertThat(routed.audience()).isEqualTo(new Audience.Room("r1"));
        assertThat(routed.frame()).isEqualTo(new Dispatch(type, "r1", 1041, 3, 7L, EVENT.toString(), T0, "alice", "n1",
            json.readTree(data)));
        assertThat(Dispatches.EVENT_TYPES).containsEntry(fact.getClass(), type);
    }

    @Test
    void theTableCoversEveryFactOfTheUnion() {
        List<String> union = RoomEvent.getClassSchema().getField("fact").schema().getTypes().stream()
            .map(Schema::getName).toList();
        List<String> mapped = Dispatches.EVENT_TYPES.keySet().stream().map(Class::getSimpleName).toList();
        List<String> answers = List.of("CommandRejected", "CommandDuplicate");

        assertThat(union).containsAll(mapped).containsAll(answers);
        assertThat(mapped).hasSize(union.size() - answers.size()).doesNotContainAnyElementsOf(answers);
        assertThat(factTable().map(a -> a.get()[0].getClass()).collect(Collectors.toSet()))
            .isEqualTo(Dispatches.EVENT_TYPES.keySet());
        // type names are the record names in lower snake case
        Dispatches.EVENT_TYPES.forEach((k, v) -> assertThat(AvroJson.snake(k.getSimpleName())).isEqualTo(v));
    }

    @Test
    void systemFactsHaveNoActorNonceOrVersion() {
        Dispatch d = Dispatches.dispatch(event(new SpeakingChanged("bob", false, null), null, null, null), 0, 5);
        assertThat(d.actor()).isNull();
        assertThat(d.nonce()).isNull();
        assertThat(d.version()).isNull();
        assertThat(d.data().get("audio_level").isNull()).isTrue();
    }

    @Test
    void rejectionIsACommandResultForTheSenderOnly() {
        RoomEvent e = event(new CommandRejected("JoinRoom", RejectionReason.ROOM_FULL, "the room is full", "s-9"),
            "alice", "n1", 7L);

        Routed routed = Dispatches.route(e, 3, 1042).orElseThrow();

        assertThat(routed.audience()).isEqualTo(new Audience.Sender("alice", "s-9", "n1"));
        assertThat(routed.frame()).isEqualTo(new CommandResult("n1", "r1", "join", Outcome.REJECTED, "room_full", null,
            "the room is full"));
    }

    @Test
    void everyRejectionReasonIsLowerSnakeCase() {
        for (RejectionReason reason : RejectionReason.values()) {
            RoomEvent e = event(new CommandRejected("Kick", reason, "m", null), "alice", "n1", 7L);
            CommandResult r = (CommandResult) Dispatches.route(e, 0, 1).orElseThrow().frame();
            assertThat(r.reason()).matches("[a-z]+(_[a-z]+)*").isEqualTo(reason.name().toLowerCase());
            assertThat(r.command()).isEqualTo("kick");
        }
    }

    @Test
    void duplicateCarriesTheOriginalOutcome() {
        Routed applied = Dispatches.route(event(new CommandDuplicate("RaiseHand", CommandOutcome.APPLIED, null, "s-9"),
            "alice", "n1", 7L), 3, 1043).orElseThrow();
        Routed rejected = Dispatches.route(event(new CommandDuplicate("JoinRoom", CommandOutcome.REJECTED,
            RejectionReason.BANNED, null), "alice", "n2", 7L), 3, 1044).orElseThrow();

        assertThat(applied.frame()).isEqualTo(new CommandResult("n1", "r1", "raise_hand", Outcome.DUPLICATE, null,
            Outcome.APPLIED, null));
        assertThat(applied.audience()).isEqualTo(new Audience.Sender("alice", "s-9", "n1"));
        assertThat(rejected.frame()).isEqualTo(new CommandResult("n2", "r1", "join", Outcome.DUPLICATE, "banned",
            Outcome.REJECTED, null));
        assertThat(rejected.audience()).isEqualTo(new Audience.Sender("alice", null, "n2"));
    }

    @Test
    void anAnswerToASystemCommandGoesNowhere() {
        RoomEvent e = event(new CommandRejected("LeaveRoom", RejectionReason.NOT_IN_ROOM, "m", null), null, null, 7L);
        assertThat(Dispatches.route(e, 0, 1)).isEmpty();
    }

    @Test
    void aCommandAnswerIsNoDispatch() {
        RoomEvent e = event(new CommandRejected("JoinRoom", RejectionReason.BANNED, "m", null), "a", "n", 1L);
        assertThatThrownBy(() -> Dispatches.dispatch(e, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static RoomSnapshot sampleSnapshot() {
        return RoomSnapshot.newBuilder().setEventId(EVENT).setOccurredAt(T0).setRoomId("r1").setUserId("alice")
            .setNonce("n1").setVersion(7L).setDetails(details()).setLifecycle(RoomLifecycle.LIVE).setCreatedBy("alice")
            .setCreatedAt(T0).setStartsAt(null).setStartedAt(T0).setLastActivityAt(T0.plusSeconds(1))
            .setParticipants(List.of(new Participant("alice", Role.MODERATOR, false, T0, T0),
                new Participant("bob", Role.LISTENER, false, T0.plusSeconds(1), null)))
            .setHandQueue(List.of(new HandRequest("bob", T0.plusSeconds(1))))
            .setInvitedUserIds(List.of("carol")).setBannedUserIds(List.of("mallory"))
            .setJoinRequests(List.of(new JoinRequest("cid", T0.plusSeconds(1))))
            .build();
    }

    @Test
    void snapshotCarriesRoomStateButNotModerationLists() throws Exception {
        RoomSnapshot s = sampleSnapshot();

        ServerFrame.Snapshot snap = Dispatches.snapshot(s, false);

        assertThat(snap.room()).isEqualTo("r1");
        assertThat(snap.version()).isEqualTo(7L);
        assertThat(snap.fresh()).isFalse();
        JsonNode expected = json.readTree("""
            {"details":{"title":"Jazz night","topic":"jazz","visibility":"public","club_id":null,
              "settings":{"hand_raises_enabled":true,"capacity":null,"speaker_limit":20,"approval_required":false},"language":null},
             "lifecycle":"live","created_by":"alice","created_at":1700000000000,"starts_at":null,
             "started_at":1700000000000,"last_activity_at":1700000001000,
             "participants":[
               {"user_id":"alice","role":"moderator","muted":false,"joined_at":1700000000000,
                "speaker_since":1700000000000},
               {"user_id":"bob","role":"listener","muted":false,"joined_at":1700000001000,"speaker_since":null}],
             "hand_queue":[{"user_id":"bob","requested_at":1700000001000}],
             "join_requests":[{"user_id":"cid","requested_at":1700000001000}]}""");
        assertThat(snap.data()).isEqualTo(expected);
        assertThat(Dispatches.snapshot(s, true).fresh()).isTrue();
    }

    @Test
    void aDispatchEncodesTheSameForEverySession() {
        FrameCodec codec = new FrameCodec(ProtocolSettings.defaults());
        RoomEvent e = event(new ParticipantJoined("bob", Role.LISTENER), "bob", "n1", 8L);
        String once = codec.encode(Dispatches.route(e, 2, 99).orElseThrow().frame());
        String again = codec.encode(Dispatches.route(e, 2, 99).orElseThrow().frame());
        assertThat(once).isEqualTo(again);
    }
}
