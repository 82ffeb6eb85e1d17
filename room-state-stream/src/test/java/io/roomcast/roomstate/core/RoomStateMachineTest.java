package io.roomcast.roomstate.core;

import static io.roomcast.roomstate.core.Commands.T0;
import static io.roomcast.roomstate.core.Commands.command;
import static io.roomcast.roomstate.core.Commands.details;
import static io.roomcast.roomstate.core.Commands.payloads;
import static io.roomcast.roomstate.core.Commands.publicRoom;
import static io.roomcast.roomstate.core.Commands.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.roomcast.schemas.validation.TextRules;
import io.roomcast.events.AcceptHand;
import io.roomcast.events.AcceptInvite;
import io.roomcast.events.Ban;
import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.CommandOutcome;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.DeclineInvite;
import io.roomcast.events.Demote;
import io.roomcast.events.DenyHand;
import io.roomcast.events.EndReason;
import io.roomcast.events.EndRoom;
import io.roomcast.events.HandLowerReason;
import io.roomcast.events.HandLowered;
import io.roomcast.events.HandRaised;
import io.roomcast.events.HandRequest;
import io.roomcast.events.InviteSpeaker;
import io.roomcast.events.InviteToRoom;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Mute;
import io.roomcast.events.MuteAll;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.Promote;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCommand;
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
import io.roomcast.events.ScheduleRoom;
import io.roomcast.events.SpeakerInviteDeclined;
import io.roomcast.events.SpeakerInvited;
import io.roomcast.events.StartRoom;
import io.roomcast.events.Unmute;
import io.roomcast.events.UpdateRoom;
import io.roomcast.events.Visibility;
import io.roomcast.events.ApproveJoin;
import io.roomcast.events.DenyJoin;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.RoomSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The room state machine without I/O: every transition, every rejection reason it produces, the
 * lifecycle timers, idempotent answers and deterministic event ids.
 */
class RoomStateMachineTest {
    private static final String ROOM = "r1";
    private static final String HOST = "host";

    private RoomStateMachine machine = new RoomStateMachine(RoomLimits.DEFAULTS);
    private SocialGraph clubs = SocialGraph.NONE;
    private RoomSnapshot room;
    private Instant now = T0;
    private int nonces;
    private RoomCommand last;
    private Decision lastDecision;

    // ---- harness --------------------------------------------------------------------------------

    /** Decides {@code intent} from {@code user} one second after the previous command. */
    private Decision send(String user, Object intent) {
        now = now.plusSeconds(1);
        last = command(ROOM, user, "n" + (++nonces), now, intent);
        lastDecision = machine.decide(room, last, clubs, now);
        return lastDecision;
    }

    /** Sends a command that must be applied; returns its fact payloads. */
    private List<Object> apply(String user, Object intent) {
        Decision decision = send(user, intent);
        assertThat(decision.rejection())
            .as("%s from %s was rejected: %s", intent.getClass().getSimpleName(), user, payloads(decision.facts()))
            .isNull();
        assertThat(decision.changed()).isTrue();
        assertThat(decision.facts()).isNotEmpty().allSatisfy(fact -> {
            assertThat(fact.getRoomId()).isEqualTo(ROOM);
            assertThat(fact.getUserId()).isEqualTo(user);
            assertThat(fact.getNonce()).isEqualTo(last.getNonce());
            assertThat(fact.getCommandId()).isEqualTo(last.getEventId().toString());
            assertThat(fact.getOccurredAt()).isEqualTo(now);
            assertThat(fact.getRoomVersion()).as("facts carry the snapshot version they lead to")
                .isEqualTo(decision.state().getVersion());
        });
        room = decision.state();
        return payloads(decision.facts());
    }

    /**
     * Sends a command that must be rejected with {@code reason}: the room is untouched and the sender
     * gets exactly one CommandRejected carrying the nonce, the reason and a message.
     */
    private void rejects(String user, Object intent, RejectionReason reason) {
        RoomSnapshot before = room == null ? null : RoomSnapshot.newBuilder(room).build();
        RoomSnapshot current = room;
        Decision decision = send(user, intent);
        assertThat(decision.rejection())
            .as("%s from %s, facts %s", intent.getClass().getSimpleName(), user, payloads(decision.facts()))
            .isEqualTo(reason);
        assertThat(decision.changed()).isFalse();
        assertThat(decision.state()).isSameAs(current);
        assertThat(room).isEqualTo(before);
        assertThat(decision.facts()).singleElement().satisfies(fact -> {
            assertThat(fact.getRoomVersion()).isEqualTo(current == null ? null : current.getVersion());
            assertThat(fact.getUserId()).isEqualTo(user);
            assertThat(fact.getNonce()).isEqualTo(last.getNonce());
            assertThat(fact.getCommandId()).isEqualTo(last.getEventId().toString());
            assertThat(fact.getFact()).isInstanceOfSatisfying(CommandRejected.class, rejected -> {
                assertThat(rejected.getReason()).isEqualTo(reason);
                assertThat(rejected.getCommandType()).isEqualTo(intent.getClass().getSimpleName());
                assertThat(rejected.getMessage()).isNotBlank();
                assertThat(rejected.getSessionId()).isEqualTo("session-" + user);
            });
        });
    }

    /** The message of the rejection {@link #rejects} just checked. */
    private String rejectionMessage() {
        return ((CommandRejected) lastDecision.facts().getFirst().getFact()).getMessage();
    }

    private void liveRoom(String... listeners) {
        liveRoom(publicRoom(), listeners);
    }

    private void liveRoom(RoomDetails details, String... listeners) {
        apply(HOST, new CreateRoom(details));
        for (String user : listeners) {
            apply(user, new JoinRoom());
        }
    }

    /** {@code user}, already a listener, raises a hand and the host accepts it. */
    private void toStage(String user) {
        apply(user, new RaiseHand());
        apply(HOST, new AcceptHand(user));
    }

