package io.roomcast.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignedCursorTest {
    private static final SignedCursor CURSORS = new SignedCursor("a-cursor-key-of-at-least-32-bytes!!");

    @Test
    void aCursorGivesBackItsPosition() {
        String opaque = CURSORS.encode("1700000000000:u-42");
        assertThat(opaque).doesNotContain("u-42");
        assertThat(CURSORS.decode(opaque)).isEqualTo("1700000000000:u-42");
    }

    @Test
    void aCursorChangedInAnyCharacterOrMadeWithAnotherKeyIsRefused() {
        String opaque = CURSORS.encode("1700000000000:u-42");
        for (int i = 0; i < opaque.length(); i++) {
            char c = opaque.charAt(i);
            String changed = opaque.substring(0, i) + (c == 'A' ? 'B' : 'A') + opaque.substring(i + 1);
            assertThatThrownBy(() -> CURSORS.decode(changed)).as("character %d", i).hasMessage("invalid cursor");
        }
        String other = new SignedCursor("another-cursor-key-of-32-bytes-or-more").encode("1700000000000:u-42");
        assertThatThrownBy(() -> CURSORS.decode(other)).hasMessage("invalid cursor");
        for (String forged : new String[] {"", ".", "abc", "abc.def", "*.*", ".abc"}) {
            assertThatThrownBy(() -> CURSORS.decode(forged)).as(forged).hasMessage("invalid cursor");
        }
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> new SignedCursor("short")).hasMessageContaining("32 bytes");
    }

    @Test
    void errorCodesFollowTheStatus() {
        assertThat(ErrorBody.errorOf(400)).isEqualTo("invalid_request");
        assertThat(ErrorBody.errorOf(409)).isEqualTo("conflict");
        assertThat(ErrorBody.errorOf(413)).isEqualTo("payload_too_large");
        assertThat(ErrorBody.errorOf(415)).isEqualTo("invalid_request");
        assertThat(ErrorBody.errorOf(503)).isEqualTo("unavailable");
        assertThat(ErrorBody.errorOf(500)).isEqualTo("internal_error");
    }
}
