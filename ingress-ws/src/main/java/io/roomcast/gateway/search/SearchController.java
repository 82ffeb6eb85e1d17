package io.roomcast.gateway.search;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.gateway.Application;
import io.roomcast.rest.ErrorBody;
import io.roomcast.rest.SignedCursor;
import io.roomcast.search.InvalidSearchException;
import io.roomcast.search.SearchHits;
import io.roomcast.search.SearchPosition;
import io.roomcast.search.SearchQueries;
import io.roomcast.search.SearchRequest;
import io.roomcast.search.Searcher;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /search?q=&type=rooms|users|clubs}: rooms, people and clubs from the Elasticsearch indices
 * search-indexer keeps (docs/protocol.md, "Search"). The request is validated and the query built by the pure
 * search core ({@link SearchRequest}, {@link SearchQueries}); what the caller may see comes from the user/club
 * API's database ({@link SearcherDirectory}). 200 {@link SearchBodies.SearchPage}; 400 {@code invalid_request}
 * (empty or too long q, unknown type, parameter or filter value, bad limit, a cursor this gateway did not make or
 * made for another query); 503 {@code unavailable} when Elasticsearch or the database does not answer. Never 500.
 */
@Controller
@Tag(name = "search")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SearchController {
    private static final Logger LOG = LoggerFactory.getLogger(SearchController.class);
    private static final String JSON = "application/json";

    private final SearchCluster cluster;
    private final SearcherDirectory searchers;
    private final SearchSettings settings;
    private final SignedCursor cursors;

    public SearchController(SearchCluster cluster, SearcherDirectory searchers, SearchSettings settings,
                            @Value("${roomcast.gateway.rest.cursor-key}") String cursorKey) {
        this.cluster = cluster;
        this.searchers = searchers;
        this.settings = settings;
        this.cursors = new SignedCursor(cursorKey);
    }

    /** The Elasticsearch client of the gateway, closed with the context. */
    @Factory
    static class Clients {
        @Singleton
        @Bean(preDestroy = "close")
        SearchCluster searchCluster(SearchSettings settings) {
            return SearchCluster.connect(settings.getElasticsearchUrl());
        }
    }

    /** {@code GET /search}. */
    @Get("/search")
    @Operation(operationId = "search", summary = "Search rooms, people or clubs",
            description = "Matches as the user types: every word of q, the last one also as a prefix, with typos "
                    + "forgiven (one edit from 3 letters, two from 6). Results matching every word come before those matching "
                    + "only some; then ranked by text relevance, rooms boosted a little by their live listeners and by "
                    + "followed people hosting or speaking, followed people boosted among people. "
                    + "Only live and scheduled rooms the caller may join are returned (public; club rooms of the "
                    + "caller's clubs; social rooms the caller hosts, is invited to, or whose host follows the caller); "
                    + "private rooms never; users blocked either way and their rooms never. q is text, never query "
                    + "syntax: * ~ \" ( ) \\ : match as plain characters. A change is searchable about 1-2 s after it "
                    + "happened.")
    @ApiResponse(responseCode = "200", description = "a page of results",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SearchBodies.SearchPage.class)))
    @ApiResponse(responseCode = "400", description = "empty or too long q, unknown type, a parameter the type does not "
            + "take, a bad filter value (a language that is not a well-formed BCP 47 tag) or limit, a parameter given twice, a forged or foreign cursor (error invalid_request)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "413", description = "a request line (the URL with q) longer than Micronaut's limit "
            + "(micronaut.server.netty.max-initial-line-length, 4096 bytes) (error payload_too_large)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = "no valid bearer token (error unauthorized)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "Elasticsearch or the database did not answer (error unavailable); "
            + "retry later", content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> search(HttpRequest<?> http, Authentication caller,
            @Parameter(required = true, description = "the text, 1 to roomcast.gateway.search.max-query-chars (default "
                    + "200) characters", schema = @Schema(minLength = 1, maxLength = 200))
            @QueryValue("q") @Nullable String q,
            @Parameter(description = "what to search (default rooms)",
                    schema = @Schema(allowableValues = {"rooms", "users", "clubs"}))
            @QueryValue("type") @Nullable String type,
            @Parameter(description = "rooms only: live or scheduled (default both)",
                    schema = @Schema(allowableValues = {"live", "scheduled"}))
            @QueryValue("status") @Nullable String status,
            @Parameter(description = "rooms and clubs: a topic slug, e.g. tech.ai",
                    schema = @Schema(pattern = "^[a-z0-9][a-z0-9._-]{0,63}$"))
            @QueryValue("topic") @Nullable String topic,
            @Parameter(description = "rooms only: a topic category, e.g. tech",
                    schema = @Schema(pattern = "^[a-z0-9][a-z0-9._-]{0,63}$"))
            @QueryValue("category") @Nullable String category,
            @Parameter(description = "rooms only: a BCP 47 language tag (RFC 5646), at most 35 characters, any case; "
                    + "RFC 4647 basic filtering: pt finds rooms in pt and pt-BR, pt-BR only those in pt-BR; rooms "
                    + "without a language are left out; a malformed tag is refused (400)",
                    schema = @Schema(maxLength = 35, example = "pt-BR"))
            @QueryValue("language") @Nullable String language,
            @Parameter(description = "results per page, 1 to 50 (default 20)",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "50"))
            @QueryValue("limit") @Nullable String limit,
            @Parameter(description = "next_cursor of the previous page, with the same q, type and filters")
            @QueryValue("cursor") @Nullable String cursor) {
        // The named parameters document the API; validation reads every parameter given (unknown ones are refused).
        SearchRequest request;
        SearchPosition after;
        try {
            request = SearchRequest.parse(http.getParameters().asMap(), settings.limits());
            after = request.cursor() == null ? null : SearchPosition.parse(decodeCursor(request.cursor()), request);
        } catch (InvalidSearchException e) {
            return HttpResponse.badRequest(ErrorBody.of("invalid_request", e.getMessage()));
        }
        try {
            Searcher who = searchers.load(caller.getName());
            SearchHits page = SearchHits.of(cluster.search(request.index().alias(), SearchQueries.body(request, who, after)), request);
            return HttpResponse.ok(new SearchBodies.SearchPage(request.index().alias(),
                    page.hits().stream().map(h -> SearchBodies.SearchResult.of(request.index(), h)).toList(),
                    page.next() == null ? null : cursors.encode(page.next().text())));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("search failed: {}", e.toString());
            return ErrorBody.unavailable("search is unavailable, try again later");
        }
    }

    private String decodeCursor(String opaque) {
        try {
            return cursors.decode(opaque);
        } catch (IllegalArgumentException e) {
            throw new InvalidSearchException("invalid cursor");
        }
    }
}