    private Map<String, Role> roles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        room.getParticipants().forEach(p -> roles.put(p.getUserId(), p.getRole()));
        return roles;
    }

    private List<String> handQueue() {
        return room.getHandQueue().stream().map(HandRequest::getUserId).toList();
    }

    private Participant participant(String user) {
        return room.getParticipants().stream().filter(p -> p.getUserId().equals(user)).findFirst().orElseThrow();
    }

    private long speakers() {
        return room.getParticipants().stream()
            .filter(p -> p.getRole() == Role.SPEAKER || p.getRole() == Role.MODERATOR).count();
    }

    /** One of every command, aimed at {@code target} where it takes one. */
    static Stream<Object> everyCommand() {
        String target = "ann";
        return Stream.of(new CreateRoom(publicRoom()), new ScheduleRoom(publicRoom(), T0.plus(Duration.ofDays(30))),
            new StartRoom(), new UpdateRoom("New title", null, null, null, false), new EndRoom(), new JoinRoom(),
            new LeaveRoom(LeaveReason.LEFT), new RaiseHand(), new LowerHand(), new AcceptHand(target),
            new DenyHand(target), new InviteSpeaker(target), new AcceptInvite(), new DeclineInvite(),
            new InviteToRoom(target), new Promote(target), new Demote(target), new Mute(target), new Unmute(target),
            new MuteAll(), new Kick(target), new Ban(target), new ApproveJoin(target), new DenyJoin(target));
    }

    static Stream<Object> everyCommandButCreation() {
        return everyCommand().filter(c -> !(c instanceof CreateRoom) && !(c instanceof ScheduleRoom));
    }

    /** The commands a SCHEDULED room refuses until it starts (all but start, end, update). */
    static Stream<Object> liveOnlyCommands() {
        return everyCommandButCreation()
            .filter(c -> !(c instanceof StartRoom) && !(c instanceof EndRoom) && !(c instanceof UpdateRoom));
    }

    // ---- creation and lifecycle -----------------------------------------------------------------

    @Nested
    class Lifecycle {

        @Test
        void createdRoomIsLiveWithItsCreatorAsModerator() {
            RoomDetails details = publicRoom();

            assertThat(apply(HOST, new CreateRoom(details))).containsExactly(
                new RoomCreated(details, RoomLifecycle.LIVE, null),
                new ParticipantJoined(HOST, Role.MODERATOR));
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.LIVE);
            assertThat(room.getVersion()).isEqualTo(1);
            assertThat(room.getCreatedBy()).isEqualTo(HOST);
            assertThat(room.getStartedAt()).isEqualTo(now);
            assertThat(roles()).containsExactly(entry(HOST, Role.MODERATOR));
        }

        @Test
        void scheduledRoomWaitsForItsHostToStartIt() {
            RoomDetails details = publicRoom();
            Instant startsAt = T0.plus(Duration.ofHours(1));

            assertThat(apply(HOST, new ScheduleRoom(details, startsAt)))
                .containsExactly(new RoomCreated(details, RoomLifecycle.SCHEDULED, startsAt));
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.SCHEDULED);
            assertThat(room.getParticipants()).isEmpty();
            assertThat(room.getStartedAt()).isNull();
            rejects("ann", new JoinRoom(), RejectionReason.ROOM_NOT_LIVE);
            rejects("ann", new StartRoom(), RejectionReason.NOT_MODERATOR);

            assertThat(apply(HOST, new StartRoom())).containsExactly(
                new RoomStarted(),
                new ParticipantJoined(HOST, Role.MODERATOR));
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.LIVE);
            assertThat(room.getStartedAt()).isEqualTo(now);
            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
        }

        @ParameterizedTest
        @MethodSource("io.roomcast.roomstate.core.RoomStateMachineTest#liveOnlyCommands")
        void scheduledRoomRefusesWhatNeedsALiveRoom(Object intent) {
            apply(HOST, new ScheduleRoom(publicRoom(), T0.plus(Duration.ofHours(1))));

            rejects(HOST, intent, RejectionReason.ROOM_NOT_LIVE);
        }

        @Test
        void hostUpdatesOrEndsAScheduledRoomOthersCannot() {
            apply(HOST, new ScheduleRoom(publicRoom(), T0.plus(Duration.ofHours(1))));
            rejects("ann", new UpdateRoom("Mine now", null, null, null, false), RejectionReason.NOT_MODERATOR);
            rejects("ann", new EndRoom(), RejectionReason.NOT_MODERATOR);

            assertThat(apply(HOST, new UpdateRoom("Moved topic", "blues", null, null, false)))
                .containsExactly(new RoomUpdated("Moved topic", "blues", null, null, false));
            assertThat(apply(HOST, new EndRoom())).containsExactly(new RoomEnded(EndReason.BY_MODERATOR));
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.ENDED);
        }

        @Test
        void startingALiveRoomIsAnInvalidTransition() {
            liveRoom();

            rejects(HOST, new StartRoom(), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void schedulingInThePastIsAnInvalidCommand() {
            rejects(HOST, new ScheduleRoom(publicRoom(), T0.minusSeconds(60)), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new ScheduleRoom(publicRoom(), now.plusSeconds(1)), RejectionReason.INVALID_COMMAND);
        }

        @Test
        void aRoomIdIsTakenOnce() {
            liveRoom();

            rejects("ann", new CreateRoom(publicRoom()), RejectionReason.ROOM_EXISTS);
            rejects("ann", new ScheduleRoom(publicRoom(), T0.plus(Duration.ofHours(2))), RejectionReason.ROOM_EXISTS);
        }

        @Test
        void moderatorEndsTheRoomAndEveryoneLeaves() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());

            assertThat(apply(HOST, new EndRoom())).containsExactly(
                new ParticipantLeft(HOST, LeaveReason.ROOM_ENDED),
                new ParticipantLeft("ann", LeaveReason.ROOM_ENDED),
                new ParticipantLeft("bob", LeaveReason.ROOM_ENDED),
                new RoomEnded(EndReason.BY_MODERATOR));
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.ENDED);
            assertThat(room.getParticipants()).isEmpty();
            assertThat(room.getHandQueue()).isEmpty();
        }

        @Test
        void onlyAModeratorEndsTheRoom() {
            liveRoom("ann");

            rejects("ann", new EndRoom(), RejectionReason.NOT_MODERATOR);
            rejects("zed", new EndRoom(), RejectionReason.NOT_MODERATOR);
        }

        @ParameterizedTest
        @MethodSource("io.roomcast.roomstate.core.RoomStateMachineTest#everyCommand")
        void anEndedRoomRejectsEverything(Object intent) {
            liveRoom("ann");
            apply(HOST, new EndRoom());

            rejects(HOST, intent, RejectionReason.ROOM_ENDED);
            rejects("ann", intent, RejectionReason.ROOM_ENDED);
        }

        @ParameterizedTest
        @MethodSource("io.roomcast.roomstate.core.RoomStateMachineTest#everyCommandButCreation")
        void aRoomNobodyCreatedIsUnknown(Object intent) {
            rejects(HOST, intent, RejectionReason.UNKNOWN_ROOM);
        }

        @Test
        void moderatorUpdatesTitleTopicAndSettings() {
            liveRoom("ann");
            RoomSettings quieter = settings(100, 5, false);

            assertThat(apply(HOST, new UpdateRoom("After hours", "blues", quieter, null, false)))
                .containsExactly(new RoomUpdated("After hours", "blues", quieter, null, false));
            assertThat(room.getDetails().getTitle()).isEqualTo("After hours");
            assertThat(room.getDetails().getTopic()).isEqualTo("blues");
            assertThat(room.getDetails().getSettings()).isEqualTo(quieter);
            rejects("ann", new RaiseHand(), RejectionReason.HAND_RAISES_DISABLED);

            assertThat(apply(HOST, new UpdateRoom(null, "soul", null, null, false)))
                .containsExactly(new RoomUpdated(null, "soul", null, null, false));
            assertThat(room.getDetails().getTitle()).isEqualTo("After hours");
            assertThat(room.getDetails().getSettings()).isEqualTo(quieter);
        }

        @Test
        void limitsCannotBeLoweredBelowWhoIsAlreadyIn() {
            liveRoom("ann", "bob");

            rejects(HOST, new UpdateRoom(null, null, settings(2, null, true), null, false), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new UpdateRoom(null, null, settings(null, 0, true), null, false), RejectionReason.INVALID_COMMAND);
            assertThat(apply(HOST, new UpdateRoom(null, null, settings(3, 1, true), null, false))).hasSize(1);
        }

        @Test
        void updatesAreForModeratorsAndMustBeValid() {
            liveRoom("ann");

            rejects("ann", new UpdateRoom("Mine now", null, null, null, false), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new UpdateRoom(null, null, null, null, false), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new UpdateRoom("  ", null, null, null, false), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new UpdateRoom("x".repeat(RoomLimits.MAX_TITLE_LENGTH + 1), null, null, null, false),
                RejectionReason.INVALID_COMMAND);
            rejects(HOST, new UpdateRoom(null, null, settings(RoomLimits.DEFAULTS.capacity() + 1, null, true), null, false),
                RejectionReason.INVALID_COMMAND);
            rejects(HOST, new UpdateRoom(null, null, settings(null, 0, true), null, false), RejectionReason.INVALID_COMMAND);
            assertThat(apply(HOST, new UpdateRoom("x".repeat(RoomLimits.MAX_TITLE_LENGTH), null, null, null, false))).hasSize(1);
        }

        @Test
        void creationNeedsValidDetails() {
            RoomDetails blank = RoomDetails.newBuilder(publicRoom()).setTitle(" ").build();
            RoomDetails clubless = details(Visibility.CLUB, null, settings(null, null, true));

            rejects(HOST, new CreateRoom(blank), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new CreateRoom(clubless), RejectionReason.INVALID_COMMAND);
            rejects(HOST, new CreateRoom(details(Visibility.PUBLIC, null, settings(0, null, true))),
                RejectionReason.INVALID_COMMAND);
            rejects(HOST, new CreateRoom(details(Visibility.PUBLIC, null, settings(null, 21, true))),
                RejectionReason.INVALID_COMMAND);
            rejects(HOST, new ScheduleRoom(blank, T0.plus(Duration.ofHours(1))), RejectionReason.INVALID_COMMAND);
            assertThat(room).isNull();
        }

        /**
         * Issue 11 (A62, B36): a command written to room-commands by anyone is held to the text rules of
         * docs/protocol.md; the rejection carries the rule's reason and the room is untouched.
         */
        @ParameterizedTest
        @ValueSource(strings = {"Jazz\u0000", "\u001b[2J", "Free \u202Egnp.exe", "ad\u200Bmin", "bad \uD800 half",
            "\u2066hidden\u2069"})
        void hostileTitlesAndTopicsAreRejectedWithTheTextRulesReason(String hostile) {
            String reason = TextRules.TITLE.violation(hostile).orElseThrow();
            RoomDetails created = RoomDetails.newBuilder(publicRoom()).setTitle(hostile).build();
            rejects(HOST, new CreateRoom(created), RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo(reason);
            rejects(HOST, new CreateRoom(RoomDetails.newBuilder(publicRoom()).setTopic(hostile).build()),
                RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo(TextRules.TOPIC.violation(hostile).orElseThrow());
            assertThat(room).isNull();

            liveRoom();
            rejects(HOST, new UpdateRoom(hostile, null, null, null, false), RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo(reason);
            rejects(HOST, new UpdateRoom(null, hostile, null, null, false), RejectionReason.INVALID_COMMAND);
            assertThat(room.getDetails().getTitle()).isEqualTo(publicRoom().getTitle());
        }

        @Test
        void aLanguageIsKeptWhenItIsACanonicalTagAndRejectedOtherwise() {
            rejects(HOST, new CreateRoom(RoomDetails.newBuilder(publicRoom()).setLanguage("pt-br").build()),
                RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo("language must be in canonical case (e.g. pt-BR, sr-Latn-RS)");
            rejects(HOST, new CreateRoom(RoomDetails.newBuilder(publicRoom()).setLanguage("en_US").build()),
                RejectionReason.INVALID_COMMAND);
            assertThat(room).isNull();
            apply(HOST, new CreateRoom(RoomDetails.newBuilder(publicRoom()).setLanguage("pt-BR").build()));
            assertThat(room.getDetails().getLanguage()).isEqualTo("pt-BR");
        }

        @Test
        void aModeratorSetsChangesAndClearsTheLanguage() {
            liveRoom("ann");
            assertThat(room.getDetails().getLanguage()).isNull();
            assertThat(apply(HOST, new UpdateRoom(null, null, null, "pt-BR", false)))
                .containsExactly(new RoomUpdated(null, null, null, "pt-BR", false));
            assertThat(room.getDetails().getLanguage()).isEqualTo("pt-BR");
            assertThat(room.getDetails().getTitle()).as("the rest is kept").isEqualTo(publicRoom().getTitle());

            apply(HOST, new UpdateRoom("Renamed", null, null, null, false));
            assertThat(room.getDetails().getLanguage()).as("null keeps it").isEqualTo("pt-BR");
            apply(HOST, new UpdateRoom(null, null, null, "zh-Hant-TW", false));
            assertThat(room.getDetails().getLanguage()).isEqualTo("zh-Hant-TW");

            assertThat(apply(HOST, new UpdateRoom(null, null, null, null, true)))
                .containsExactly(new RoomUpdated(null, null, null, null, true));
            assertThat(room.getDetails().getLanguage()).isNull();
            rejects("ann", new UpdateRoom(null, null, null, "en", false), RejectionReason.NOT_MODERATOR);
        }

        @Test
        void anUpdatedLanguageThatIsNotACanonicalTagOrThatIsBothSetAndClearedIsRejected() {
            liveRoom(RoomDetails.newBuilder(publicRoom()).setLanguage("en").build());
            rejects(HOST, new UpdateRoom(null, null, null, "pt-br", false), RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo("language must be in canonical case (e.g. pt-BR, sr-Latn-RS)");
            for (String malformed : new String[] {"en_US", "", "x-klingon", "a".repeat(36)}) {
                rejects(HOST, new UpdateRoom("Kept", null, null, malformed, false), RejectionReason.INVALID_COMMAND);
            }
            rejects(HOST, new UpdateRoom(null, null, null, "pt-BR", true), RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo("language and clearLanguage exclude each other");
            assertThat(room.getDetails().getLanguage()).isEqualTo("en");
        }

        @Test
        void titlesAreCountedInCodePointsAndMarkupIsKeptAsText() {
            String emoji = "\uD83C\uDFB7".repeat(90);
            apply(HOST, new CreateRoom(RoomDetails.newBuilder(publicRoom()).setTitle(emoji).build()));
            assertThat(room.getDetails().getTitle()).isEqualTo(emoji);
            apply(HOST, new UpdateRoom("<script>alert(1)</script>", null, null, null, false));
            assertThat(room.getDetails().getTitle()).isEqualTo("<script>alert(1)</script>");
            rejects(HOST, new UpdateRoom("\uD83C\uDFB7".repeat(91), null, null, null, false), RejectionReason.INVALID_COMMAND);
            assertThat(rejectionMessage()).isEqualTo("title is longer than 360 bytes of UTF-8");
        }
    }

    // ---- joining and leaving --------------------------------------------------------------------

    @Nested
    class Membership {

        @Test
        void joinAsListenerAndLeave() {
            liveRoom();

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
            assertThat(roles()).containsExactly(entry(HOST, Role.MODERATOR), entry("ann", Role.LISTENER));
            assertThat(participant("ann").getJoinedAt()).isEqualTo(now);

            assertThat(apply("ann", new LeaveRoom(LeaveReason.LEFT)))
                .containsExactly(new ParticipantLeft("ann", LeaveReason.LEFT));
            assertThat(roles()).containsOnlyKeys(HOST);
        }

        @Test
        void joiningTwiceOrLeavingWithoutBeingInAreRefused() {
            liveRoom("ann");

            rejects("ann", new JoinRoom(), RejectionReason.INVALID_TRANSITION);
            rejects("bob", new LeaveRoom(LeaveReason.LEFT), RejectionReason.NOT_IN_ROOM);
        }

        @Test
        void leavingWithARaisedHandWithdrawsIt() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());
            apply("bob", new RaiseHand());

            assertThat(apply("ann", new LeaveRoom(LeaveReason.LEFT))).containsExactly(
                new HandLowered("ann", HandLowerReason.LEFT),
                new ParticipantLeft("ann", LeaveReason.LEFT));
            assertThat(handQueue()).containsExactly("bob");
        }

        @Test
        void aFullRoomTurnsNewcomersAway() {
            liveRoom(details(Visibility.PUBLIC, null, settings(2, null, true)), "ann");

            rejects("bob", new JoinRoom(), RejectionReason.ROOM_FULL);

            apply("ann", new LeaveRoom(LeaveReason.LEFT));
            assertThat(apply("bob", new JoinRoom())).containsExactly(new ParticipantJoined("bob", Role.LISTENER));
        }

        @Test
        void thePlatformCapacityCapsEveryRoom() {
            machine = new RoomStateMachine(new RoomLimits(2, 20, 500, Duration.ofHours(12), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofHours(1)));
            liveRoom("ann");

            rejects("bob", new JoinRoom(), RejectionReason.ROOM_FULL);
        }

        @Test
        void theHostComesBackAsModerator() {
            liveRoom("ann");
            apply(HOST, new LeaveRoom(LeaveReason.LEFT));

            assertThat(apply(HOST, new JoinRoom())).containsExactly(new ParticipantJoined(HOST, Role.MODERATOR));
            assertThat(roles()).containsExactly(entry("ann", Role.LISTENER), entry(HOST, Role.MODERATOR));
        }

        @Test
        void whenTheLastModeratorLeavesTheLongestStandingSpeakerTakesOver() {
            liveRoom("bob", "ann", "cid");
            toStage("ann");
            toStage("bob");

            assertThat(apply(HOST, new LeaveRoom(LeaveReason.LEFT))).containsExactly(
                new ParticipantLeft(HOST, LeaveReason.LEFT),
                new RoleChanged("ann", Role.SPEAKER, Role.MODERATOR));
            assertThat(roles()).containsExactly(
                entry("bob", Role.SPEAKER), entry("ann", Role.MODERATOR), entry("cid", Role.LISTENER));
            assertThat(apply("ann", new Kick("cid"))).contains(new ParticipantKicked("cid"));
        }

        @Test
        void aModeratorLeavingWhileAnotherStaysHandsNothingOver() {
            liveRoom("ann", "bob");
            toStage("ann");
            toStage("bob");
            apply(HOST, new Promote("bob"));

            assertThat(apply(HOST, new LeaveRoom(LeaveReason.LEFT)))
                .containsExactly(new ParticipantLeft(HOST, LeaveReason.LEFT));
            assertThat(roles()).containsExactly(entry("ann", Role.SPEAKER), entry("bob", Role.MODERATOR));
        }

        @Test
        void hostRejoiningAFullStageStaysWithinTheSpeakerLimit() {
            liveRoom(details(Visibility.PUBLIC, null, settings(null, 2, true)), "ann", "bob");
            toStage("ann");
            apply(HOST, new LeaveRoom(LeaveReason.LEFT));
            toStageBy("ann", "bob");
            assertThat(speakers()).isEqualTo(2);

            Decision rejoin = send(HOST, new JoinRoom());

            if (rejoin.rejection() == null) {
                room = rejoin.state();
                assertThat(speakers()).as("speakers and moderators on a stage of 2: %s", roles()).isLessThanOrEqualTo(2);
            } else {
                assertThat(rejoin.rejection()).isEqualTo(RejectionReason.SPEAKER_LIMIT);
            }
        }

        private void toStageBy(String moderator, String user) {
            apply(user, new RaiseHand());
            apply(moderator, new AcceptHand(user));
        }
    }

    // ---- access ---------------------------------------------------------------------------------

    @Nested
    class Access {

        @Test
        void aPrivateRoomAdmitsOnlyInvitedUsers() {
            liveRoom(details(Visibility.PRIVATE, null, settings(null, null, true)));
            rejects("ann", new JoinRoom(), RejectionReason.NOT_INVITED);

            assertThat(apply(HOST, new InviteToRoom("ann"))).containsExactly(new RoomInviteSent("ann"));
            assertThat(room.getInvitedUserIds()).containsExactly("ann");

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
            rejects("bob", new JoinRoom(), RejectionReason.NOT_INVITED);
            // The invitation stays valid: ann can come back after a kick or a dropped connection.
            apply(HOST, new Kick("ann"));
            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
        }

        @Test
        void invitationsAreForModeratorsAndForUsersNotYetIn() {
            liveRoom("ann");

            rejects("ann", new InviteToRoom("bob"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new InviteToRoom("ann"), RejectionReason.INVALID_TRANSITION);
            apply(HOST, new InviteToRoom("bob"));
            rejects(HOST, new InviteToRoom("bob"), RejectionReason.INVALID_TRANSITION);
            apply(HOST, new Ban("cid"));
            rejects(HOST, new InviteToRoom("cid"), RejectionReason.BANNED);
        }

        @Test
        void aClubRoomAdmitsOnlyClubMembers() {
            clubs = new Graph().member(HOST, "club-7").member("ann", "club-7");
            liveRoom(details(Visibility.CLUB, "club-7", settings(null, null, true)));

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
            rejects("bob", new JoinRoom(), RejectionReason.NOT_CLUB_MEMBER);
        }

        @Test
        void onlyClubMembersHostClubRooms() {
            RoomDetails club = details(Visibility.CLUB, "club-7", settings(null, null, true));

            rejects(HOST, new CreateRoom(club), RejectionReason.NOT_CLUB_MEMBER);
            rejects(HOST, new ScheduleRoom(club, T0.plus(Duration.ofHours(1))), RejectionReason.NOT_CLUB_MEMBER);
        }

        @Test
        void aSocialRoomAdmitsWhomTheHostFollowsAndInvitedUsers() {
            Graph graph = new Graph().follow(HOST, "ann").follow("bob", HOST);
            clubs = graph;
            liveRoom(details(Visibility.SOCIAL, null, settings(null, null, true)));

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
            rejects("bob", new JoinRoom(), RejectionReason.NOT_FOLLOWED);
            assertThat(rejectionMessage()).contains("the host follows");
            apply(HOST, new InviteToRoom("bob"));
            assertThat(apply("bob", new JoinRoom())).containsExactly(new ParticipantJoined("bob", Role.LISTENER));

            graph.follow(HOST, "cid");
            assertThat(apply("cid", new JoinRoom())).as("a follow counts from the moment it is known")
                .containsExactly(new ParticipantJoined("cid", Role.LISTENER));
            apply("ann", new LeaveRoom(LeaveReason.LEFT));
            graph.unfollow(HOST, "ann");
            rejects("ann", new JoinRoom(), RejectionReason.NOT_FOLLOWED);
        }

        @Test
        void theHostRejoinsTheirOwnSocialRoom() {
            liveRoom(details(Visibility.SOCIAL, null, settings(null, null, true)));
            apply(HOST, new LeaveRoom(LeaveReason.LEFT));

            assertThat(apply(HOST, new JoinRoom())).containsExactly(new ParticipantJoined(HOST, Role.MODERATOR));
        }

        @ParameterizedTest
        @ValueSource(strings = {"PUBLIC", "PRIVATE", "CLUB", "SOCIAL"})
        void aUserTheHostBlocksIsRejectedWhateverTheVisibility(String visibility) {
            Graph graph = new Graph().member(HOST, "club-7").member("ann", "club-7").follow(HOST, "ann").block(HOST, "ann");
            clubs = graph;
            liveRoom(details(Visibility.valueOf(visibility), "club-7", settings(null, null, true)));
            apply(HOST, new InviteToRoom("ann"));

            rejects("ann", new JoinRoom(), RejectionReason.BLOCKED);
            assertThat(rejectionMessage()).isEqualTo("the host has blocked you");
        }

        @Test
        void aBlockByAnotherUserOrOfTheHostDoesNotKeepAnyoneOut() {
            clubs = new Graph().block("ann", HOST).block("bob", "ann");
            liveRoom();

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
        }

        @Test
        void aBanIsAnsweredBeforeABlock() {
            clubs = new Graph().block(HOST, "ann");
            liveRoom();
            apply(HOST, new Ban("ann"));

            rejects("ann", new JoinRoom(), RejectionReason.BANNED);
        }
    }

    // ---- join approval --------------------------------------------------------------------------

    @Nested
    class JoinApproval {
        private RoomDetails approvalRoom(Visibility visibility) {
            RoomSettings settings = settings(null, null, true);
            settings.setApprovalRequired(true);
            return details(visibility, null, settings);
        }

        private List<String> requests() {
            return room.getJoinRequests().stream().map(JoinRequest::getUserId).toList();
        }

        @Test
        void aJoinBecomesARequestThatAModeratorApproves() {
            liveRoom(approvalRoom(Visibility.PUBLIC));

            assertThat(apply("ann", new JoinRoom())).containsExactly(new JoinRequested("ann", now));
            Instant askedAt = now;
            apply("bob", new JoinRoom());
            assertThat(requests()).containsExactly("ann", "bob");
            assertThat(room.getJoinRequests().getFirst().getRequestedAt()).isEqualTo(askedAt);
            assertThat(roles()).containsOnlyKeys(HOST);

            assertThat(apply(HOST, new ApproveJoin("ann"))).containsExactly(
                new JoinRequestClosed("ann", JoinRequestCloseReason.APPROVED),
                new ParticipantJoined("ann", Role.LISTENER));
            assertThat(requests()).containsExactly("bob");
            assertThat(roles()).containsEntry("ann", Role.LISTENER);
        }

        @Test
        void aModeratorDeniesARequestAndTheUserMayAskAgain() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply("ann", new JoinRoom());

            assertThat(apply(HOST, new DenyJoin("ann"))).containsExactly(
                new JoinRequestClosed("ann", JoinRequestCloseReason.DENIED));
            assertThat(requests()).isEmpty();
            assertThat(roles()).containsOnlyKeys(HOST);
            assertThat(apply("ann", new JoinRoom())).containsExactly(new JoinRequested("ann", now));
        }

        @Test
        void onlyModeratorsDecidePendingRequests() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply(HOST, new UpdateRoom(null, null, settings(null, null, true), null, false));
            apply("ann", new JoinRoom());
            apply(HOST, new UpdateRoom(null, null, approvalRoom(Visibility.PUBLIC).getSettings(), null, false));
            apply("bob", new JoinRoom());

            rejects("ann", new ApproveJoin("bob"), RejectionReason.NOT_MODERATOR);
            rejects("ann", new DenyJoin("bob"), RejectionReason.NOT_MODERATOR);
            rejects("bob", new ApproveJoin("bob"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new ApproveJoin("cid"), RejectionReason.JOIN_NOT_REQUESTED);
            rejects(HOST, new DenyJoin("ann"), RejectionReason.JOIN_NOT_REQUESTED);
            rejects("bob", new JoinRoom(), RejectionReason.INVALID_TRANSITION);
            assertThat(rejectionMessage()).isEqualTo("your request to join is pending");
        }

        @Test
        void theHostAndInvitedUsersJoinWithoutApproval() {
            liveRoom(approvalRoom(Visibility.PRIVATE));
            apply(HOST, new InviteToRoom("ann"));
            apply(HOST, new LeaveRoom(LeaveReason.LEFT));

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
            assertThat(apply(HOST, new JoinRoom())).containsExactly(new ParticipantJoined(HOST, Role.MODERATOR));
        }

        @Test
        void accessRulesComeBeforeTheRequest() {
            clubs = new Graph().follow(HOST, "ann").block(HOST, "cid").follow(HOST, "cid");
            liveRoom(approvalRoom(Visibility.SOCIAL));

            rejects("bob", new JoinRoom(), RejectionReason.NOT_FOLLOWED);
            rejects("cid", new JoinRoom(), RejectionReason.BLOCKED);
            assertThat(apply("ann", new JoinRoom())).containsExactly(new JoinRequested("ann", now));
        }

        @Test
        void leavingWithdrawsTheRequest() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply("ann", new JoinRoom());
            apply("bob", new JoinRoom());

            assertThat(apply("ann", new LeaveRoom(LeaveReason.LEFT))).containsExactly(
                new JoinRequestClosed("ann", JoinRequestCloseReason.WITHDRAWN));
            assertThat(apply("bob", new LeaveRoom(LeaveReason.TIMEOUT))).as("presence timeout").containsExactly(
                new JoinRequestClosed("bob", JoinRequestCloseReason.WITHDRAWN));
            assertThat(requests()).isEmpty();
            rejects("ann", new LeaveRoom(LeaveReason.LEFT), RejectionReason.NOT_IN_ROOM);
        }

        @Test
        void aBanDeniesThePendingRequest() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply("ann", new JoinRoom());

            assertThat(apply(HOST, new Ban("ann"))).containsExactly(new ParticipantBanned("ann"),
                new JoinRequestClosed("ann", JoinRequestCloseReason.DENIED));
            assertThat(requests()).isEmpty();
            rejects("ann", new JoinRoom(), RejectionReason.BANNED);
        }

        @Test
        void approvalNeedsASeatAndTheQueueIsBounded() {
            machine = new RoomStateMachine(new RoomLimits(RoomLimits.DEFAULTS.capacity(), RoomLimits.DEFAULTS.speakerLimit(),
                2, RoomLimits.DEFAULTS.maxDuration(), RoomLimits.DEFAULTS.emptyTimeout(), RoomLimits.DEFAULTS.idleExpiry(),
                RoomLimits.DEFAULTS.scheduledStartTimeout()));
            RoomSettings settings = settings(2, null, true);
            settings.setApprovalRequired(true);
            liveRoom(details(Visibility.PUBLIC, null, settings));
            apply("ann", new JoinRoom());
            apply("bob", new JoinRoom());
            rejects("cid", new JoinRoom(), RejectionReason.ROOM_FULL);
            assertThat(rejectionMessage()).contains("join request queue is full (2)");

            apply(HOST, new ApproveJoin("ann"));
            rejects(HOST, new ApproveJoin("bob"), RejectionReason.ROOM_FULL);
            assertThat(requests()).containsExactly("bob");
        }

        @Test
        void endingTheRoomDropsItsRequests() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply("ann", new JoinRoom());

            apply(HOST, new EndRoom());

            assertThat(room.getJoinRequests()).isEmpty();
        }

        @Test
        void turningApprovalOffKeepsTheQueueForModeratorsToDecide() {
            liveRoom(approvalRoom(Visibility.PUBLIC));
            apply("ann", new JoinRoom());

            apply(HOST, new UpdateRoom(null, null, settings(null, null, true), null, false));
            assertThat(apply("bob", new JoinRoom())).containsExactly(new ParticipantJoined("bob", Role.LISTENER));
            assertThat(requests()).containsExactly("ann");
            assertThat(apply(HOST, new ApproveJoin("ann"))).contains(new ParticipantJoined("ann", Role.LISTENER));
        }
    }

    // ---- hands ----------------------------------------------------------------------------------

    @Nested
    class Hands {

        @Test
        void raisedHandsQueueByRequestTime() {
            liveRoom("ann", "bob", "cid");

            assertThat(apply("bob", new RaiseHand())).containsExactly(new HandRaised("bob", now));
            Instant bobAt = now;
            apply("cid", new RaiseHand());
            apply("ann", new RaiseHand());

            assertThat(handQueue()).containsExactly("bob", "cid", "ann");
            assertThat(room.getHandQueue().getFirst().getRequestedAt()).isEqualTo(bobAt);
        }

        @Test
        void onlyListenersInTheRoomRaiseAHandOnce() {
            liveRoom("ann", "bob");
            toStage("bob");

            rejects("zed", new RaiseHand(), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new RaiseHand(), RejectionReason.INVALID_TRANSITION);
            rejects("bob", new RaiseHand(), RejectionReason.INVALID_TRANSITION);
            apply("ann", new RaiseHand());
            rejects("ann", new RaiseHand(), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void aRoomCanTurnHandRaisesOff() {
            liveRoom(details(Visibility.PUBLIC, null, settings(null, null, false)), "ann");

            rejects("ann", new RaiseHand(), RejectionReason.HAND_RAISES_DISABLED);
        }

        @Test
        void theHandQueueHasALimit() {
            machine = new RoomStateMachine(new RoomLimits(8_000, 20, 2, Duration.ofHours(12), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofHours(1)));
            liveRoom("ann", "bob", "cid");
            apply("ann", new RaiseHand());
            apply("bob", new RaiseHand());

            rejects("cid", new RaiseHand(), RejectionReason.HAND_QUEUE_FULL);

            apply("ann", new LowerHand());
            assertThat(apply("cid", new RaiseHand())).hasSize(1);
            assertThat(handQueue()).containsExactly("bob", "cid");
        }

        @Test
        void aListenerLowersTheirHand() {
            liveRoom("ann");
            apply("ann", new RaiseHand());

            assertThat(apply("ann", new LowerHand())).containsExactly(new HandLowered("ann", HandLowerReason.WITHDRAWN));
            assertThat(handQueue()).isEmpty();
            rejects("ann", new LowerHand(), RejectionReason.HAND_NOT_RAISED);
            rejects("zed", new LowerHand(), RejectionReason.NOT_IN_ROOM);
        }

        @Test
        void moderatorAcceptsAHandAndTheListenerSpeaks() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());
            apply("bob", new RaiseHand());

            assertThat(apply(HOST, new AcceptHand("bob"))).containsExactly(
                new HandLowered("bob", HandLowerReason.ACCEPTED),
                new RoleChanged("bob", Role.LISTENER, Role.SPEAKER));
            assertThat(roles()).containsEntry("bob", Role.SPEAKER);
            assertThat(participant("bob").getSpeakerSince()).isEqualTo(now);
            assertThat(participant("bob").getMuted()).isFalse();
            assertThat(handQueue()).containsExactly("ann");
        }

        @Test
        void acceptingAHandNeedsAModeratorARaisedHandAndAFreeSeat() {
            liveRoom(details(Visibility.PUBLIC, null, settings(null, 2, true)), "ann", "bob", "cid");
            apply("ann", new RaiseHand());
            apply("bob", new RaiseHand());

            rejects("cid", new AcceptHand("ann"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new AcceptHand("cid"), RejectionReason.HAND_NOT_RAISED);
            apply(HOST, new AcceptHand("ann"));
            rejects(HOST, new AcceptHand("bob"), RejectionReason.SPEAKER_LIMIT);
            assertThat(handQueue()).containsExactly("bob");
        }

        @Test
        void thePlatformSpeakerLimitCapsEveryRoom() {
            machine = new RoomStateMachine(new RoomLimits(8_000, 1, 500, Duration.ofHours(12), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofHours(1)));
            liveRoom("ann");
            apply("ann", new RaiseHand());

            rejects(HOST, new AcceptHand("ann"), RejectionReason.SPEAKER_LIMIT);
        }

        @Test
        void moderatorDeniesAHand() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());

            rejects("bob", new DenyHand("ann"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new DenyHand("bob"), RejectionReason.HAND_NOT_RAISED);
            assertThat(apply(HOST, new DenyHand("ann"))).containsExactly(new HandLowered("ann", HandLowerReason.DENIED));
            assertThat(roles()).containsEntry("ann", Role.LISTENER);
            assertThat(handQueue()).isEmpty();
        }
    }

    // ---- invitations to speak -------------------------------------------------------------------

    @Nested
    class SpeakerInvitations {

        @Test
        void invitedListenerAcceptsAndSpeaks() {
            liveRoom("ann");

            assertThat(apply(HOST, new InviteSpeaker("ann"))).containsExactly(
                new SpeakerInvited("ann"),
                new RoleChanged("ann", Role.LISTENER, Role.INVITED_SPEAKER));
            assertThat(roles()).containsEntry("ann", Role.INVITED_SPEAKER);

            assertThat(apply("ann", new AcceptInvite()))
                .containsExactly(new RoleChanged("ann", Role.INVITED_SPEAKER, Role.SPEAKER));
            assertThat(roles()).containsEntry("ann", Role.SPEAKER);
            assertThat(participant("ann").getSpeakerSince()).isEqualTo(now);
        }

        @Test
        void invitedListenerDeclinesAndStaysListener() {
            liveRoom("ann");
            apply(HOST, new InviteSpeaker("ann"));

            assertThat(apply("ann", new DeclineInvite())).containsExactly(
                new SpeakerInviteDeclined("ann"),
                new RoleChanged("ann", Role.INVITED_SPEAKER, Role.LISTENER));
            assertThat(roles()).containsEntry("ann", Role.LISTENER);
            rejects("ann", new AcceptInvite(), RejectionReason.NOT_INVITED);
        }

        @Test
        void invitingARaisedHandTakesItOffTheQueue() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());
            apply("bob", new RaiseHand());

            assertThat(apply(HOST, new InviteSpeaker("ann"))).containsExactly(
                new HandLowered("ann", HandLowerReason.ACCEPTED),
                new SpeakerInvited("ann"),
                new RoleChanged("ann", Role.LISTENER, Role.INVITED_SPEAKER));
            assertThat(handQueue()).containsExactly("bob");
        }

        @Test
        void onlyModeratorsInviteAndOnlyListenersInTheRoomAreInvited() {
            liveRoom("ann", "bob");
            toStage("bob");

            rejects("ann", new InviteSpeaker("bob"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new InviteSpeaker("zed"), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new InviteSpeaker("bob"), RejectionReason.INVALID_TRANSITION);
            apply(HOST, new InviteSpeaker("ann"));
            rejects(HOST, new InviteSpeaker("ann"), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void answeringNeedsAnInvitation() {
            liveRoom("ann");

            rejects("ann", new AcceptInvite(), RejectionReason.NOT_INVITED);
            rejects("ann", new DeclineInvite(), RejectionReason.NOT_INVITED);
            rejects("zed", new AcceptInvite(), RejectionReason.NOT_INVITED);
            rejects(HOST, new DeclineInvite(), RejectionReason.NOT_INVITED);
        }

        @Test
        void acceptingAnInvitationNeedsAFreeSeat() {
            liveRoom(details(Visibility.PUBLIC, null, settings(null, 2, true)), "ann", "bob");
            apply(HOST, new InviteSpeaker("ann"));
            toStage("bob");

            rejects("ann", new AcceptInvite(), RejectionReason.SPEAKER_LIMIT);
            assertThat(roles()).containsEntry("ann", Role.INVITED_SPEAKER);
        }
    }

    // ---- roles ----------------------------------------------------------------------------------

    @Nested
    class Roles {

        @Test
        void moderatorPromotesASpeaker() {
            liveRoom("ann");
            toStage("ann");

            assertThat(apply(HOST, new Promote("ann")))
                .containsExactly(new RoleChanged("ann", Role.SPEAKER, Role.MODERATOR));
            assertThat(roles()).containsEntry("ann", Role.MODERATOR);
            assertThat(apply("ann", new InviteToRoom("bob"))).containsExactly(new RoomInviteSent("bob"));
        }

        @Test
        void onlySpeakersArePromotedAndOnlyByModerators() {
            liveRoom("ann", "bob");
            toStage("bob");

            rejects("bob", new Promote("bob"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new Promote("ann"), RejectionReason.NOT_SPEAKER);
            rejects(HOST, new Promote("zed"), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new Promote(HOST), RejectionReason.NOT_SPEAKER);
        }

        @Test
        void demotingAModeratorMakesThemASpeaker() {
            liveRoom("ann");
            toStage("ann");
            apply(HOST, new Promote("ann"));

            assertThat(apply(HOST, new Demote("ann")))
                .containsExactly(new RoleChanged("ann", Role.MODERATOR, Role.SPEAKER));
            assertThat(roles()).containsEntry("ann", Role.SPEAKER);
            rejects("ann", new Kick(HOST), RejectionReason.NOT_MODERATOR);
        }

        @Test
        void demotingASpeakerMakesThemAListenerWhoCanAskAgain() {
            liveRoom("ann");
            toStage("ann");
            apply("ann", new Mute("ann"));

            assertThat(apply(HOST, new Demote("ann")))
                .containsExactly(new RoleChanged("ann", Role.SPEAKER, Role.LISTENER));
            assertThat(roles()).containsEntry("ann", Role.LISTENER);
            assertThat(participant("ann").getSpeakerSince()).isNull();
            assertThat(participant("ann").getMuted()).isFalse();
            assertThat(apply("ann", new RaiseHand())).hasSize(1);
        }

        @Test
        void demotionsAreForModeratorsAndNeverLeaveTheRoomWithoutOne() {
            liveRoom("ann", "bob");
            toStage("bob");

            rejects("bob", new Demote(HOST), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new Demote("ann"), RejectionReason.INVALID_TRANSITION);
            rejects(HOST, new Demote("zed"), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new Demote(HOST), RejectionReason.INVALID_TRANSITION);
        }
    }

    // ---- muting ---------------------------------------------------------------------------------

    @Nested
    class Muting {

        @Test
        void moderatorMutesASpeakerWhoUnmutesThemself() {
            liveRoom("ann");
            toStage("ann");

            assertThat(apply(HOST, new Mute("ann"))).containsExactly(new ParticipantMuted("ann"));
            assertThat(participant("ann").getMuted()).isTrue();

            assertThat(apply("ann", new Unmute("ann"))).containsExactly(new ParticipantUnmuted("ann"));
            assertThat(participant("ann").getMuted()).isFalse();
        }

        @Test
        void aSpeakerMutesThemself() {
            liveRoom("ann");
            toStage("ann");

            assertThat(apply("ann", new Mute("ann"))).containsExactly(new ParticipantMuted("ann"));
            assertThat(apply(HOST, new Mute(HOST))).containsExactly(new ParticipantMuted(HOST));
            assertThat(room.getParticipants()).allMatch(Participant::getMuted);
        }

        @Test
        void mutingOthersIsForModeratorsAndOnlySpeakersAreMuted() {
            liveRoom("ann", "bob", "cid");
            toStage("ann");
            toStage("bob");

            rejects("bob", new Mute("ann"), RejectionReason.NOT_MODERATOR);
            rejects("cid", new Mute("ann"), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new Mute("cid"), RejectionReason.NOT_SPEAKER);
            rejects("cid", new Mute("cid"), RejectionReason.NOT_SPEAKER);
            rejects(HOST, new Mute("zed"), RejectionReason.NOT_IN_ROOM);
            apply(HOST, new Mute("ann"));
            rejects(HOST, new Mute("ann"), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void speakersUnmuteOnlyThemselves() {
            liveRoom("ann", "cid");
            toStage("ann");
            apply(HOST, new Mute("ann"));

            rejects(HOST, new Unmute("ann"), RejectionReason.INVALID_TRANSITION);
            rejects("cid", new Unmute("cid"), RejectionReason.NOT_SPEAKER);
            rejects("zed", new Unmute("zed"), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new Unmute(HOST), RejectionReason.INVALID_TRANSITION);
            assertThat(participant("ann").getMuted()).isTrue();
        }

        @Test
        void muteAllSilencesEverySpeakerButTheModerators() {
            liveRoom("ann", "bob", "cid");
            toStage("ann");
            toStage("bob");
            apply("bob", new Mute("bob"));
            toStage("cid");

            assertThat(apply(HOST, new MuteAll())).containsExactly(
                new ParticipantMuted("ann"),
                new ParticipantMuted("cid"));
            assertThat(room.getParticipants()).filteredOn(p -> p.getRole() == Role.SPEAKER)
                .allMatch(Participant::getMuted);
            assertThat(participant(HOST).getMuted()).isFalse();
            rejects(HOST, new MuteAll(), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void muteAllIsForModerators() {
            liveRoom("ann");
            toStage("ann");

            rejects("ann", new MuteAll(), RejectionReason.NOT_MODERATOR);
        }
    }

    // ---- kicks and bans -------------------------------------------------------------------------

    @Nested
    class Removal {

        @Test
        void aKickedUserMayComeBack() {
            liveRoom("ann");
            toStage("ann");

            assertThat(apply(HOST, new Kick("ann"))).containsExactly(
                new ParticipantKicked("ann"),
                new ParticipantLeft("ann", LeaveReason.KICKED));
            assertThat(roles()).containsOnlyKeys(HOST);

            assertThat(apply("ann", new JoinRoom())).containsExactly(new ParticipantJoined("ann", Role.LISTENER));
        }

        @Test
        void aKickedListenerLosesTheirRaisedHand() {
            liveRoom("ann");
            apply("ann", new RaiseHand());

            assertThat(apply(HOST, new Kick("ann"))).containsExactly(
                new ParticipantKicked("ann"),
                new HandLowered("ann", HandLowerReason.LEFT),
                new ParticipantLeft("ann", LeaveReason.KICKED));
            assertThat(handQueue()).isEmpty();
        }

        @Test
        void kicksAreForModeratorsAndForOthersInTheRoom() {
            liveRoom("ann");

            rejects("ann", new Kick(HOST), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new Kick("zed"), RejectionReason.NOT_IN_ROOM);
            rejects(HOST, new Kick(HOST), RejectionReason.INVALID_TRANSITION);
        }

        @Test
        void aBannedUserMayNotComeBack() {
            liveRoom("ann");

            assertThat(apply(HOST, new Ban("ann"))).containsExactly(
                new ParticipantBanned("ann"),
                new ParticipantLeft("ann", LeaveReason.BANNED));
            assertThat(roles()).containsOnlyKeys(HOST);
            assertThat(room.getBannedUserIds()).containsExactly("ann");

            rejects("ann", new JoinRoom(), RejectionReason.BANNED);
        }

        @Test
        void aUserCanBeBannedBeforeTheyComeAndLosesTheirInvitation() {
            liveRoom(details(Visibility.PRIVATE, null, settings(null, null, true)));
            apply(HOST, new InviteToRoom("ann"));

            assertThat(apply(HOST, new Ban("ann"))).containsExactly(new ParticipantBanned("ann"));
            assertThat(room.getInvitedUserIds()).isEmpty();
            rejects("ann", new JoinRoom(), RejectionReason.BANNED);
        }

        @Test
        void bansAreForModeratorsOncePerUser() {
            liveRoom("ann");

            rejects("ann", new Ban(HOST), RejectionReason.NOT_MODERATOR);
            rejects(HOST, new Ban(HOST), RejectionReason.INVALID_TRANSITION);
            apply(HOST, new Ban("ann"));
            rejects(HOST, new Ban("ann"), RejectionReason.INVALID_TRANSITION);
        }
    }

    // ---- timers ---------------------------------------------------------------------------------

    @Nested
    class Timers {

        private Decision expireAt(Instant at) {
            return machine.expire(room, at);
        }

        private void nothingDue(Instant at) {
            RoomSnapshot before = RoomSnapshot.newBuilder(room).build();
            Decision decision = expireAt(at);
            assertThat(decision.changed()).isFalse();
            assertThat(decision.facts()).isEmpty();
            assertThat(decision.state()).isSameAs(room);
            assertThat(room).isEqualTo(before);
        }

        /** The room ends at {@code at}: returns its system facts (no user, no nonce, no command). */
        private List<Object> ends(Instant at) {
            Decision decision = expireAt(at);
            assertThat(decision.changed()).isTrue();
            assertThat(decision.rejection()).isNull();
            assertThat(decision.facts()).allSatisfy(fact -> {
                assertThat(fact.getUserId()).isNull();
                assertThat(fact.getNonce()).isNull();
                assertThat(fact.getCommandId()).isNull();
                assertThat(fact.getOccurredAt()).isEqualTo(at);
            });
            room = decision.state();
            assertThat(room.getLifecycle()).isEqualTo(RoomLifecycle.ENDED);
            assertThat(room.getParticipants()).isEmpty();
            return payloads(decision.facts());
        }

        @Test
        void anEmptyRoomEndsAfterTheEmptyRoomTimeout() {
            liveRoom("ann");
            apply("ann", new LeaveRoom(LeaveReason.LEFT));
            apply(HOST, new LeaveRoom(LeaveReason.LEFT));
            Instant emptySince = now;

            nothingDue(emptySince.plus(Duration.ofMinutes(5)).minusMillis(1));
            assertThat(ends(emptySince.plus(Duration.ofMinutes(5))))
                .containsExactly(new RoomEnded(EndReason.EMPTY_TIMEOUT));
            rejects("ann", new JoinRoom(), RejectionReason.ROOM_ENDED);
        }

        @Test
        void anOccupiedRoomDoesNotEndForBeingEmpty() {
            liveRoom("ann");

            nothingDue(now.plus(Duration.ofHours(1)));
        }

        @Test
        void aLiveRoomEndsAtItsMaximumDuration() {
            liveRoom("ann");
            Instant started = room.getStartedAt();
            now = started.plus(Duration.ofHours(11));
            apply("ann", new RaiseHand());

            nothingDue(started.plus(Duration.ofHours(12)).minusMillis(1));
            assertThat(ends(started.plus(Duration.ofHours(12)))).containsExactly(
                new ParticipantLeft(HOST, LeaveReason.ROOM_ENDED),
                new ParticipantLeft("ann", LeaveReason.ROOM_ENDED),
                new RoomEnded(EndReason.MAX_DURATION));
            assertThat(room.getHandQueue()).isEmpty();
        }

        @Test
        void anIdleRoomEndsAfterTheIdleExpiry() {
            machine = new RoomStateMachine(new RoomLimits(8_000, 20, 500, Duration.ofHours(48), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofHours(1)));
            liveRoom("ann");
            Instant lastCommand = now;

            nothingDue(lastCommand.plus(Duration.ofHours(24)).minusMillis(1));
            assertThat(ends(lastCommand.plus(Duration.ofHours(24)))).containsExactly(
                new ParticipantLeft(HOST, LeaveReason.ROOM_ENDED),
                new ParticipantLeft("ann", LeaveReason.ROOM_ENDED),
                new RoomEnded(EndReason.IDLE_EXPIRY));
        }

        @Test
        void aScheduledRoomNobodyStartedEnds() {
            Instant startsAt = T0.plus(Duration.ofHours(2));
            apply(HOST, new ScheduleRoom(publicRoom(), startsAt));

            nothingDue(startsAt.plus(Duration.ofMinutes(59)));
            assertThat(ends(startsAt.plus(Duration.ofHours(1)))).containsExactly(new RoomEnded(EndReason.NEVER_STARTED));
        }

        @Test
        void anEndedRoomIsForgottenAfterTheIdleExpiry() {
            liveRoom("ann");
            apply(HOST, new EndRoom());
            Instant ended = now;

            nothingDue(ended.plus(Duration.ofHours(24)).minusMillis(1));
            Decision forget = expireAt(ended.plus(Duration.ofHours(24)));
            assertThat(forget.changed()).isTrue();
            assertThat(forget.state()).isNull();
            assertThat(forget.facts()).isEmpty();

            room = null;
            assertThat(apply(HOST, new CreateRoom(publicRoom()))).hasSize(2);
        }

        @Test
        void timersDecideTheSameWayTwice() {
            liveRoom("ann");
            Instant due = now.plus(Duration.ofHours(12));

            Decision first = expireAt(due);
            Decision second = expireAt(due);

            assertThat(second).isEqualTo(first);
            assertThat(first.facts()).extracting(RoomEvent::getEventId).doesNotHaveDuplicates();
            assertThat(expireAt(due.plusMillis(1)).facts().getFirst().getEventId())
                .isNotEqualTo(first.facts().getFirst().getEventId());
        }
    }

    // ---- idempotency and determinism ------------------------------------------------------------

    @Nested
    class Idempotency {

        @Test
        void sameCommandOnSameRoomGivesTheSameFactsAndIds() {
            liveRoom("ann", "bob");
            apply("ann", new RaiseHand());
            RoomCommand accept = command(ROOM, HOST, "accept-1", now.plusSeconds(1), new AcceptHand("ann"));

            Decision first = machine.decide(room, accept, clubs, now.plusSeconds(1));
            Decision second = machine.decide(room, accept, clubs, now.plusSeconds(1));

            assertThat(second).isEqualTo(first);
            assertThat(first.facts()).hasSize(2);
            assertThat(first.facts()).extracting(RoomEvent::getEventId)
                .doesNotHaveDuplicates()
                .doesNotContain(first.state().getEventId());
        }

        @Test
        void sameRejectionTwiceGivesTheSameFact() {
            liveRoom("ann");
            RoomCommand kick = command(ROOM, "ann", "kick-1", now.plusSeconds(1), new Kick(HOST));

            Decision first = machine.decide(room, kick, clubs, now.plusSeconds(1));

            assertThat(machine.decide(room, kick, clubs, now.plusSeconds(1))).isEqualTo(first);
        }

        @Test
        void differentCommandsGetDifferentEventIds() {
            liveRoom();
            Decision ann = machine.decide(room, command(ROOM, "ann", "n", now, new JoinRoom()), clubs, now);
            Decision bob = machine.decide(room, command(ROOM, "bob", "n", now, new JoinRoom()), clubs, now);

            assertThat(ann.facts().getFirst().getEventId()).isNotEqualTo(bob.facts().getFirst().getEventId());
            assertThat(ann.state().getEventId()).isNotEqualTo(bob.state().getEventId());
        }

        @Test
        void aDuplicateOfAnAppliedCommandAnswersAppliedAndChangesNothing() {
            liveRoom("ann");
            RoomSnapshot before = RoomSnapshot.newBuilder(room).build();
            RoomCommand again = command(ROOM, "ann", "n2", now.plusSeconds(5), new JoinRoom());

            Decision decision = machine.duplicate(room, again, CommandOutcome.APPLIED, null, now.plusSeconds(5));

            assertThat(decision.changed()).isFalse();
            assertThat(decision.rejection()).isNull();
            assertThat(decision.state()).isSameAs(room);
            assertThat(room).isEqualTo(before);
            assertThat(decision.facts()).singleElement().satisfies(fact -> {
                assertThat(fact.getUserId()).isEqualTo("ann");
                assertThat(fact.getNonce()).isEqualTo("n2");
                assertThat(fact.getFact())
                    .isEqualTo(new CommandDuplicate("JoinRoom", CommandOutcome.APPLIED, null, "session-ann"));
            });
        }

        @Test
        void aDuplicateOfARejectedCommandRepeatsTheReason() {
            liveRoom("ann");
            RoomCommand again = command(ROOM, "ann", "k1", now.plusSeconds(5), new Kick(HOST));

            Decision decision = machine.duplicate(room, again, CommandOutcome.REJECTED, RejectionReason.NOT_MODERATOR,
                now.plusSeconds(5));

            assertThat(payloads(decision.facts())).containsExactly(
                new CommandDuplicate("Kick", CommandOutcome.REJECTED, RejectionReason.NOT_MODERATOR, "session-ann"));
            assertThat(decision.state()).isSameAs(room);
        }

        /**
         * A gateway that re-sends the very same record (same eventId) must still get an answer it can
         * tell apart from the original facts: consumers deduplicate room-events on eventId.
         */
        @Test
        void aDuplicateAnswerHasAnEventIdOfItsOwn() {
            liveRoom();
            RoomCommand join = command(UUID.fromString("00000000-0000-0000-0000-00000000a001"), ROOM, "ann", "j1",
                now.plusSeconds(1), new JoinRoom());
            Decision original = machine.decide(room, join, clubs, now.plusSeconds(1));

            Decision repeat = machine.duplicate(original.state(), join, CommandOutcome.APPLIED, null, now.plusSeconds(2));

            assertThat(repeat.facts().getFirst().getEventId())
                .isNotIn(original.facts().stream().map(RoomEvent::getEventId).toList());
        }

        @Test
        void everyChangeRaisesTheVersionAndTheActivityTime() {
            liveRoom();
            long version = room.getVersion();

            apply("ann", new JoinRoom());

            assertThat(room.getVersion()).isEqualTo(version + 1);
            assertThat(room.getLastActivityAt()).isEqualTo(now);
            assertThat(room.getUserId()).isEqualTo("ann");
            assertThat(room.getNonce()).isEqualTo(last.getNonce());
        }
    }
}
