package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListingCursorTest {

    @Test
    void aCursorSurvivesTheRoundTripAndAbsentMeansStart() {
        ListingCursor c = new ListingCursor(1_767_225_600_123L, "room:with:colons-é");
        assertThat(ListingCursor.decode(c.encode(), 128)).isEqualTo(c);
        assertThat(c.encode()).doesNotContain("=", "+", "/");
        assertThat(ListingCursor.decode(null, 128)).isEqualTo(ListingCursor.START);
        assertThat(ListingCursor.decode("", 128)).isEqualTo(ListingCursor.START);
        assertThat(ListingCursor.START.isStart()).isTrue();
        assertThat(c.isStart()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:r1", "-5:r1", "5", "5:", ":r1", "99999999999999999999:r1"})
    void forgedCursorsAreRefused(String text) {
        String opaque = Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ListingCursor.decode(opaque, 128)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid cursor");
    }

    @Test
    void notBase64OrATooLongRoomIdIsRefused() {
        assertThatThrownBy(() -> ListingCursor.decode("***", 128)).hasMessage("invalid cursor");
        String longest = Base64.getUrlEncoder().encodeToString(("1:" + "r".repeat(128)).getBytes(StandardCharsets.UTF_8));
        assertThat(ListingCursor.decode(longest, 128).roomId()).hasSize(128);
        assertThatThrownBy(() -> ListingCursor.decode(longest, 127)).hasMessage("invalid cursor");
    }
}
