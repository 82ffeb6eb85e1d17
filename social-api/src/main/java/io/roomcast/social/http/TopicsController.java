package io.roomcast.social.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.social.store.SocialStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /topics}: the seeded topic catalog (slugs {@code <category>.<name>}, e.g. {@code tech.ai}). */
@Controller("/topics")
@Tag(name = "topics")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = SocialApi.BEARER)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class TopicsController {
    private final SocialStore store;

    TopicsController(SocialStore store) {
        this.store = store;
    }

    /** {@code GET /topics}. */
    @Get
    @Operation(operationId = "listTopics", summary = "The topic catalog, by category")
    @ApiResponse(responseCode = "200", description = "every topic",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.TopicList.class)))
    public SocialBodies.TopicList topics() {
        return new SocialBodies.TopicList(store.topics().stream().map(SocialBodies.TopicBody::of).toList());
    }
}
