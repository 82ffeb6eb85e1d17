package io.roomcast.notify.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.LeaveReason;
import io.roomcast.events.Notification;
import io.roomcast.events.NotificationFrequency;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.PushPriority;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.notify.core.Preferences;
import io.roomcast.notify.core.RoomFacts;
import io.roomcast.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology in TopologyTestDriver: room facts, the social graph and settings in; notifications and dead letters out. */
class NotificationTopologyTest {
    // 12:00 UTC.
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path stateDir;

    private NotifyDriver driver;
    private final RoomFacts room = new RoomFacts("r1", "host");

    @BeforeEach
    void startDriver() {
        driver = new NotifyDriver(stateDir, NotificationTopology.Settings.DEFAULTS, T0);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(RoomEvent... facts) {
        driver.send(facts);
    }

    private void edge(String user, SocialRelation relation, SocialTargetType type, String target, boolean active) {
        driver.edge(user, relation, type, target, active, T0);
    }

    private void follow(String follower, String followed) {
        edge(follower, SocialRelation.FOLLOWS, SocialTargetType.USER, followed, true);
    }

    private NotificationSettings settingsOf(String user) {
        NotificationSettings s = Preferences.defaults(user);
        s.setEventId(UUID.randomUUID());
        s.setVersion(1);
        return s;
    }

    private void put(NotificationSettings s) {
        driver.settings(s.getUserId(), s);
    }

    /** "sleeper": quiet hours 20:00-08:00 in Tokyo, so quiet at T0 (21:00 there). */
    private void sleeperInTokyo() {
        NotificationSettings sleeper = settingsOf("sleeper");
        sleeper.setTimeZone("Asia/Tokyo");
        sleeper.setQuietStartMinute(20 * 60);
        sleeper.setQuietEndMinute(8 * 60);
        put(sleeper);
    }

    private List<KeyValue<String, Notification>> told() {
        return driver.told();
    }

    @Test
    void theHostsFollowersAreToldOnceWhenTheRoomStarts() {
        follow("f1", "host");
        follow("f2", "host");
        follow("f3", "other");
        RoomEvent created = room.createdLive(T0);
        send(created, room.joined("host", Role.MODERATOR, T0));
        send(created);

        List<KeyValue<String, Notification>> told = told();
        assertThat(told).extracting(kv -> kv.key).containsExactlyInAnyOrder("f1", "f2");
        assertThat(told).allSatisfy(kv -> {
            assertThat(kv.value.getUserId()).isEqualTo(kv.key);
            assertThat(kv.value.getKind()).isEqualTo(NotificationKind.FOLLOWED_STARTED_ROOM);
            assertThat(kv.value.getRoomId()).isEqualTo("r1");
            assertThat(kv.value.getActorId()).isEqualTo("host");
            assertThat(kv.value.getSourceEventId()).isEqualTo(created.getEventId().toString());
        });
    }

    @Test
    void aSpeakersFollowersInTheRoomAreNotToldAndAnUnfollowIsHonoured() {
        follow("inside", "ann");
        follow("outside", "ann");
        follow("gone", "ann");
        edge("gone", SocialRelation.FOLLOWS, SocialTargetType.USER, "ann", false);
        send(room.created(Visibility.PRIVATE, null, RoomLifecycle.LIVE, T0), room.joined("inside", Role.LISTENER, T0),
            room.joined("ann", Role.LISTENER, T0));
        assertThat(told()).isEmpty();
        RoomFacts open = new RoomFacts("r2", "host");
        send(open.createdLive(T0), open.joined("inside", Role.LISTENER, T0), open.joined("ann", Role.LISTENER, T0),
            open.roleChanged("ann", Role.LISTENER, Role.SPEAKER, T0.plusSeconds(3)));
        assertThat(told()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("outside");
            assertThat(kv.value.getKind()).isEqualTo(NotificationKind.FOLLOWED_SPEAKING);
            assertThat(kv.value.getTitle()).isEqualTo("ann is speaking");
        });
    }

