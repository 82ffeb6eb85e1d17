package io.roomcast.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchQueriesTest {
    private static final Searcher ALICE = new Searcher("alice", Set.of("bob"), Set.of("carol"), Set.of("mallory"),
            Set.of("club-1"));

    private static SearchRequest request(String type, String q) {
        return SearchRequest.parse(Map.of("type", List.of(type), "q", List.of(q)), SearchRequest.Limits.DEFAULTS);
    }

    @Test
    void queryTextIsOnlyTheTextOfMatchQueriesNeverQueryStringSyntax() {
        String nasty = "*~\"(\\ title:x OR {\"match_all\":{}}";
        String json = String.valueOf(SearchQueries.body(request("rooms", nasty), ALICE, null));
        assertThat(json).doesNotContain("query_string").doesNotContain("simple_query_string").doesNotContain("wildcard")
                .doesNotContain("regexp");
        assertThat(json).contains("query=" + nasty);
    }

    @Test
    void roomsAreLiveOrScheduledAndVisibleToTheSearcherOnly() {
        String json = String.valueOf(SearchQueries.body(request("rooms", "jazz"), ALICE, null));
        assertThat(json).contains("lifecycle=[LIVE, SCHEDULED]")
                .contains("visibility=PUBLIC")
                .contains("club_id=[club-1]")
                .contains("audience_user_ids=alice")
                .contains("created_by=[carol]")
                .contains("must_not=[{terms={created_by=[mallory]}}]")
                .doesNotContain("PRIVATE");
    }

    @Test
    void blockedPeopleAreExcludedFromUserResultsAndFollowedOnesBoosted() {
        String json = String.valueOf(SearchQueries.body(request("users", "bo"), ALICE, null));
        assertThat(json).contains("must_not=[{terms={user_id=[mallory]}}]")
                .contains("{constant_score={filter={terms={user_id=[bob]}}, boost=" + SearchQueries.FOLLOWED_BOOST + "}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsMatchingEveryWordComeFirstAndPopularityOnlyAddsToTheTextScore() {
        Map<String, Object> body = SearchQueries.body(request("rooms", "rel japan"), ALICE, null);
        assertThat(String.valueOf(body)).doesNotContain("multiply");
        Map<String, Object> bool = (Map<String, Object>) ((Map<String, Object>) body.get("query")).get("bool");
        List<Object> should = (List<Object>) bool.get("should");
        // Every word, in one field: the last as a prefix or every one as a whole word, typos forgiven.
        Map<String, Object> allWords = (Map<String, Object>) ((Map<String, Object>) should.get(0)).get("constant_score");
        assertThat(allWords).containsEntry("boost", SearchQueries.ALL_WORDS_BOOST);
        assertThat(String.valueOf(allWords.get("filter"))).contains("type=bool_prefix").contains("prefix_length=1")
                .doesNotContain("operator=or").contains("operator=and").contains("query=rel japan");
        assertThat(String.valueOf(bool.get("must"))).doesNotContain("operator=and");
        // Listeners and followed people are added, small beside the tier.
        assertThat(String.valueOf(should.get(1))).contains("field=listeners", "modifier=ln1p",
                "weight=" + SearchQueries.LISTENER_BOOST, "boost_mode=replace");
        assertThat(String.valueOf(should.get(2))).contains("created_by=[bob]", SearchFields.SPEAKERS + "=[bob]",
                "boost=" + SearchQueries.FOLLOWED_BOOST);
        assertThat(SearchQueries.LISTENER_BOOST * Math.log1p(8_000) + SearchQueries.FOLLOWED_BOOST)
                .isLessThan(SearchQueries.ALL_WORDS_BOOST / 1000);
    }

    @Test
    void pagesAskOneMoreAndContinueAfterTheLastScoreAndId() {
        SearchRequest request = request("clubs", "jazz");
        Map<String, Object> body = SearchQueries.body(request, ALICE, new SearchPosition(request.fingerprint(), 1.5, "c9"));
        assertThat(body).containsEntry("size", 21).containsEntry("search_after", List.of(1.5, "c9"))
                .containsEntry("sort", List.of(Map.of("_score", "desc"), Map.of("club_id", "asc")));
    }

    @Test
    void aPageOfHitsGivesTheNextPositionOnlyWhenMoreCame() {
        SearchRequest request = SearchRequest.parse(Map.of("q", List.of("jazz"), "limit", List.of("1")),
                SearchRequest.Limits.DEFAULTS);
        Map<String, Object> hit1 = Map.of("_id", "r1", "sort", List.of(2.0, "r1"), "_source", Map.of("title", "Jazz"),
                "highlight", Map.of("title", List.of("<em>Jazz</em>")));
        Map<String, Object> hit2 = Map.of("_id", "r2", "sort", List.of(1.0, "r2"), "_source", Map.of("title", "Jazz 2"));
        SearchHits page = SearchHits.of(Map.of("hits", Map.of("hits", List.of(hit1, hit2))), request);
        assertThat(page.hits()).extracting(SearchHits.Hit::id).containsExactly("r1");
        assertThat(page.hits().getFirst().highlights()).containsEntry("title", List.of("<em>Jazz</em>"));
        assertThat(page.next()).isEqualTo(new SearchPosition(request.fingerprint(), 2.0, "r1"));
        assertThat(SearchHits.of(Map.of("hits", Map.of("hits", List.of(hit1))), request).next()).isNull();
    }

    @Test
    void indexNamesCarryMappingVersionAndGeneration() {
        assertThat(SearchIndex.ROOMS.indexName(3)).isEqualTo("rooms-v2-3");
        assertThat(SearchIndex.ROOMS.generationOf("rooms-v2-3")).isEqualTo(3);
        assertThat(SearchIndex.ROOMS.generationOf("users-v1-3")).isZero();
        assertThat(SearchIndex.USERS.mappings()).containsEntry("dynamic", "strict");
        assertThat(String.valueOf(SearchIndex.ROOMS.mappings())).contains("language={type=keyword}");
    }

    @Test
    void aLanguageFindsRoomsInThatTagAndItsSubtagsOnly() {
        Map<String, List<String>> params = Map.of("q", List.of("jazz"), "language", List.of("PT"));
        String json = String.valueOf(SearchQueries.body(SearchRequest.parse(params, SearchRequest.Limits.DEFAULTS),
                ALICE, null));
        assertThat(json).contains("{bool={should=[{term={language=pt}}, {prefix={language=pt-}}], minimum_should_match=1}}");
        assertThat(String.valueOf(SearchQueries.body(request("rooms", "jazz"), ALICE, null))).doesNotContain("language");
    }
}
