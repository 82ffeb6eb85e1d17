package io.roomcast.notify.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.notify.core.RoomFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled-room reminders in TopologyTestDriver: REMINDS edges piped into social-graph, a scheduled room into
 * room-events, the wall clock moved on; the default lead (10 min) and punctuation (1 s).
 */
class ReminderTopologyTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    /** The scheduled rooms start 2 h after T0, so their reminders are due 1 h 50 min after T0. */
    private static final Duration TO_START = Duration.ofHours(2);
    private static final Duration TO_DUE = TO_START.minus(Duration.ofMinutes(10));

    @TempDir
    Path stateDir;
    private NotifyDriver driver;
    private final RoomFacts room = new RoomFacts("r1", "host");

    @BeforeEach
    void start() {
        driver = new NotifyDriver(stateDir, NotificationTopology.Settings.DEFAULTS, T0);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void asks(String user, String roomId, boolean active) {
        driver.edge(user, SocialRelation.REMINDS, SocialTargetType.ROOM, roomId, active, T0);
    }

    private void member(String user, String clubId) {
        driver.edge(user, SocialRelation.MEMBER, SocialTargetType.CLUB, clubId, true, T0);
    }

    private RoomEvent scheduled(RoomFacts facts, String clubId) {
        return facts.scheduled(Visibility.PUBLIC, clubId, T0, T0.plus(TO_START));
    }

    private List<KeyValue<String, Notification>> told() {
        return driver.told();
    }

    @Test
    void theReminderGoesAtStartMinusLeadToThoseWhoAskedAndTheClubsMembersOnceEach() {
        asks("asker", "r1", true);
        member("member", "jazz");
        member("both", "jazz");
        asks("both", "r1", true);
        member("host", "jazz");
        driver.edge("fan", SocialRelation.FOLLOWS, SocialTargetType.CLUB, "jazz", true, T0);
        asks("other-room", "r2", true);
        driver.send(scheduled(room, "jazz"));

        driver.advance(TO_DUE.minusSeconds(2));
        assertThat(told()).as("before the due time").isEmpty();
        driver.advance(Duration.ofSeconds(3));
        List<KeyValue<String, Notification>> told = told();
        assertThat(told).extracting(kv -> kv.key).containsExactlyInAnyOrder("asker", "member", "both");
        assertThat(told).allSatisfy(kv -> {
            assertThat(kv.value.getKind()).isEqualTo(NotificationKind.SCHEDULED_ROOM_STARTING);
            assertThat(kv.value.getRoomId()).isEqualTo("r1");
            assertThat(kv.value.getClubId()).isEqualTo("jazz");
            assertThat(kv.value.getTitle()).isEqualTo("A room you follow starts soon");
            assertThat(kv.value.getBody()).isEqualTo("Jazz at night");
        });
        driver.advance(Duration.ofMinutes(30));
        assertThat(told()).as("once").isEmpty();
    }

    @Test
    void aUserWhoDidNotAskOrTookItBackIsNotReminded() {
        asks("never", "r1", false);
        asks("changed-mind", "r1", true);
        asks("changed-mind", "r1", false);
        asks("asker", "r1", true);
        driver.send(scheduled(room, null));
        driver.advance(TO_DUE.plusSeconds(1));
        assertThat(told()).extracting(kv -> kv.key).containsExactly("asker");
    }

    @Test
    void aRoomThatStartedOrEndedBeforeItsReminderRemindsNoOne() {
        RoomFacts early = new RoomFacts("early", "host");
        RoomFacts cancelled = new RoomFacts("cancelled", "host");
        RoomFacts kept = new RoomFacts("kept", "host");
        for (String roomId : List.of("early", "cancelled", "kept")) {
            asks("asker", roomId, true);
        }
        driver.send(scheduled(early, null), scheduled(cancelled, null), scheduled(kept, null));
        driver.advance(Duration.ofMinutes(30));
        driver.send(early.started(T0.plus(Duration.ofMinutes(30))), cancelled.ended(T0.plus(Duration.ofMinutes(30))));
        driver.advance(TO_START);
        assertThat(told()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("asker");
            assertThat(kv.value.getRoomId()).isEqualTo("kept");
        });
        assertThat(driver.entries(NotificationTopology.REMINDERS_DUE_STORE)).as("no timer left").isZero();
        assertThat(driver.entries(NotificationTopology.REMINDER_OF_ROOM_STORE)).isZero();
    }

    @Test
    void theTimerSurvivesARestartAndIsNotRepeatedByTheNext() {
        asks("asker", "r1", true);
        member("member", "jazz");
        driver.send(scheduled(room, "jazz"));
        driver.advance(Duration.ofMinutes(20));
        assertThat(driver.entries(NotificationTopology.REMINDERS_DUE_STORE)).isEqualTo(1);

        driver.restart(T0.plus(Duration.ofHours(1)));
        assertThat(driver.entries(NotificationTopology.REMINDERS_DUE_STORE)).as("restored").isEqualTo(1);
        driver.advance(Duration.ofMinutes(49));
        assertThat(told()).as("not due yet").isEmpty();
        driver.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(told()).extracting(kv -> kv.key).containsExactlyInAnyOrder("asker", "member");

        driver.restart(T0.plus(TO_DUE).plusSeconds(5));
        assertThat(driver.entries(NotificationTopology.REMINDERS_DUE_STORE)).as("spent, not restored").isZero();
        driver.advance(Duration.ofMinutes(30));
        assertThat(told()).isEmpty();
    }

    @Test
    void aReminderDueWhileTheWorkerWasDownIsSentOnceAfterTheRestart() {
        asks("asker", "r1", true);
        driver.send(scheduled(room, null));
        driver.restart(T0.plus(TO_DUE).plus(Duration.ofMinutes(5)));
        driver.advance(Duration.ofSeconds(1));
        assertThat(told()).extracting(kv -> kv.key).containsExactly("asker");
        driver.advance(Duration.ofMinutes(1));
        assertThat(told()).isEmpty();
    }
}
