package io.roomcast.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageTagsTest {

    @ParameterizedTest
    @CsvSource({"en,en", "pt-BR,pt-BR", "pt-br,pt-BR", "PT-BR,pt-BR", "sr-latn-rs,sr-Latn-RS", "zh-Hant-TW,zh-Hant-TW",
        "es-419,es-419", "i-klingon,tlh", "en-US-x-twain,en-US-x-twain"})
    void wellFormedTagsAreKeptInCanonicalCase(String sent, String stored) {
        assertThat(LanguageTags.violation(sent)).isEmpty();
        assertThat(LanguageTags.canonical(sent)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "en_US", "e", "en-", "-en", "en--US", "en US", "1en", "en-US-", "en-US-a",
        "\u00e9n", "en\u0000", "*", "en;DROP"})
    void malformedTagsAreRefusedWithoutEchoingThem(String sent) {
        assertThat(LanguageTags.violation(sent))
            .contains("language is not a well-formed BCP 47 language tag (RFC 5646, e.g. en, pt-BR)");
        assertThatThrownBy(() -> LanguageTags.canonical(sent)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrivateUseOnlyTagHasNoLanguageAndIsRefused() {
        assertThat(LanguageTags.violation("x-klingon")).contains("language must start with a language subtag (e.g. en, pt-BR)");
    }

    @Test
    void atMost35Characters() {
        String longest = "en-abcdefgh-bcdefghi-x-12345678-abc";
        assertThat(longest).hasSize(35);
        assertThat(LanguageTags.violation(longest)).isEmpty();
        assertThat(LanguageTags.violation(longest + "d")).contains("language is longer than 35 characters");
    }

    @Test
    void aStoredTagMustBeCanonical() {
        assertThat(LanguageTags.storedViolation("pt-BR")).isEmpty();
        assertThat(LanguageTags.storedViolation("pt-br")).contains("language must be in canonical case (e.g. pt-BR, sr-Latn-RS)");
        assertThat(LanguageTags.storedViolation("en_US")).get().asString().contains("BCP 47");
    }

    @Test
    void nullIsMissing() {
        assertThat(LanguageTags.violation(null)).contains("language is missing");
    }
}
