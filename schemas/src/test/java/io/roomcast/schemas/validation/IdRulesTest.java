package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id rule of docs/protocol.md, "Ids": what a user id, room id or club id may hold. */
class IdRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "u-9", "r-3f2b1c9e-7d4a-4b8e-9f1a-2c3d4e5f6a7b", "user@example.com",
        "\u6771\u4EAC", "\u0645\u0633\u0627\u0621", "caf\u00E9", "emoji\uD83C\uDF99", "a:b/c+d"})
    void ordinaryIdsInAnyScriptAreAccepted(String id) {
        assertThat(IdRules.violation("subject", id, 128)).isNull();
    }

    @Test
    void aRightToLeftOverrideCannotDisguiseAnId() {
        // "alice" + RLO + "gnp.exe" shows as "aliceexe.png": another user's id at a glance.
        assertThat(IdRules.violation("subject", "alice\u202Egnp.exe", 128))
            .isEqualTo("subject contains U+202E (a format character: bidirectional control, zero-width or tag)"
                + " at code point 5");
        assertThat(IdRules.violation("subject", "\u2067alice\u2069", 128)).contains("U+2067");
    }

    @Test
    void invisibleCharactersCannotMakeASecondIdenticalLookingId() {
        assertThat(IdRules.violation("userId", "alice\u200E", 128)).contains("U+200E").contains("at code point 5");
        assertThat(IdRules.violation("userId", "al\u200Bice", 128)).contains("U+200B");
        assertThat(IdRules.violation("userId", "ali\u200Dce", 128)).contains("U+200D");
        assertThat(IdRules.violation("userId", "\uFEFFalice", 128)).contains("U+FEFF");
        assertThat(IdRules.violation("userId", "alice\uDB40\uDC41", 128)).contains("U+E0041");
        assertThat(IdRules.violation("userId", "\u3164", 128)).contains("U+3164 (an invisible filler)");
    }

    @Test
    void spacesControlsAndBrokenTextAreRefused() {
        assertThat(IdRules.violation("userId", "alice smith", 128)).contains("U+0020 (a space or separator)");
        assertThat(IdRules.violation("userId", "alice\u00A0", 128)).contains("U+00A0");
        assertThat(IdRules.violation("userId", "alice\n", 128)).contains("U+000A (a control character)");
        assertThat(IdRules.violation("userId", "\u001b[2J", 128)).contains("U+001B");
        assertThat(IdRules.violation("userId", "a\u2028b", 128)).contains("U+2028");
        assertThat(IdRules.violation("userId", "a\uD800b", 128)).contains("U+D800 (an unpaired surrogate)");
        assertThat(IdRules.violation("userId", "a\uFFFF", 128)).contains("U+FFFF (a noncharacter)");
        assertThat(IdRules.violation("userId", "a\uFDD0", 128)).contains("U+FDD0 (a noncharacter)");
    }

    @Test
    void missingEmptyAndTooLongIdsAreRefusedWithTheLimit() {
        assertThat(IdRules.violation("userId", null, 128)).isEqualTo("userId is missing");
        assertThat(IdRules.violation("userId", "", 128)).isEqualTo("userId is empty");
        assertThat(IdRules.violation("userId", "x".repeat(129), 128)).isEqualTo("userId is 129 characters, more than 128");
        assertThat(IdRules.violation("userId", "x".repeat(128), 128)).isNull();
    }
}