    @Test
    void aClubsRoomTellsMembersAndFollowersOnceEach() {
        edge("m1", SocialRelation.MEMBER, SocialTargetType.CLUB, "jazz", true);
        edge("m1", SocialRelation.FOLLOWS, SocialTargetType.CLUB, "jazz", true);
        edge("fan", SocialRelation.FOLLOWS, SocialTargetType.CLUB, "jazz", true);
        follow("m1", "host");
        send(room.created(Visibility.PUBLIC, "jazz", RoomLifecycle.LIVE, T0));
        assertThat(told()).extracting(kv -> kv.key).containsExactlyInAnyOrder("m1", "fan");
    }

    @Test
    void quietHoursAndMutesAreRespected() {
        follow("sleeper", "host");
        follow("muter", "host");
        follow("awake", "host");
        sleeperInTokyo();
        NotificationSettings muter = settingsOf("muter");
        muter.setMutedUserIds(List.of("host"));
        put(muter);
        send(room.createdLive(T0));
        assertThat(told()).extracting(kv -> kv.key).containsExactly("awake");
    }

    @Test
    void eachAlertingNotificationHasOnePushDeliveryAndAQuietInviteHasNone() {
        follow("awake", "host");
        sleeperInTokyo();
        send(room.createdLive(T0), room.joined("host", Role.MODERATOR, T0),
            room.speakerInvited("sleeper", T0.plusSeconds(1)), room.roomInvite("awake", T0.plusSeconds(2)));

        List<KeyValue<String, Notification>> told = told();
        assertThat(told).extracting(kv -> kv.key).containsExactlyInAnyOrder("awake", "awake", "sleeper");
        List<KeyValue<String, PushDelivery>> pushed = driver.pushed();
        assertThat(pushed).extracting(kv -> kv.key).containsExactlyInAnyOrder("awake", "awake");
        for (KeyValue<String, PushDelivery> push : pushed) {
            Notification n = told.stream().map(kv -> kv.value)
                .filter(t -> t.getEventId().equals(push.value.getEventId())).findFirst().orElseThrow();
            assertThat(push.value.getKind()).isEqualTo(n.getKind());
            assertThat(push.value.getTitle()).isEqualTo(n.getTitle());
            assertThat(push.value.getRoomId()).isEqualTo("r1");
            assertThat(push.value.getExpiresAt()).isEqualTo(n.getOccurredAt().plus(Duration.ofMinutes(15)));
            assertThat(push.value.getCollapseKey()).hasSize(43);
            assertThat(push.value.getPriority()).isEqualTo(n.getKind() == NotificationKind.ROOM_INVITE
                ? PushPriority.HIGH : PushPriority.NORMAL);
        }
    }

    @Test
    void anOlderSettingsVersionDoesNotOverrideANewerOne() {
        follow("ann", "host");
        NotificationSettings newer = settingsOf("ann");
        newer.setVersion(2);
        newer.setMutedUserIds(List.of("host"));
        put(newer);
        put(settingsOf("ann"));
        send(room.createdLive(T0));
        assertThat(told()).isEmpty();
    }

    @Test
    void invitesGoToTheInviteeAtOnceEvenOverTheLimit() {
        NotificationSettings rare = settingsOf("bob");
        rare.setFrequency(NotificationFrequency.RARELY);
        put(rare);
        for (int i = 0; i < 5; i++) {
            RoomFacts r = new RoomFacts("inv" + i, "host");
            send(r.createdLive(T0), r.speakerInvited("bob", T0.plusSeconds(1)), r.roomInvite("bob", T0.plusSeconds(2)));
        }
        List<KeyValue<String, Notification>> told = told();
        assertThat(told).hasSize(10).allSatisfy(kv -> assertThat(kv.key).isEqualTo("bob"));
        assertThat(told).extracting(kv -> kv.value.getTitle()).contains("host invited you to speak", "host invited you to a room");
    }

