package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.CommandRejected;
import io.roomcast.events.HandRaised;
import io.roomcast.events.HourStats;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomStats;
import io.roomcast.events.RoomTally;
import io.roomcast.events.SpeakerTime;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomStatsRulesTest {
    private static final String ROOM = "r-1";
    private static final Instant T0 = Instant.parse("2026-12-03T10:15:00Z");

    private final RoomStatsRules rules = new RoomStatsRules(RoomStatsRules.Settings.DEFAULTS);
    private final Facts facts = new Facts(ROOM);
    private RoomTally tally;

    /** Applies each fact (a replay or no-op leaves the tally as it was) and returns the stats. */
    private RoomStats apply(RoomEvent... events) {
        for (RoomEvent event : events) {
            RoomTally next = rules.apply(tally, event);
            tally = next == null ? tally : next;
        }
        return rules.stats(tally);
    }

    private static Instant at(Duration offset) {
        return T0.plus(offset);
    }

    @Test
    void countsListenersAndSpeakersNowInTheRoomAndThePeak() {
        apply(facts.created(T0), facts.joined("host", Role.MODERATOR, T0), facts.joined("ann", Role.LISTENER, T0),
            facts.joined("bob", Role.LISTENER, T0));
        RoomStats stats = apply(facts.next(new RoleChanged("ann", Role.LISTENER, Role.SPEAKER), at(Duration.ofSeconds(5))),
            facts.left("bob", at(Duration.ofSeconds(9))));

        assertThat(stats.getSpeakers()).as("host (moderator) and ann (speaker)").isEqualTo(2);
        assertThat(stats.getListeners()).isZero();
        assertThat(stats.getPeakConcurrent()).isEqualTo(3);
        assertThat(stats.getTotalJoins()).isEqualTo(3);
        assertThat(stats.getStartedAt()).isEqualTo(T0);
        assertThat(stats.getVisibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(stats.getEndedAt()).isNull();
    }

    @Test
    void aPublicLiveRoomTrendsByItsFiveMinuteMomentumInThousandthsAndLeavesWhenItEndsOrCoolsDown() {
        RoomStats two = apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0),
            facts.joined("bob", Role.LISTENER, at(Duration.ofSeconds(1))));
        assertThat(RoomStatsRules.trendingScore(two)).as("2 joins in 5 min: 0.4 joins/min").isEqualTo(400L);

        RoomTally cooled = rules.advance(tally, at(Duration.ofMinutes(6)));
        assertThat(RoomStatsRules.trendingScore(rules.stats(cooled))).as("no join in the last 5 minutes").isNull();

        RoomStats ended = apply(facts.ended(at(Duration.ofSeconds(2))));
        assertThat(RoomStatsRules.trendingScore(ended)).as("ended").isNull();

        RoomStats hidden = RoomStats.newBuilder(two).setVisibility(io.roomcast.events.Visibility.PRIVATE).build();
        assertThat(RoomStatsRules.trendingScore(hidden)).as("private").isNull();
    }

    @Test
    void totalJoinsCountsEveryJoinAndARejoinTwice() {
        RoomStats stats = apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0),
            facts.left("ann", at(Duration.ofSeconds(1))), facts.joined("ann", Role.LISTENER, at(Duration.ofSeconds(2))));

        assertThat(stats.getTotalJoins()).isEqualTo(2);
        assertThat(stats.getListeners()).isEqualTo(1);
    }

    @Test
    void averageStayIsTheMeanOfTheCompletedStaysAndTheRoomsEndCompletesTheRest() {
        apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0), facts.joined("bob", Role.LISTENER, T0));
        RoomStats oneLeft = apply(facts.left("ann", at(Duration.ofSeconds(10))));

        assertThat(oneLeft.getStaysCompleted()).isEqualTo(1);
        assertThat(oneLeft.getAverageStayMs()).isEqualTo(10_000);

        RoomStats ended = apply(facts.ended(at(Duration.ofSeconds(30))));

        assertThat(ended.getStaysCompleted()).isEqualTo(2);
        assertThat(ended.getAverageStayMs()).as("(10 s + 30 s) / 2").isEqualTo(20_000);
        assertThat(ended.getListeners()).isZero();
        assertThat(ended.getEndedAt()).isEqualTo(at(Duration.ofSeconds(30)));
    }

    @Test
    void averageStayIsUnknownWhileNoStayEnded() {
        assertThat(apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0)).getAverageStayMs()).isNull();
    }

    @Test
    void speakTimeRunsFromSpeakingUntilSilenceMuteLeavingTheStageOrLeaving() {
        apply(facts.created(T0), facts.joined("host", Role.MODERATOR, T0), facts.joined("ann", Role.LISTENER, T0),
            facts.next(new RoleChanged("ann", Role.LISTENER, Role.SPEAKER), T0));
        RoomStats stats = apply(
            facts.speaking("host", true, at(Duration.ofSeconds(1))), facts.speaking("host", false, at(Duration.ofSeconds(4))),
            facts.speaking("host", true, at(Duration.ofSeconds(10))),
            facts.next(new ParticipantMuted("host"), at(Duration.ofSeconds(12))),
            facts.speaking("ann", true, at(Duration.ofSeconds(20))),
            facts.next(new RoleChanged("ann", Role.SPEAKER, Role.LISTENER), at(Duration.ofSeconds(27))));

        assertThat(stats.getSpeakTime()).containsExactly(new SpeakerTime("ann", 7_000L), new SpeakerTime("host", 5_000L));
    }

    @Test
    void anOpenSpeakingIntervalCountsUpToTheNewestFactAndALeaveClosesIt() {
        apply(facts.created(T0), facts.joined("host", Role.MODERATOR, T0), facts.speaking("host", true, T0));

        assertThat(apply(facts.joined("ann", Role.LISTENER, at(Duration.ofSeconds(3)))).getSpeakTime())
            .containsExactly(new SpeakerTime("host", 3_000L));
        assertThat(apply(facts.left("host", at(Duration.ofSeconds(8))), facts.left("ann", at(Duration.ofSeconds(60))))
            .getSpeakTime()).containsExactly(new SpeakerTime("host", 8_000L));
    }

    @Test
    void aListenerReportedSpeakingGetsNoSpeakTime() {
        RoomStats stats = apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0),
            facts.speaking("ann", true, T0), facts.speaking("ann", false, at(Duration.ofSeconds(5))));

        assertThat(stats.getSpeakTime()).isEmpty();
    }

    @Test
    void countsHandRaises() {
        RoomStats stats = apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0),
            facts.next(new HandRaised("ann", T0), T0), facts.next(new HandRaised("ann", T0), at(Duration.ofMinutes(1))));

        assertThat(stats.getHandRaises()).isEqualTo(2);
    }

    @Test
    void momentumIsJoinsPerMinuteOverTheLastOneAndFiveMinutesOfEventTime() {
        apply(facts.created(T0));
        for (int i = 0; i < 10; i++) { // 10 joins in the first minute
            apply(facts.joined("early-" + i, Role.LISTENER, at(Duration.ofSeconds(5 * i))));
        }
        for (int i = 0; i < 3; i++) { // 3 joins 3 minutes later
            apply(facts.joined("late-" + i, Role.LISTENER, at(Duration.ofMinutes(3).plusSeconds(i))));
        }
        RoomStats stats = rules.stats(tally);

        assertThat(stats.getJoinsPerMinute1m()).isEqualTo(3.0);
        assertThat(stats.getJoinsPerMinute5m()).isEqualTo(13 / 5.0);
    }

    @Test
    void windowsMoveOnWithoutFactsAndMomentumDecaysToZero() {
        apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0), facts.joined("bob", Role.LISTENER, T0));
        long version = tally.getStatsVersion();

        RoomTally afterTwoMinutes = rules.advance(tally, at(Duration.ofMinutes(2)));

        assertThat(rules.stats(afterTwoMinutes).getJoinsPerMinute1m()).isZero();
        assertThat(rules.stats(afterTwoMinutes).getJoinsPerMinute5m()).isEqualTo(2 / 5.0);
        assertThat(afterTwoMinutes.getStatsVersion()).isEqualTo(version + 1);
        assertThat(rules.advance(afterTwoMinutes, at(Duration.ofMinutes(3))))
            .as("nothing changed between minute 2 and 3").isNull();
        RoomTally afterSixMinutes = rules.advance(afterTwoMinutes, at(Duration.ofMinutes(6)));
        assertThat(rules.stats(afterSixMinutes).getJoinsPerMinute5m()).isZero();
        assertThat(afterSixMinutes.getJoinBuckets()).isEmpty();
        assertThat(rules.advance(afterSixMinutes, at(Duration.ofMinutes(30)))).as("no joins left to age").isNull();
        assertThat(rules.advance(tally, T0.minusSeconds(60))).as("windows never move back").isNull();
    }

    @Test
    void theHourlyBreakdownAppearsOnceTheRoomEnded() {
        apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0), facts.joined("bob", Role.LISTENER, T0));
        RoomStats live = apply(facts.next(new HandRaised("ann", T0), at(Duration.ofMinutes(40))),
            facts.left("bob", at(Duration.ofMinutes(40))), facts.joined("cy", Role.LISTENER, at(Duration.ofMinutes(70))));
        assertThat(live.getHourly()).isEmpty();

        RoomStats ended = apply(facts.ended(at(Duration.ofMinutes(80))));

        Instant ten = Instant.parse("2026-12-03T10:00:00Z");
        Instant eleven = Instant.parse("2026-12-03T11:00:00Z");
        assertThat(ended.getHourly()).containsExactly(
            new HourStats(ten, 2, 1, 1, 2),
            new HourStats(eleven, 1, 2, 0, 2));
    }

    @Test
    void aReplayedFactCountsOnce() {
        RoomEvent created = facts.created(T0);
        RoomEvent join = facts.joined("ann", Role.LISTENER, T0);
        RoomEvent raise = facts.next(new HandRaised("ann", T0), T0);
        apply(created, join, raise);
        RoomTally before = tally;

        assertThat(rules.apply(tally, raise)).as("the newest fact again").isNull();
        assertThat(rules.apply(tally, join)).as("an older fact again").isNull();
        assertThat(tally).isEqualTo(before);
        assertThat(rules.stats(tally).getTotalJoins()).isEqualTo(1);
        assertThat(rules.stats(tally).getHandRaises()).isEqualTo(1);
    }

    @Test
    void aSecondFactOfTheSameCommandIsNotAReplay() {
        apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0));
        RoomStats stats = apply(facts.next(new HandRaised("ann", T0), T0), facts.same(new HandRaised("bob", T0), T0));

        assertThat(stats.getHandRaises()).isEqualTo(2);
    }

    @Test
    void aReplayedSpeakingChangeCountsOnce() {
        apply(facts.created(T0), facts.joined("host", Role.MODERATOR, T0));
        RoomEvent start = facts.speaking("host", true, at(Duration.ofSeconds(1)));
        RoomEvent stop = facts.speaking("host", false, at(Duration.ofSeconds(3)));

        RoomStats stats = apply(start, stop, start, stop, facts.joined("ann", Role.LISTENER, at(Duration.ofSeconds(9))));

        assertThat(stats.getSpeakTime()).containsExactly(new SpeakerTime("host", 2_000L));
    }

    @Test
    void commandAnswersAndFactsAfterTheEndChangeNothing() {
        apply(facts.created(T0), facts.ended(at(Duration.ofSeconds(1))));

        assertThat(rules.apply(tally, facts.same(new CommandRejected("JoinRoom", RejectionReason.ROOM_ENDED,
            "ended", null), T0))).isNull();
        assertThat(rules.apply(tally, facts.joined("late", Role.LISTENER, at(Duration.ofSeconds(2))))).isNull();
        assertThat(rules.advance(tally, at(Duration.ofMinutes(1)))).isNull();
    }

    @Test
    void aRoomsTallyStartsAtItsRoomCreated() {
        assertThat(rules.apply(null, facts.speaking("host", true, T0))).as("a late fact of a forgotten room").isNull();
        assertThat(rules.apply(null, facts.joined("ann", Role.LISTENER, T0))).isNull();

        RoomStats created = apply(facts.created(T0));

        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getRoomId()).isEqualTo(ROOM);
    }

    @Test
    void aRecordsEventIdFollowsFromRoomAndVersion() {
        RoomStats first = apply(facts.created(T0));

        assertThat(rules.stats(tally).getEventId()).isEqualTo(first.getEventId());
        assertThat(apply(facts.joined("ann", Role.LISTENER, T0)).getEventId()).isNotEqualTo(first.getEventId());
        assertThat(first.getOccurredAt()).isEqualTo(T0);
    }

    @Test
    void everyChangeRaisesTheVersion() {
        RoomStats first = apply(facts.created(T0));
        RoomStats second = apply(facts.joined("ann", Role.LISTENER, T0));

        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(second.getVersion()).isEqualTo(2);
    }

    @Test
    void windowSettingsAreChecked() {
        assertThatThrownBy(() -> new RoomStatsRules.Settings(Duration.ofMinutes(5), Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoomStatsRules.Settings(Duration.ZERO, Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInputTallyIsNeverChanged() {
        apply(facts.created(T0), facts.joined("ann", Role.LISTENER, T0));
        RoomTally copy = RoomTally.newBuilder(tally).build();

        rules.apply(tally, facts.left("ann", at(Duration.ofSeconds(5))));
        rules.advance(tally, at(Duration.ofMinutes(3)));

        assertThat(tally).isEqualTo(copy);
        assertThat(List.copyOf(tally.getPresent().keySet())).containsExactly("ann");
    }
}
