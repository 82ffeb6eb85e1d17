package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each class of hostile text of issue 11 (A62, B36) against the text rules of docs/protocol.md. */
class TextRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Jazz", "Late night jazz & blues", "Caf\u00E9 m\u00FCde", "\u6771\u4EAC\u306E\u591C",
        "\u0645\u0633\u0627\u0621 \u200F(1)", "Family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 night",
        "Scotland \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F and \uD83C\uDDEF\uD83C\uDDF5",
        "Persian \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "x", "no-break\u00A0space", "e\u0301\uFE0F"})
    void ordinaryTitlesInAnyScriptAreAcceptedUnchanged(String title) {
        assertThat(TextRules.TITLE.violation(title)).isEmpty();
        assertThat(TextRules.TITLE.require(title)).isSameAs(title);
    }

    @Test
    void markupIsTextAndIsStoredAsSent() {
        String markup = "<script>alert(1)</script> & <b>bold</b>";
        assertThat(TextRules.TITLE.require(markup)).isEqualTo(markup);
    }

    @Test
    void controlCharactersAreRefusedByName() {
        assertThat(TextRules.TITLE.violation("Jazz\u0000night"))
            .contains("title contains U+0000 (a control character) at code point 4");
        assertThat(TextRules.TITLE.violation("\u001b[2JHacked"))
            .contains("title contains U+001B (a control character) at code point 0");
        assertThat(TextRules.TITLE.violation("two\nlines")).get().asString().contains("U+000A");
        assertThat(TextRules.TITLE.violation("tab\there")).get().asString().contains("U+0009");
        assertThat(TextRules.TITLE.violation("del\u007F")).get().asString().contains("U+007F");
        assertThat(TextRules.TITLE.violation("c1\u009B31m")).get().asString().contains("U+009B");
        assertThat(TextRules.TITLE.violation("line\u2028sep")).get().asString().contains("U+2028");
    }

    @Test
    void bidiOverridesEmbeddingsAndIsolatesAreRefused() {
        assertThat(TextRules.TITLE.violation("Free \u202Egnp.exe"))
            .contains("title contains U+202E (a bidirectional embedding, override or isolate) at code point 5");
        for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069}) {
            assertThat(TextRules.TITLE.violation("a" + Character.toString(cp) + "b")).as("U+%04X", cp)
                .get().asString().contains(String.format("U+%04X", cp));
        }
    }

    @Test
    void zeroWidthAndOtherHidingCharactersAreRefused() {
        assertThat(TextRules.TITLE.violation("ad\u200Bmin"))
            .contains("title contains U+200B (an invisible character) at code point 2");
        for (int cp : new int[] {0x2060, 0x2063, 0xFEFF, 0x180E, 0x3164, 0xFFA0}) {
            assertThat(TextRules.TITLE.violation("a" + Character.toString(cp))).as("U+%04X", cp)
                .get().asString().contains("invisible");
        }
        assertThat(TextRules.TITLE.violation("Jazz\uDB40\uDC69\uDB40\uDC67\uDB40\uDC6E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC65"))
            .as("tag characters smuggling 'ignore'").get().asString().contains("U+E0069 (a tag character");
    }

    @Test
    void aTextWithNothingVisibleIsRefused() {
        for (String blank : new String[] {"", " ", "\u00A0\u3000", "\u200D\u200C", "\u200E"}) {
            assertThat(TextRules.TITLE.violation(blank)).as("'%s'", blank).contains("title must have a visible character");
        }
        assertThat(TextRules.TITLE.violation(null)).contains("title is missing");
    }

    @Test
    void loneSurrogatesAreRefusedNotReplaced() {
        assertThat(TextRules.TITLE.violation("bad \uD800 high"))
            .contains("title is not valid UTF-16: unpaired surrogate U+D800 at code point 4");
        assertThat(TextRules.TITLE.violation("\uDC00")).get().asString().contains("unpaired surrogate U+DC00");
        assertThat(TextRules.TITLE.violation("end\uD83D")).get().asString().contains("unpaired surrogate U+D83D");
    }

    @Test
    void noncharactersAndZalgoAreRefused() {
        assertThat(TextRules.TITLE.violation("a\uFFFF")).get().asString().contains("noncharacter");
        assertThat(TextRules.TITLE.violation("a\uFDD0")).get().asString().contains("noncharacter");
        assertThat(TextRules.TITLE.violation("Z" + "\u0301".repeat(TextRules.MAX_COMBINING_RUN))).isEmpty();
        assertThat(TextRules.TITLE.violation("Z" + "\u0301".repeat(TextRules.MAX_COMBINING_RUN + 1)))
            .get().asString().contains("combining marks");
    }

    @Test
    void lengthIsCountedInCodePointsAndInBytes() {
        assertThat(TextRules.TITLE.violation("x".repeat(120))).isEmpty();
        assertThat(TextRules.TITLE.violation("x".repeat(121))).contains("title is longer than 120 code points");
        // 120 CJK characters: 120 code points, 360 bytes: the most a title may have of both.
        assertThat(TextRules.TITLE.violation("\u591C".repeat(120))).isEmpty();
        // 90 emoji are 180 UTF-16 chars (more than 120) but 90 code points and 360 bytes: accepted.
        assertThat(TextRules.TITLE.violation("\uD83C\uDFB7".repeat(90))).isEmpty();
        // 91 emoji: 91 code points, within 120, but 364 bytes of UTF-8.
        assertThat(TextRules.TITLE.violation("\uD83C\uDFB7".repeat(91))).contains("title is longer than 360 bytes of UTF-8");
        assertThat(TextRules.TOPIC.violation("t".repeat(65))).contains("topic is longer than 64 code points");
    }

    @Test
    void aHugeTextIsRefusedWithoutScanningItAll() {
        String huge = "x".repeat(1_000_000) + "\u0000";
        assertThat(TextRules.TITLE.violation(huge)).contains("title is longer than 120 code points");
    }

    @Test
    void requireThrowsTheReason() {
        assertThatThrownBy(() -> TextRules.TOPIC.require("mu\u001Bsic"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("topic contains U+001B (a control character) at code point 2");
    }
}
