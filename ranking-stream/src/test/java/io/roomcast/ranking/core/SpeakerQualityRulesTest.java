package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.roomcast.events.RoomStats;
import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.SpeakerTime;
import io.roomcast.events.SpokenRoom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpeakerQualityRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private final SpeakerQualityRules rules = new SpeakerQualityRules(new SpeakerQualityRules.Settings(
        Duration.ofMinutes(10), 3, 3));

    private static RoomStats ended(String roomId, Instant endedAt, long stays, Long averageStayMs, SpeakerTime... spoke) {
        return RoomStats.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(endedAt).setRoomId(roomId)
            .setVersion(9).setEndedAt(endedAt).setListeners(0).setSpeakers(0).setPeakConcurrent(5).setTotalJoins(stays)
            .setJoinsPerMinute1m(0).setJoinsPerMinute5m(0).setStaysCompleted(stays).setAverageStayMs(averageStayMs)
            .setHandRaises(0).setSpeakTime(List.of(spoke)).setHourly(List.of()).build();
    }

    private SpeakerQuality countAll(String user, RoomStats... rooms) {
        SpeakerQuality quality = null;
        for (RoomStats room : rooms) {
            for (SpeakerQualityRules.Spoken spoken : rules.spoken(room)) {
                if (spoken.userId().equals(user)) {
                    SpeakerQuality next = rules.count(quality, spoken);
                    quality = next == null ? quality : next;
                }
            }
        }
        return quality;
    }

    @Test
    void aRoomsHoldIsItsMeanStayAgainstTheHalfSaturation() {
        List<SpeakerQualityRules.Spoken> spoken = rules.spoken(ended("r", T0, 4, 600_000L,
            new SpeakerTime("bob", 1_000L), new SpeakerTime("cy", 5L)));
        assertThat(spoken).extracting(SpeakerQualityRules.Spoken::userId).containsExactly("bob", "cy");
        assertThat(spoken.getFirst().room().getHold()).as("10 min mean stay, 10 min half-saturation").isEqualTo(0.5);
        assertThat(rules.spoken(ended("r", T0, 4, 1_800_000L, new SpeakerTime("bob", 1L))).getFirst().room().getHold())
            .isEqualTo(0.75);
    }

    @Test
    void onlyEndedRoomsWithEnoughStaysCountAndOnlyForThoseWhoSpoke() {
        assertThat(rules.spoken(ended("few", T0, 2, 600_000L, new SpeakerTime("bob", 1_000L)))).as("2 stays < 3").isEmpty();
        assertThat(rules.spoken(ended("silent", T0, 5, 600_000L, new SpeakerTime("bob", 0L)))).isEmpty();
        RoomStats live = RoomStats.newBuilder(ended("live", T0, 5, 600_000L, new SpeakerTime("bob", 1_000L)))
            .setEndedAt(null).build();
        assertThat(rules.spoken(live)).as("not ended").isEmpty();
        assertThat(rules.spoken(ended("none", T0, 5, null, new SpeakerTime("bob", 1_000L)))).isEmpty();
    }

    @Test
    void qualityIsTheMeanHoldOfTheNewestRoomsEachCountedOnce() {
        SpeakerTime bob = new SpeakerTime("bob", 60_000L);
        RoomStats r1 = ended("r1", T0, 5, 0L, bob);
        RoomStats r2 = ended("r2", T0.plusSeconds(60), 5, 600_000L, bob);
        RoomStats r3 = ended("r3", T0.plusSeconds(120), 5, 1_800_000L, bob);
        RoomStats r4 = ended("r4", T0.plusSeconds(180), 5, 600_000L, bob);

        SpeakerQuality three = countAll("bob", r1, r2, r3);
        assertThat(three.getQuality()).isCloseTo((0 + 0.5 + 0.75) / 3, within(1e-12));
        assertThat(three.getVersion()).isEqualTo(3);
        assertThat(three.getOccurredAt()).isEqualTo(T0.plusSeconds(120));

        SpeakerQualityRules.Spoken again = rules.spoken(r2).getFirst();
        assertThat(rules.count(three, again)).as("a room counted already changes nothing").isNull();

        SpeakerQuality four = rules.count(three, rules.spoken(r4).getFirst());
        assertThat(four.getRooms()).extracting(SpokenRoom::getRoomId).as("the newest 3").containsExactly("r2", "r3", "r4");
        assertThat(four.getQuality()).isCloseTo((0.5 + 0.75 + 0.5) / 3, within(1e-12));
        assertThat(rules.count(four, rules.spoken(r1).getFirst())).as("older than every room kept").isNull();
        assertThat(four.getEventId()).as("the same history gives the same id")
            .isEqualTo(countAll("bob", r1, r2, r3, r4).getEventId());
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new SpeakerQualityRules.Settings(Duration.ZERO, 10, 3))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeakerQualityRules.Settings(Duration.ofMinutes(1), 0, 3))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeakerQualityRules.Settings(Duration.ofMinutes(1), 1, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
