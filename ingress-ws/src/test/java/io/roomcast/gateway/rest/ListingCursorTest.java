package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListingCursorTest {

    @Test
    void aCursorSurvivesTheRoundTripAndAbsentMeansStart() {
        ListingCursor c = new ListingCursor("1234567", 17);
        assertThat(ListingCursor.decode(c.encode())).isEqualTo(c);
        assertThat(c.encode()).doesNotContain("=", "+", "/");
        assertThat(ListingCursor.decode(null)).isEqualTo(ListingCursor.START);
        assertThat(ListingCursor.decode("")).isEqualTo(ListingCursor.START);
    }

    @Test
    void forgedCursorsAreRefused() {
        assertThatThrownBy(() -> ListingCursor.decode("***")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListingCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("x:1".getBytes())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListingCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("5:-1".getBytes())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListingCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("5".getBytes())))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