    @Test
    void handsRaisedAreToldToTheModeratorsNotInTheRoomAggregated() {
        send(room.createdLive(T0), room.joined("host", Role.MODERATOR, T0),
            room.joined("mo", Role.MODERATOR, T0), room.fact("host", new ParticipantLeft("host", LeaveReason.TIMEOUT), T0),
            room.handRaised("a", T0.plusSeconds(1)), room.handRaised("b", T0.plusSeconds(2)),
            room.handRaised("c", T0.plusSeconds(3)));
        assertThat(told()).isEmpty();
        driver.advance(Duration.ofSeconds(31));
        assertThat(told()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("host");
            assertThat(kv.value.getKind()).isEqualTo(NotificationKind.HAND_RAISED);
            assertThat(kv.value.getCount()).isEqualTo(3);
            assertThat(kv.value.getTitle()).isEqualTo("3 hands raised");
        });
        driver.advance(Duration.ofSeconds(31));
        assertThat(told()).isEmpty();
    }

    @Test
    void aFloodOfRoomsYieldsTheRateLimitThenOneDigestOfTheRoomsStillLive() {
        follow("fan", "host");
        List<RoomFacts> rooms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RoomFacts r = new RoomFacts("flood" + i, "host");
            rooms.add(r);
            send(r.createdLive(T0));
        }
        assertThat(told()).hasSize(10);
        send(rooms.get(19).ended(T0.plusSeconds(60)), rooms.get(18).ended(T0.plusSeconds(60)));
        driver.advance(Duration.ofMinutes(59));
        assertThat(told()).isEmpty();
        driver.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(told()).singleElement().satisfies(kv -> {
            assertThat(kv.value.getKind()).isEqualTo(NotificationKind.DIGEST);
            assertThat(kv.value.getCount()).isEqualTo(8);
            assertThat(kv.value.getTitle()).isEqualTo("8 more rooms are live");
        });
        driver.advance(Duration.ofHours(2));
        assertThat(told()).isEmpty();
    }

    @Test
    void nothingIsToldOfARoomThatHasEnded() {
        follow("fan", "host");
        send(room.createdLive(T0), room.ended(T0.plusSeconds(1)), room.speakerInvited("fan", T0.plusSeconds(2)));
        assertThat(told()).as("the start, before the end").hasSize(1);
    }

    @Test
    void aCelebritysTenThousandFollowersAreEachToldOnce() {
        int followers = 10_000;
        for (int i = 0; i < followers; i++) {
            follow("f" + i, "star");
        }
        RoomFacts star = new RoomFacts("stage", "star");
        send(star.createdLive(T0), star.roleChanged("star", Role.MODERATOR, Role.MODERATOR, T0));
        List<KeyValue<String, Notification>> told = told();
        assertThat(told).hasSize(followers);
        assertThat(told.stream().map(kv -> kv.key).distinct().count()).isEqualTo(followers);
        assertThat(told.stream().map(kv -> kv.value.getEventId()).distinct().count()).isEqualTo(followers);
    }

    @Test
    void malformedFactsAndMisplacedSettingsAreDeadLetteredWithTheReason() {
        driver.rawEvent("r1", new byte[] {0, 0, 0, 0, 99, 1, 2});
        assertThat(driver.deadLetters(Topics.ROOM_EVENTS)).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).isNotBlank());
        driver.settings("someone-else", settingsOf("ann"));
        assertThat(driver.deadLetters(Topics.NOTIFICATION_SETTINGS)).singleElement()
            .satisfies(letter -> assertThat(letter.getReason()).contains("someone-else"));
        assertThat(driver.refused()).hasSize(2);
        follow("fan", "host");
        send(room.createdLive(T0));
        assertThat(told()).as("processing goes on").hasSize(1);
    }
}
