package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListingCursorTest {
    private static final String KEY = "a-listing-cursor-key-of-32-bytes!!";
    private static final ListingCursor.Codec CODEC = new ListingCursor.Codec(KEY, 128);
    private static final String INDEX = "rooms:live:public";

    @Test
    void aCursorSurvivesTheRoundTripAndAbsentMeansStart() {
        ListingCursor c = new ListingCursor(1_767_225_600_123L, "room:with:colons-é");
        assertThat(CODEC.decode(INDEX, CODEC.encode(INDEX, c))).isEqualTo(c);
        assertThat(CODEC.encode(INDEX, c)).doesNotContain("=", "+", "/").contains(".");
        assertThat(new ListingCursor.Codec(KEY, 128).decode(INDEX, CODEC.encode(INDEX, c))).as("another node, same key").isEqualTo(c);
        assertThat(CODEC.decode(INDEX, null)).isEqualTo(ListingCursor.START);
        assertThat(CODEC.decode(INDEX, "")).isEqualTo(ListingCursor.START);
        assertThat(ListingCursor.START.isStart()).isTrue();
        assertThat(c.isStart()).isFalse();
    }

    /** B27: the unsigned form of earlier versions, or any position a client makes up, is refused. */
    @ParameterizedTest
    @ValueSource(strings = {"1:r1", "x:r1", "-5:r1", "5", "5:", ":r1", "99999999999999999999:r1"})
    void forgedCursorsAreRefused(String text) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        for (String opaque : new String[] {payload, payload + ".", payload + ".AAAAAAAAAAAAAAAAAAAAAA"}) {
            assertThatThrownBy(() -> CODEC.decode(INDEX, opaque)).as(opaque).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid cursor");
        }
    }

    @Test
    void aTamperedOrForeignCursorIsRefused() {
        String genuine = CODEC.encode(INDEX, new ListingCursor(1_000, "r-1"));
        String otherPosition = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("9999999999999:r-1".getBytes(StandardCharsets.UTF_8));
        String swapped = otherPosition + genuine.substring(genuine.indexOf('.'));
        assertThatThrownBy(() -> CODEC.decode(INDEX, swapped)).hasMessage("invalid cursor");
        char last = genuine.charAt(genuine.length() - 1);
        String flipped = genuine.substring(0, genuine.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> CODEC.decode(INDEX, flipped)).hasMessage("invalid cursor");
        for (int i = 0; i < genuine.length(); i++) {
            if (genuine.charAt(i) != '.') {
                String changed = genuine.substring(0, i) + (genuine.charAt(i) == 'A' ? 'B' : 'A') + genuine.substring(i + 1);
                assertThatThrownBy(() -> CODEC.decode(INDEX, changed)).as("character %d changed", i).hasMessage("invalid cursor");
            }
        }
        ListingCursor.Codec otherKey = new ListingCursor.Codec("another-listing-cursor-key-32-bytes", 128);
        assertThatThrownBy(() -> otherKey.decode(INDEX, genuine)).hasMessage("invalid cursor");
    }

    @Test
    void aCursorOfAnotherListingIsRefused() {
        String trending = CODEC.encode("rooms:trending", new ListingCursor(400, "r-1"));
        assertThat(CODEC.decode("rooms:trending", trending)).isEqualTo(new ListingCursor(400, "r-1"));
        assertThatThrownBy(() -> CODEC.decode(INDEX, trending)).hasMessage("invalid cursor");
        assertThatThrownBy(() -> CODEC.decode("rooms:live:public:category:tech", CODEC.encode(INDEX,
            new ListingCursor(1, "r-1")))).hasMessage("invalid cursor");
    }

    @Test
    void notBase64OrATooLongRoomIdIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(INDEX, "***")).hasMessage("invalid cursor");
        assertThatThrownBy(() -> CODEC.decode(INDEX, "a.***")).hasMessage("invalid cursor");
        assertThatThrownBy(() -> CODEC.decode(INDEX, ".")).hasMessage("invalid cursor");
        String longest = CODEC.encode(INDEX, new ListingCursor(1, "r".repeat(128)));
        assertThat(CODEC.decode(INDEX, longest).roomId()).hasSize(128);
        assertThatThrownBy(() -> new ListingCursor.Codec(KEY, 127).decode(INDEX, longest)).hasMessage("invalid cursor");
    }

    @Test
    void aShortKeyIsAConfigurationError() {
        assertThatThrownBy(() -> new ListingCursor.Codec("short", 128)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32 bytes");
    }
}
