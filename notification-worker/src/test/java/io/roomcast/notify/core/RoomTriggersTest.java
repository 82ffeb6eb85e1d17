package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomTriggersTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private final RoomTriggers triggers = new RoomTriggers(NotifyLimits.DEFAULTS);
    private final RoomFacts room = new RoomFacts("r1", "host");

    /** Applies the facts in order from no state; returns the last outcome. */
    private RoomTriggers.Outcome run(RoomEvent... events) {
        NotifyRoom state = null;
        RoomTriggers.Outcome outcome = null;
        for (RoomEvent event : events) {
            outcome = triggers.apply(state, event, event.getOccurredAt());
            state = outcome.room();
        }
        return outcome;
    }

    @Test
    void aPublicRoomGoingLiveTellsTheHostsFollowers() {
        RoomTriggers.Outcome out = run(room.createdLive(T0));
        assertThat(out.steps()).singleElement().satisfies(step -> {
            assertThat(step.route()).isEqualTo(Routed.Route.AUDIENCE);
            assertThat(step.key()).isEqualTo("USER:host");
            assertThat(step.work().getKind()).isEqualTo(NotificationKind.FOLLOWED_STARTED_ROOM);
            assertThat(step.work().getActorId()).isEqualTo("host");
            assertThat(step.work().getRoomTitle()).isEqualTo("Jazz at night");
        });
    }

    @Test
    void aClubsPublicRoomAlsoTellsTheClubsMembersAndFollowers() {
        RoomTriggers.Outcome out = run(room.created(Visibility.PUBLIC, "jazzclub", RoomLifecycle.LIVE, T0));
        assertThat(out.steps()).extracting(Routed::key).containsExactly("USER:host", "CLUB:jazzclub");
        assertThat(out.steps().get(1).work().getKind()).isEqualTo(NotificationKind.CLUB_ROOM_STARTED);
        assertThat(out.steps().get(1).work().getRelation()).isNull();
    }

    @Test
    void aClubOnlyRoomTellsTheClubsMembersOnly() {
        RoomTriggers.Outcome out = run(room.created(Visibility.CLUB, "jazzclub", RoomLifecycle.LIVE, T0));
        assertThat(out.steps()).singleElement().satisfies(step -> {
            assertThat(step.key()).isEqualTo("CLUB:jazzclub");
            assertThat(step.work().getRelation()).isEqualTo(SocialRelation.MEMBER);
        });
    }

    @Test
    void privateAndFriendsOnlyRoomsAreAnnouncedToNoOne() {
        assertThat(run(room.created(Visibility.PRIVATE, null, RoomLifecycle.LIVE, T0)).steps()).isEmpty();
        assertThat(run(new RoomFacts("r2", "host").created(Visibility.SOCIAL, null, RoomLifecycle.LIVE, T0)).steps())
            .isEmpty();
    }

    @Test
    void aScheduledRoomIsAnnouncedWhenItStartsNotWhenItIsCreated() {
        RoomEvent created = room.created(Visibility.PUBLIC, null, RoomLifecycle.SCHEDULED, T0);
        assertThat(run(created).steps()).isEmpty();
        RoomTriggers.Outcome started = run(created, room.started(T0.plusSeconds(60)));
        assertThat(started.steps()).extracting(s -> s.work().getKind())
            .containsExactly(NotificationKind.FOLLOWED_STARTED_ROOM);
    }

    @Test
    void aParticipantBecomingSpeakerTellsTheirFollowers() {
        RoomTriggers.Outcome out = run(room.createdLive(T0), room.joined("ann", Role.LISTENER, T0),
            room.roleChanged("ann", Role.LISTENER, Role.SPEAKER, T0.plusSeconds(5)));
        assertThat(out.steps()).singleElement().satisfies(step -> {
            assertThat(step.key()).isEqualTo("USER:ann");
            assertThat(step.work().getKind()).isEqualTo(NotificationKind.FOLLOWED_SPEAKING);
            assertThat(step.work().getActorId()).isEqualTo("ann");
        });
    }

    @Test
    void aSpeakerMadeModeratorIsNotAnnouncedTwice() {
        RoomTriggers.Outcome out = run(room.createdLive(T0),
            room.roleChanged("ann", Role.SPEAKER, Role.MODERATOR, T0.plusSeconds(5)));
        assertThat(out.steps()).isEmpty();
        assertThat(out.room().getModerators()).containsExactly("host", "ann");
    }

    @Test
    void invitesGoToTheInviteeAtOnce() {
        RoomTriggers.Outcome speaker = run(room.createdLive(T0), room.speakerInvited("bob", T0.plusSeconds(1)));
        assertThat(speaker.steps()).singleElement().satisfies(step -> {
            assertThat(step.route()).isEqualTo(Routed.Route.RECIPIENT);
            assertThat(step.key()).isEqualTo("bob");
            assertThat(step.work().getStep()).isEqualTo(NotifyStep.CANDIDATE);
            assertThat(step.work().getKind()).isEqualTo(NotificationKind.SPEAKER_INVITE);
            assertThat(step.work().getActorId()).isEqualTo("host");
        });
        RoomTriggers.Outcome invite = run(room.createdLive(T0), room.roomInvite("cy", T0.plusSeconds(1)));
        assertThat(invite.steps()).extracting(s -> s.work().getKind()).containsExactly(NotificationKind.ROOM_INVITE);
    }

    @Test
    void handsRaisedWithinTheWindowAreToldToEveryModeratorOnceWithTheCount() {
        RoomTriggers.Outcome out = run(room.createdLive(T0), room.roleChanged("mo", Role.SPEAKER, Role.MODERATOR, T0),
            room.handRaised("a", T0.plusSeconds(1)), room.handRaised("b", T0.plusSeconds(2)),
            room.handRaised("c", T0.plusSeconds(20)));
        assertThat(out.steps()).isEmpty();
        NotifyRoom state = out.room();
        assertThat(triggers.dueHands(state, T0.plusSeconds(30))).as("window not over").isEmpty();
        List<Routed> due = triggers.dueHands(state, T0.plusSeconds(31));
        assertThat(due).extracting(Routed::key).containsExactly("host", "mo");
        assertThat(due).allSatisfy(step -> {
            assertThat(step.work().getKind()).isEqualTo(NotificationKind.HAND_RAISED);
            assertThat(step.work().getCount()).isEqualTo(3);
            assertThat(step.work().getDedupSuffix()).isEqualTo("#1");
        });
        assertThat(triggers.dueHands(state, T0.plusSeconds(40))).as("told once").isEmpty();
        RoomTriggers.Outcome later = triggers.apply(state, room.handRaised("d", T0.plusSeconds(50)), T0.plusSeconds(50));
        assertThat(triggers.dueHands(later.room(), T0.plusSeconds(81)))
            .allSatisfy(step -> assertThat(step.work().getDedupSuffix()).isEqualTo("#2"));
    }

    @Test
    void joinsAndLeavesGoToTheParticipantsPartition() {
        RoomTriggers.Outcome out = run(room.createdLive(T0), room.joined("ann", Role.LISTENER, T0));
        assertThat(out.steps()).singleElement().satisfies(step -> {
            assertThat(step.route()).isEqualTo(Routed.Route.RECIPIENT);
            assertThat(step.key()).isEqualTo("ann");
            assertThat(step.work().getStep()).isEqualTo(NotifyStep.PRESENCE);
            assertThat(step.work().getActive()).isTrue();
        });
    }

    @Test
    void theEndGoesToEveryRecipientPartitionAndLaterFactsAreIgnored() {
        RoomTriggers.Outcome ended = run(room.createdLive(T0), room.ended(T0.plusSeconds(60)));
        assertThat(ended.room()).isNull();
        assertThat(ended.steps()).singleElement().satisfies(step -> {
            assertThat(step.route()).isEqualTo(Routed.Route.EVERY_RECIPIENT_PARTITION);
            assertThat(step.work().getStep()).isEqualTo(NotifyStep.ROOM_ENDED);
        });
        assertThat(triggers.apply(null, room.speakerInvited("bob", T0.plusSeconds(61)), T0).steps()).isEmpty();
    }

    @Test
    void aRedeliveredCreationChangesNothing() {
        RoomTriggers.Outcome first = run(room.createdLive(T0));
        RoomTriggers.Outcome again = triggers.apply(first.room(), room.createdLive(T0), T0.plus(Duration.ofSeconds(1)));
        assertThat(again.steps()).isEmpty();
    }
}
