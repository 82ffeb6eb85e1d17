package io.roomcast.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchRequestTest {

    private static SearchRequest parse(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return SearchRequest.parse(params, SearchRequest.Limits.DEFAULTS);
    }

    @Test
    void defaultsToRoomsAndTwentyPerPage() {
        SearchRequest request = parse("q", "  jazz  ");
        assertThat(request.index()).isEqualTo(SearchIndex.ROOMS);
        assertThat(request.text()).isEqualTo("jazz");
        assertThat(request.limit()).isEqualTo(20);
        assertThat(request.cursor()).isNull();
    }

    @Test
    void takesTheFiltersOfItsType() {
        SearchRequest rooms = parse("q", "jazz", "type", "rooms", "status", "live", "topic", "music.jazz", "category", "music");
        assertThat(rooms.filters()).containsOnly(Map.entry("status", "live"), Map.entry("topic", "music.jazz"),
                Map.entry("category", "music"));
        assertThat(parse("q", "jazz", "type", "clubs", "topic", "music.jazz").filters()).containsOnlyKeys("topic");
    }

    @Test
    void aLanguageIsABcp47TagKeptInCanonicalCase() {
        assertThat(parse("q", "jazz", "language", "pt-br").filters()).containsOnly(Map.entry("language", "pt-BR"));
        assertThat(parse("q", "jazz", "language", "en").fingerprint()).isNotEqualTo(parse("q", "jazz").fingerprint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "en_US", "pt-", "*", "x-klingon", "{\"match_all\":{}}", "en-abcdefgh-bcdefghi-x-12345678-abcd"})
    void aMalformedLanguageIsRefused(String language) {
        assertThatThrownBy(() -> parse("q", "jazz", "language", language)).isInstanceOf(InvalidSearchException.class)
                .hasMessageStartingWith("language ");
    }

    @Test
    void emptyBlankAndTooLongQueriesAreRefused() {
        assertThatThrownBy(() -> parse("type", "rooms")).isInstanceOf(InvalidSearchException.class).hasMessageContaining("q is required");
        assertThatThrownBy(() -> parse("q", "   ")).hasMessageContaining("q is required");
        assertThatThrownBy(() -> parse("q", "\u0000\u0007")).hasMessageContaining("q is required");
        assertThatThrownBy(() -> parse("q", "a".repeat(10 * 1024))).hasMessage("q is longer than 200 characters");
    }

    @Test
    void unknownTypesFiltersAndRepeatedParametersAreRefused() {
        assertThatThrownBy(() -> parse("q", "x", "type", "podcasts")).hasMessageContaining("unknown type 'podcasts'");
        assertThatThrownBy(() -> parse("q", "x", "lang", "en")).hasMessageContaining("unknown parameter 'lang'");
        assertThatThrownBy(() -> parse("q", "x", "type", "users", "language", "en")).hasMessageContaining("it takes no filters");
        assertThatThrownBy(() -> parse("q", "x", "type", "users", "topic", "jazz")).hasMessageContaining("it takes no filters");
        assertThatThrownBy(() -> parse("q", "x", "q", "y")).hasMessageContaining("'q' given more than once");
        assertThatThrownBy(() -> parse("q", "x", "status", "ended")).hasMessageContaining("status must be live or scheduled");
        assertThatThrownBy(() -> parse("q", "x", "topic", "{\"match_all\":{}}")).hasMessageContaining("topic must be a slug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "51", "-1", "ten", ""})
    void limitsOutsideOneToFiftyAreRefused(String limit) {
        assertThatThrownBy(() -> parse("q", "x", "limit", limit)).hasMessage("limit must be a number from 1 to 50");
    }

    @Test
    void theFingerprintDependsOnTypeTextAndFiltersNotOnLimitOrCursor() {
        String base = parse("q", "jazz").fingerprint();
        assertThat(parse("q", "jazz", "limit", "5", "cursor", "abc").fingerprint()).isEqualTo(base);
        assertThat(parse("q", "jazz", "type", "clubs").fingerprint()).isNotEqualTo(base);
        assertThat(parse("q", "jazz", "status", "live").fingerprint()).isNotEqualTo(base);
        assertThat(parse("q", "blues").fingerprint()).isNotEqualTo(base);
    }

    @Test
    void aCursorPositionOfAnotherQueryOrMalformedIsRefused() {
        SearchRequest jazz = parse("q", "jazz");
        SearchPosition position = new SearchPosition(jazz.fingerprint(), 2.5, "r1");
        assertThat(SearchPosition.parse(position.text(), jazz)).isEqualTo(position);
        assertThatThrownBy(() -> SearchPosition.parse(position.text(), parse("q", "blues"))).hasMessage("invalid cursor");
        assertThatThrownBy(() -> SearchPosition.parse(jazz.fingerprint() + "|NaN|r1", jazz)).hasMessage("invalid cursor");
        assertThatThrownBy(() -> SearchPosition.parse(jazz.fingerprint() + "|1.0|", jazz)).hasMessage("invalid cursor");
        assertThatThrownBy(() -> SearchPosition.parse("garbage", jazz)).hasMessage("invalid cursor");
    }
}
