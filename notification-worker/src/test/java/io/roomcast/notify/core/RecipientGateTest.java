package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.NotificationFrequency;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RecipientLedger;
import io.roomcast.notify.core.RecipientGate.Decision;
import io.roomcast.notify.core.RecipientGate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipientGateTest {
    private static final Instant NOON_UTC = Instant.parse("2026-12-03T12:00:00Z");
    private static final NotifyLimits LIMITS = new NotifyLimits(Duration.ofHours(1), 6, 3, 2, Duration.ofDays(2),
        Duration.ofSeconds(30), Duration.ofMinutes(10));
    private final RecipientGate gate = new RecipientGate(LIMITS);
    private final RecipientLedger ledger = RecipientGate.emptyLedger("ann");
    private NotificationSettings settings = Preferences.defaults("ann");

    private static NotifyWork candidate(NotificationKind kind, String roomId, String actor) {
        return NotifyWork.newBuilder().setStep(NotifyStep.CANDIDATE).setKind(kind).setRoomId(roomId)
            .setRoomTitle("Room " + roomId).setActorId(actor).setClubId(null).setOccurredAt(0).build();
    }

    private Decision decide(NotificationKind kind, String roomId, Instant at) {
        return gate.decide(ledger, settings, candidate(kind, roomId, "host"), false, at);
    }

    @Test
    void aFollowedUsersRoomIsDeliveredOnceWithAStableEventId() {
        Decision first = decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC);
        assertThat(first.verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(first.push()).isTrue();
        assertThat(first.notification().getUserId()).isEqualTo("ann");
        assertThat(first.notification().getTitle()).isEqualTo("host started a room");
        assertThat(first.notification().getBody()).isEqualTo("Room r1");
        assertThat(first.notification().getDedupKey()).isEqualTo("ann|r1|LIVE");
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC.plusSeconds(1)).verdict())
            .isEqualTo(Verdict.DUPLICATE);
        RecipientLedger other = RecipientGate.emptyLedger("ann");
        assertThat(gate.decide(other, settings, candidate(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", "host"), false,
            NOON_UTC.plusSeconds(9)).notification().getEventId())
            .as("the same key gives the same event id").isEqualTo(first.notification().getEventId());
    }

    @Test
    void aLiveRoomIsAnnouncedOnceWhateverKindAnnouncesIt() {
        assertThat(decide(NotificationKind.CLUB_ROOM_STARTED, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(decide(NotificationKind.FOLLOWED_SPEAKING, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(decide(NotificationKind.FOLLOWED_SPEAKING, "r2", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void overTheRateLimitRoomsAreHeldAndToldInOneDigestOfTheLiveOnes() {
        for (int i = 1; i <= 3; i++) {
            assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC.plusSeconds(i)).verdict())
                .isEqualTo(Verdict.DELIVERED);
        }
        for (int i = 4; i <= 8; i++) {
            Decision held = decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC.plusSeconds(i));
            assertThat(held.verdict()).isEqualTo(Verdict.HELD);
            assertThat(held.notification()).isNull();
        }
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r5", NOON_UTC.plusSeconds(20)).verdict())
            .as("a held room is not held twice").isEqualTo(Verdict.DUPLICATE);
        Set<String> ended = Set.of("r8");
        assertThat(gate.dueDigest(ledger, settings, ended::contains, NOON_UTC.plusSeconds(3600))).as("window not over")
            .isNull();
        Decision digest = gate.dueDigest(ledger, settings, ended::contains, NOON_UTC.plusSeconds(3601));
        assertThat(digest.verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(digest.notification().getKind()).isEqualTo(NotificationKind.DIGEST);
        assertThat(digest.notification().getCount()).as("r4..r7 live, r8 ended").isEqualTo(4);
        assertThat(digest.notification().getTitle()).isEqualTo("4 more rooms are live");
        assertThat(gate.dueDigest(ledger, settings, ended::contains, NOON_UTC.plusSeconds(4000))).as("one digest").isNull();
    }

    @Test
    void noDigestWhenEveryHeldRoomHasEnded() {
        for (int i = 1; i <= 4; i++) {
            decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC);
        }
        assertThat(gate.dueDigest(ledger, settings, "r4"::equals, NOON_UTC.plusSeconds(3600))).isNull();
        assertThat(ledger.getOverflowRoomIds()).isEmpty();
    }

    @Test
    void theWindowSlides() {
        for (int i = 1; i <= 3; i++) {
            decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC);
        }
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r4", NOON_UTC.plusSeconds(3599)).verdict())
            .isEqualTo(Verdict.HELD);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r5", NOON_UTC.plusSeconds(3600)).verdict())
            .isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void invitesAreNeverRateLimitedNorCounted() {
        for (int i = 1; i <= 3; i++) {
            decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC);
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(decide(NotificationKind.SPEAKER_INVITE, "i" + i, NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
            assertThat(decide(NotificationKind.ROOM_INVITE, "i" + i, NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        }
        assertThat(decide(NotificationKind.SPEAKER_INVITE, "i1", NOON_UTC).verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(ledger.getCountedAt()).hasSize(3);
    }

    @Test
    void remindersAreNeverRateLimitedNorCountedAndComeOncePerRoom() {
        for (int i = 1; i <= 3; i++) {
            decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r" + i, NOON_UTC);
        }
        for (int i = 1; i <= 10; i++) {
            Decision reminder = decide(NotificationKind.SCHEDULED_ROOM_STARTING, "s" + i, NOON_UTC);
            assertThat(reminder.verdict()).isEqualTo(Verdict.DELIVERED);
            assertThat(reminder.notification().getDedupKey()).isEqualTo("ann|s" + i + "|SCHEDULED_ROOM_STARTING");
        }
        assertThat(decide(NotificationKind.SCHEDULED_ROOM_STARTING, "s1", NOON_UTC).verdict())
            .as("a member who also asked").isEqualTo(Verdict.DUPLICATE);
        assertThat(ledger.getCountedAt()).hasSize(3);
        assertThat(ledger.getOverflowRoomIds()).isEmpty();
    }

    @Test
    void theFrequencySetsTheLimitAndRarelyLeavesSpeakingAndHandsOut() {
        settings.setFrequency(NotificationFrequency.RARELY);
        assertThat(decide(NotificationKind.FOLLOWED_SPEAKING, "r0", NOON_UTC).verdict()).isEqualTo(Verdict.FREQUENCY);
        assertThat(decide(NotificationKind.HAND_RAISED, "r0", NOON_UTC).verdict()).isEqualTo(Verdict.FREQUENCY);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(decide(NotificationKind.CLUB_ROOM_STARTED, "r2", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(decide(NotificationKind.CLUB_ROOM_STARTED, "r3", NOON_UTC).verdict()).isEqualTo(Verdict.HELD);
        settings.setFrequency(NotificationFrequency.ALL);
        List<Verdict> all = new ArrayList<>();
        for (int i = 4; i <= 9; i++) {
            all.add(decide(NotificationKind.FOLLOWED_SPEAKING, "r" + i, NOON_UTC).verdict());
        }
        assertThat(all).containsExactly(Verdict.DELIVERED, Verdict.DELIVERED, Verdict.DELIVERED, Verdict.DELIVERED,
            Verdict.HELD, Verdict.HELD);
    }

    @Test
    void mutedUsersAndClubsAreSkipped() {
        settings.setMutedUserIds(List.of("host"));
        settings.setMutedClubIds(List.of("loud"));
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.MUTED);
        NotifyWork club = candidate(NotificationKind.CLUB_ROOM_STARTED, "r2", "other");
        club.setClubId("loud");
        assertThat(gate.decide(ledger, settings, club, false, NOON_UTC).verdict()).isEqualTo(Verdict.MUTED);
        assertThat(gate.decide(ledger, settings, candidate(NotificationKind.FOLLOWED_STARTED_ROOM, "r3", "other"), false,
            NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void quietHoursAcrossMidnightInTheUsersTimeZone() {
        settings.setQuietStartMinute(22 * 60);
        settings.setQuietEndMinute(7 * 60);
        settings.setTimeZone("Asia/Tokyo");
        // 12:00 UTC = 21:00 Tokyo: not quiet; 13:30 UTC = 22:30; 21:59 UTC = 06:59; 22:00 UTC = 07:00.
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r2", Instant.parse("2026-12-03T13:30:00Z")).verdict())
            .isEqualTo(Verdict.QUIET_HOURS);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r2", Instant.parse("2026-12-03T21:59:00Z")).verdict())
            .isEqualTo(Verdict.QUIET_HOURS);
        assertThat(decide(NotificationKind.FOLLOWED_STARTED_ROOM, "r2", Instant.parse("2026-12-03T22:00:00Z")).verdict())
            .isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void quietHoursWithinADayAndFollowingDaylightSavingTime() {
        settings.setQuietStartMinute(9 * 60);
        settings.setQuietEndMinute(17 * 60);
        settings.setTimeZone("America/New_York");
        // 14:00 UTC is 09:00 in New York in winter (UTC-5), 10:00 in summer (UTC-4).
        assertThat(Preferences.inQuietHours(settings, Instant.parse("2026-12-03T14:00:00Z"))).isTrue();
        assertThat(Preferences.inQuietHours(settings, Instant.parse("2026-12-03T13:59:00Z"))).isFalse();
        assertThat(Preferences.inQuietHours(settings, Instant.parse("2026-07-03T13:00:00Z"))).isTrue();
        assertThat(Preferences.inQuietHours(settings, Instant.parse("2026-12-03T22:00:00Z"))).isFalse();
    }

    @Test
    void invitesComeThroughQuietHoursWithoutPush() {
        settings.setQuietStartMinute(0);
        settings.setQuietEndMinute(23 * 60 + 59);
        Decision invite = decide(NotificationKind.SPEAKER_INVITE, "r1", NOON_UTC);
        assertThat(invite.verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(invite.push()).isFalse();
    }

    @Test
    void nothingForAnEndedRoom() {
        assertThat(gate.decide(ledger, settings, candidate(NotificationKind.SPEAKER_INVITE, "r1", "host"), true, NOON_UTC)
            .verdict()).isEqualTo(Verdict.STALE);
        assertThat(ledger.getSeen()).isEmpty();
    }

    @Test
    void aRecipientInTheRoomIsNotToldItIsLiveButGetsInvites() {
        RecipientGate.presence(ledger, "r1", true);
        assertThat(decide(NotificationKind.FOLLOWED_SPEAKING, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.IN_ROOM);
        assertThat(decide(NotificationKind.HAND_RAISED, "r1", NOON_UTC).verdict()).as("a connected moderator")
            .isEqualTo(Verdict.IN_ROOM);
        assertThat(decide(NotificationKind.SPEAKER_INVITE, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
        RecipientGate.presence(ledger, "r0", false);
        assertThat(ledger.getCurrentRoomId()).as("leaving another room").isEqualTo("r1");
        RecipientGate.presence(ledger, "r1", false);
        assertThat(decide(NotificationKind.FOLLOWED_SPEAKING, "r1", NOON_UTC).verdict()).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void handBatchesAreToldSeparatelyWithTheirCount() {
        NotifyWork first = candidate(NotificationKind.HAND_RAISED, "r1", null);
        first.setCount(3);
        first.setDedupSuffix("#1");
        Decision told = gate.decide(ledger, settings, first, false, NOON_UTC);
        assertThat(told.notification().getTitle()).isEqualTo("3 hands raised");
        assertThat(told.notification().getBody()).isEqualTo("in Room r1");
        assertThat(gate.decide(ledger, settings, first, false, NOON_UTC).verdict()).isEqualTo(Verdict.DUPLICATE);
        NotifyWork second = NotifyWork.newBuilder(first).setDedupSuffix("#2").setCount(1).build();
        assertThat(gate.decide(ledger, settings, second, false, NOON_UTC).notification().getTitle())
            .isEqualTo("1 hand raised");
    }

    @Test
    void dedupKeysAreForgottenAfterTheRetention() {
        decide(NotificationKind.ROOM_INVITE, "r1", NOON_UTC);
        assertThat(decide(NotificationKind.ROOM_INVITE, "r1", NOON_UTC.plus(Duration.ofDays(1))).verdict())
            .isEqualTo(Verdict.DUPLICATE);
        gate.prune(ledger, NOON_UTC.plus(Duration.ofDays(2)));
        assertThat(ledger.getSeen()).isEmpty();
        assertThat(RecipientGate.isEmpty(ledger)).isTrue();
    }
}
