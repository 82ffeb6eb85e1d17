package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.CreateRoom;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.ScheduleRoom;
import io.roomcast.events.Visibility;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomRequestsTest {
    private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

    @Test
    void withoutStartsAtAPublicRoomIsCreatedNowByTheCaller() {
        RoomCommand c = RoomRequests.toCommand(new RestBodies.CreateRoomRequest("Jazz", "music", null, null, null, null, null),
            "r-1", "alice", "n-1", NOW);
        assertThat(c.getRoomId()).isEqualTo("r-1");
        assertThat(c.getUserId()).isEqualTo("alice");
        assertThat(c.getNonce()).isEqualTo("n-1");
        assertThat(c.getOccurredAt()).isEqualTo(NOW);
        assertThat(c.getCommand()).isInstanceOfSatisfying(CreateRoom.class, cr -> {
            assertThat(cr.getDetails().getTitle()).isEqualTo("Jazz");
            assertThat(cr.getDetails().getTopic()).isEqualTo("music");
            assertThat(cr.getDetails().getVisibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(cr.getDetails().getSettings().getHandRaisesEnabled()).isTrue();
            assertThat(cr.getDetails().getSettings().getCapacity()).isNull();
        });
        assertThat(RoomRequests.commandName(c)).isEqualTo("create_room");
    }

    @Test
    void aLanguageIsStoredInCanonicalCaseAndABlankOneIsNone() {
        assertThat(language("pt-br")).isEqualTo("pt-BR");
        assertThat(language("sr-latn-rs")).isEqualTo("sr-Latn-RS");
        assertThat(language("  ")).isNull();
        assertThat(language(null)).isNull();
    }

    @Test
    void aMalformedOrTooLongLanguageIsRefusedWithTheReason() {
        assertThatThrownBy(() -> language("en_US"))
            .hasMessage("language is not a well-formed BCP 47 language tag (RFC 5646, e.g. en, pt-BR)");
        assertThatThrownBy(() -> language("en-" + "a".repeat(33))).hasMessage("language is longer than 35 characters");
        assertThatThrownBy(() -> language("x-klingon")).hasMessageContaining("must start with a language subtag");
    }

    private static String language(String language) {
        RoomCommand c = RoomRequests.toCommand(new RestBodies.CreateRoomRequest("Jazz", null, null, null, null, null,
            language), "r-1", "alice", "n-1", NOW);
        return ((CreateRoom) c.getCommand()).getDetails().getLanguage();
    }

    @Test
    void withStartsAtThePrivateRoomIsScheduledWithItsSettings() {
        RoomCommand c = RoomRequests.toCommand(new RestBodies.CreateRoomRequest("Later", null, "private", null,
            1_800_000_000_000L, new RestBodies.SettingsBody(false, 50, 3, true), null), "r-2", "bob", "n-2", NOW);
        assertThat(c.getCommand()).isInstanceOfSatisfying(ScheduleRoom.class, s -> {
            assertThat(s.getStartsAt()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
            assertThat(s.getDetails().getVisibility()).isEqualTo(Visibility.PRIVATE);
            assertThat(s.getDetails().getSettings().getHandRaisesEnabled()).isFalse();
            assertThat(s.getDetails().getSettings().getCapacity()).isEqualTo(50);
            assertThat(s.getDetails().getSettings().getSpeakerLimit()).isEqualTo(3);
            assertThat(s.getDetails().getSettings().getApprovalRequired()).isTrue();
        });
        assertThat(RoomRequests.commandName(c)).isEqualTo("schedule_room");
    }

    @Test
    void aSocialRoomNeedsNoClub() {
        RoomCommand c = RoomRequests.toCommand(body("Friends", "social", null), "r-3", "cid", "n-3", NOW);
        assertThat(c.getCommand()).isInstanceOfSatisfying(CreateRoom.class, cr -> {
            assertThat(cr.getDetails().getVisibility()).isEqualTo(Visibility.SOCIAL);
            assertThat(cr.getDetails().getSettings().getApprovalRequired()).isFalse();
        });
    }

    @Test
    void badBodiesAreRefusedWithAReadableMessage() {
        assertThatThrownBy(() -> RoomRequests.toCommand(null, "r", "u", "n", NOW)).hasMessageContaining("body");
        assertThatThrownBy(() -> RoomRequests.toCommand(body(" ", null, null), "r", "u", "n", NOW))
            .hasMessageContaining("title");
        assertThatThrownBy(() -> RoomRequests.toCommand(body("x".repeat(121), null, null), "r", "u", "n", NOW))
            .hasMessageContaining("title");
        assertThatThrownBy(() -> RoomRequests.toCommand(body("t", "secret", null), "r", "u", "n", NOW))
            .hasMessageContaining("visibility");
        assertThatThrownBy(() -> RoomRequests.toCommand(body("t", "club", null), "r", "u", "n", NOW))
            .hasMessageContaining("club_id");
        assertThatThrownBy(() -> RoomRequests.toCommand(body("t", null, -5L), "r", "u", "n", NOW))
            .hasMessageContaining("starts_at");
        assertThatThrownBy(() -> RoomRequests.toCommand(new RestBodies.CreateRoomRequest("t", null, null, null, null,
            new RestBodies.SettingsBody(null, -1, null, null), null), "r", "u", "n", NOW)).hasMessageContaining("capacity");
    }

    @Test
    void titlesAndTopicsAreHeldToTheTextRulesWithTheirReason() {
        assertThatThrownBy(() -> RoomRequests.toCommand(body("\u001b[2J", null, null), "r", "u", "n", NOW))
            .hasMessage("title contains U+001B (a control character) at code point 0");
        assertThatThrownBy(() -> RoomRequests.toCommand(new RestBodies.CreateRoomRequest("t", "mu\u202Esic", null, null,
            null, null, null), "r", "u", "n", NOW)).hasMessageStartingWith("topic contains U+202E");
        assertThatThrownBy(() -> RoomRequests.toCommand(body(null, null, null), "r", "u", "n", NOW))
            .hasMessage("title is missing");
        RoomCommand markup = RoomRequests.toCommand(body("<script>alert(1)</script>", null, null), "r", "u", "n", NOW);
        assertThat(((CreateRoom) markup.getCommand()).getDetails().getTitle()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void aStartTimeThatIsNotInTheFutureIsRefusedUpFront() {
        for (long startsAt : new long[] {0L, 1L, NOW.toEpochMilli() - 1, NOW.toEpochMilli()}) {
            assertThatThrownBy(() -> RoomRequests.toCommand(body("t", null, startsAt), "r", "u", "n", NOW))
                .hasMessage("starts_at must be in the future (epoch ms)");
        }
        assertThat(RoomRequests.toCommand(body("t", null, NOW.toEpochMilli() + 1), "r", "u", "n", NOW).getCommand())
            .isInstanceOf(ScheduleRoom.class);
    }

    @Test
    void anIdempotencyKeyIsTheNonceAndFixesTheRoomIdPerUser() {
        assertThat(RoomRequests.nonce("key-1", 64)).isEqualTo("key-1");
        assertThat(RoomRequests.nonce("k".repeat(64), 64)).hasSize(64);
        assertThat(RoomRequests.nonce(null, 64)).hasSize(36);
        assertThatThrownBy(() -> RoomRequests.nonce("k".repeat(65), 64)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> RoomRequests.nonce(" ", 64)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RoomRequests.roomId("alice", "key-1")).isEqualTo(RoomRequests.roomId("alice", "key-1"))
            .isNotEqualTo(RoomRequests.roomId("bob", "key-1")).startsWith("r-").hasSize(38);
        assertThat(RoomRequests.roomId("alice", null)).isNotEqualTo(RoomRequests.roomId("alice", null));
    }

    private static RestBodies.CreateRoomRequest body(String title, String visibility, Long startsAt) {
        return new RestBodies.CreateRoomRequest(title, null, visibility, null, startsAt, null, null);
    }
}
