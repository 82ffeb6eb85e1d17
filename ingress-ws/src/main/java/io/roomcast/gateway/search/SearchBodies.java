package io.roomcast.gateway.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.search.SearchFields;
import io.roomcast.search.SearchHits;
import io.roomcast.search.SearchIndex;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bodies of {@code GET /search}. */
public final class SearchBodies {
    private SearchBodies() {}

    /**
     * A page of results.
     *
     * @param type       rooms, users or clubs
     * @param results    best first
     * @param nextCursor the cursor of the next page, absent on the last page
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SearchPage", description = "A page of search results, best first.")
    public record SearchPage(
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"rooms", "users", "clubs"}) String type,
            @Schema(requiredMode = RequiredMode.REQUIRED) List<SearchResult> results,
            @Schema(description = "pass as cursor (with the same q, type and filters) for the next page; absent on the last page")
            @Nullable String nextCursor) {}

    /**
     * One result; which fields are present depends on the type.
     *
     * @param id          room, user or club id
     * @param title       rooms: the title
     * @param topic       rooms: the topic slug
     * @param clubId      rooms: the hosting club
     * @param lifecycle   rooms: live or scheduled
     * @param listeners   rooms: live listeners
     * @param startsAt    rooms: scheduled start, epoch ms
     * @param startedAt   rooms: when it went live, epoch ms
     * @param username    users: the handle
     * @param displayName users: the name shown
     * @param bio         users: the bio
     * @param avatarUrl   users: the avatar
     * @param name        clubs: the name
     * @param description clubs: the description
     * @param topics      clubs: topic slugs
     * @param privateClub clubs: joining takes an approval
     * @param memberCount clubs: member count
     * @param highlights  matched text by field, words of q found as typed (the last also as a prefix) wrapped in
     *                    {@code <em>...</em>}; words found only through a typo are not marked (other text as stored:
     *                    escape it before showing it as HTML)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SearchResult", description = "One result; rooms have title..started_at, users username..avatar_url, "
            + "clubs name..member_count; highlights always.")
    public record SearchResult(
            @Schema(requiredMode = RequiredMode.REQUIRED) String id,
            @Nullable String title, @Nullable String topic, @Nullable String clubId,
            @Schema(description = "BCP 47 language tag (RFC 5646), e.g. `pt-BR`") @Nullable String language,
            @Schema(allowableValues = {"live", "scheduled"}) @Nullable String lifecycle,
            @Nullable Integer listeners, @Nullable Long startsAt, @Nullable Long startedAt,
            @Nullable String username, @Nullable String displayName, @Nullable String bio, @Nullable String avatarUrl,
            @Nullable String name, @Nullable String description, @Nullable List<String> topics,
            @Nullable Boolean privateClub, @Nullable Long memberCount,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "field name -> fragments with <em> around the words of q found as typed (the last "
                            + "also as a prefix); a word found only through a typo is not marked; fields without such "
                            + "a word are absent")
            Map<String, List<String>> highlights) {

        /** @return the result of a hit of an index */
        static SearchResult of(SearchIndex index, SearchHits.Hit hit) {
            Map<String, Object> s = hit.source();
            return switch (index) {
                case ROOMS -> new SearchResult(hit.id(), str(s, SearchFields.TITLE), str(s, SearchFields.TOPIC),
                        str(s, SearchFields.CLUB_ID), str(s, SearchFields.LANGUAGE), lower(str(s, SearchFields.LIFECYCLE)), integer(s, SearchFields.LISTENERS),
                        number(s, SearchFields.STARTS_AT), number(s, SearchFields.STARTED_AT), null, null, null, null, null,
                        null, null, null, null, hit.highlights());
                case USERS -> new SearchResult(hit.id(), null, null, null, null, null, null, null, null,
                        str(s, SearchFields.USERNAME), str(s, SearchFields.DISPLAY_NAME), str(s, SearchFields.BIO),
                        str(s, SearchFields.AVATAR_URL), null, null, null, null, null, hit.highlights());
                case CLUBS -> new SearchResult(hit.id(), null, null, null, null, null, null, null, null, null, null, null, null,
                        str(s, SearchFields.NAME), str(s, SearchFields.DESCRIPTION), strings(s, SearchFields.TOPICS),
                        (Boolean) s.get(SearchFields.PRIVATE), number(s, SearchFields.MEMBERS), hit.highlights());
            };
        }

        private static String str(Map<String, Object> s, String field) {
            Object v = s.get(field);
            return v == null ? null : v.toString();
        }

        private static String lower(String v) {
            return v == null ? null : v.toLowerCase(Locale.ROOT);
        }

        private static Integer integer(Map<String, Object> s, String field) {
            return s.get(field) instanceof Number n ? n.intValue() : null;
        }

        private static Long number(Map<String, Object> s, String field) {
            return s.get(field) instanceof Number n ? n.longValue() : null;
        }

        @SuppressWarnings("unchecked")
        private static List<String> strings(Map<String, Object> s, String field) {
            return s.get(field) instanceof List<?> l ? (List<String>) l : null;
        }
    }
}
