package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemindersTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant START = T0.plus(Duration.ofHours(2));
    private static final long DUE = START.minus(Duration.ofMinutes(10)).toEpochMilli();
    private final Reminders reminders = new Reminders(NotifyLimits.DEFAULTS);
    private final RoomTriggers triggers = new RoomTriggers(NotifyLimits.DEFAULTS);
    private final RoomFacts room = new RoomFacts("r1", "host");

    /** The room as the worker knows it after the facts. */
    private NotifyRoom known(RoomEvent... facts) {
        NotifyRoom state = null;
        for (RoomEvent fact : facts) {
            state = triggers.apply(state, fact, fact.getOccurredAt()).room();
        }
        return state;
    }

    @Test
    void aScheduledRoomArmsItsTimerTheLeadBeforeItsStart() {
        Reminders.Timer timer = reminders.onFact(null, room.scheduled(Visibility.PUBLIC, null, T0, START));
        assertThat(timer).isEqualTo(new Reminders.Timer(Reminders.Timer.Change.ARM, DUE));
    }

    @Test
    void aStartTooCloseForTheLeadIsDueAtOnceAndALiveOrUnannouncedRoomArmsNothing() {
        Instant soon = T0.plus(Duration.ofMinutes(3));
        assertThat(reminders.onFact(null, room.scheduled(Visibility.PUBLIC, null, T0, soon)).dueAtMs())
            .isEqualTo(soon.toEpochMilli() - Duration.ofMinutes(10).toMillis());
        assertThat(reminders.onFact(null, room.scheduled(Visibility.PUBLIC, null, Instant.EPOCH, Instant.EPOCH)).dueAtMs())
            .as("never negative").isZero();
        assertThat(reminders.onFact(null, room.createdLive(T0)).change()).isEqualTo(Reminders.Timer.Change.NONE);
        assertThat(reminders.onFact(null, room.scheduled(Visibility.PUBLIC, null, T0, null)).change())
            .isEqualTo(Reminders.Timer.Change.NONE);
    }

    @Test
    void aRedeliveredCreationChangesNothingAndAStartOrAnEndCancels() {
        RoomEvent created = room.scheduled(Visibility.PUBLIC, null, T0, START);
        NotifyRoom known = known(created);
        assertThat(reminders.onFact(known, created).change()).isEqualTo(Reminders.Timer.Change.NONE);
        assertThat(reminders.onFact(known, room.started(T0.plusSeconds(5))).change()).isEqualTo(Reminders.Timer.Change.CANCEL);
        assertThat(reminders.onFact(known, room.ended(T0.plusSeconds(5))).change()).isEqualTo(Reminders.Timer.Change.CANCEL);
        assertThat(reminders.onFact(known, room.handRaised("a", T0)).change()).isEqualTo(Reminders.Timer.Change.NONE);
    }

    @Test
    void aDueTimerTellsThoseWhoAskedAndTheClubsMembers() {
        NotifyRoom known = known(room.scheduled(Visibility.PUBLIC, "jazz", T0, START));
        List<Routed> steps = reminders.due(known, DUE, Reminders.timerKey(DUE, "r1"));
        assertThat(steps).extracting(Routed::key).containsExactly("ROOM:r1", "CLUB:jazz");
        assertThat(steps).extracting(step -> step.work().getRelation())
            .containsExactly(SocialRelation.REMINDS, SocialRelation.MEMBER);
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.route()).isEqualTo(Routed.Route.AUDIENCE);
            assertThat(step.work().getStep()).isEqualTo(NotifyStep.AUDIENCE);
            assertThat(step.work().getKind()).isEqualTo(NotificationKind.SCHEDULED_ROOM_STARTING);
            assertThat(step.work().getRoomId()).isEqualTo("r1");
            assertThat(step.work().getRoomTitle()).isEqualTo("Jazz at night");
            assertThat(step.work().getActorId()).isEqualTo("host");
            assertThat(step.work().getOccurredAt()).isEqualTo(DUE);
        });
    }

    @Test
    void aRoomWithoutClubOrAPrivateClubRoomRemindsOnlyThoseWhoAsked() {
        assertThat(reminders.due(known(room.scheduled(Visibility.PUBLIC, null, T0, START)), DUE,
            Reminders.timerKey(DUE, "r1"))).extracting(Routed::key).containsExactly("ROOM:r1");
        assertThat(reminders.due(known(room.scheduled(Visibility.PRIVATE, "jazz", T0, START)), DUE,
            Reminders.timerKey(DUE, "r1"))).extracting(Routed::key).containsExactly("ROOM:r1");
        assertThat(reminders.due(known(room.scheduled(Visibility.CLUB, "jazz", T0, START)), DUE,
            Reminders.timerKey(DUE, "r1"))).extracting(Routed::key).containsExactly("ROOM:r1", "CLUB:jazz");
    }

    @Test
    void aStaleTimerRemindsNoOne() {
        RoomEvent created = room.scheduled(Visibility.PUBLIC, "jazz", T0, START);
        String key = Reminders.timerKey(DUE, "r1");
        assertThat(reminders.due(known(created, room.started(T0.plusSeconds(60))), DUE, key)).as("started").isEmpty();
        assertThat(reminders.due(known(created, room.ended(T0.plusSeconds(60))), DUE, key)).as("ended").isEmpty();
        assertThat(reminders.due(known(created), DUE + 60_000, key)).as("rescheduled").isEmpty();
        assertThat(reminders.due(known(created), null, key)).as("cancelled").isEmpty();
        assertThat(reminders.due(known(created), DUE, key)).isNotEmpty();
    }

    @Test
    void timerKeysSortByDueTimeAndTheBoundTakesExactlyThoseDue() {
        String due = Reminders.timerKey(DUE, "zz");
        String later = Reminders.timerKey(DUE + 1, "aa");
        assertThat(due).isEqualTo("000000" + DUE + "|zz");
        assertThat(Reminders.dueAtOf(due)).isEqualTo(DUE);
        assertThat(Reminders.roomOf(due)).isEqualTo("zz");
        assertThat(due).isLessThan(later);
        assertThat(Reminders.timerKey(999, "r")).isLessThan(Reminders.timerKey(1000, "r"));
        assertThat(Reminders.FIRST).isLessThanOrEqualTo(Reminders.timerKey(0, ""));
        assertThat(due).isLessThan(Reminders.dueBound(DUE));
        assertThat(later).isGreaterThan(Reminders.dueBound(DUE));
        assertThat(Reminders.dueBound(DUE - 1)).isLessThan(due);
        assertThatThrownBy(() -> Reminders.timerKey(-1, "r")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLeadIsASettingAndCannotBeNegative() {
        NotifyLimits d = NotifyLimits.DEFAULTS;
        assertThat(d.reminderLead()).isEqualTo(Duration.ofMinutes(10));
        Reminders atStart = new Reminders(new NotifyLimits(d.rateWindow(), d.limitAll(), d.limitNormal(), d.limitRarely(),
            d.dedupRetention(), d.handWindow(), Duration.ZERO));
        assertThat(atStart.onFact(null, room.scheduled(Visibility.PUBLIC, null, T0, START)).dueAtMs())
            .isEqualTo(START.toEpochMilli());
        assertThatThrownBy(() -> new NotifyLimits(d.rateWindow(), d.limitAll(), d.limitNormal(), d.limitRarely(),
            d.dedupRetention(), d.handWindow(), Duration.ofMinutes(-1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reminder-lead");
    }
}
