package io.roomcast.social.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.rest.ErrorBody;
import io.roomcast.social.core.SocialRules;
import io.roomcast.social.http.Positions.Position;
import io.roomcast.social.store.SocialStore;
import io.roomcast.social.store.UserListItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * Users: sign-up, profiles, invites, follows of users, clubs and topics, blocks, followers and following
 * lists (README, "User and club API"; docs/openapi.yml). Every route needs a bearer token; its subject is
 * the caller. Errors are {@link ErrorBody}: 400 invalid_request, 401, 403 forbidden, 404 not_found,
 * 409 conflict, 413 payload_too_large; a refused request changes nothing and writes no Kafka record.
 * Follow, unfollow, block and unblock are idempotent: 204 whether or not the state changed (a record is
 * written only when it did).
 */
@Controller("/users")
@Tag(name = "users")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = SocialApi.BEARER)
@SocialResponses.RateLimitedWrites
@ExecuteOn(TaskExecutors.BLOCKING)
public final class UsersController {
    private final SocialStore store;
    private final SocialRules rules;
    private final Positions positions;

    UsersController(SocialStore store, SocialRules rules, SocialApi api) {
        this.store = store;
        this.rules = rules;
        this.positions = api.positions();
    }

    /** {@code POST /users}. */
    @Post
    @Operation(operationId = "signUp", summary = "Sign up: create the caller's profile",
            description = "The profile of the token's subject. In invite-only mode (setting roomcast.social.invite-only) "
                    + "an unused invite_code is required. Each new user gets roomcast.social.invites-per-user invites "
                    + "(default 5). Writes a user-profiles record.")
    @ApiResponse(responseCode = "201", description = "the new profile",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.Profile.class)))
    @ApiResponse(responseCode = "400", description = "username not 3 to 30 of [a-z0-9_], display_name missing or "
            + "breaking the text rules, bio too long, avatar_url not an https URL, a body that is not JSON "
            + "(error invalid_request)", content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "invite-only mode without invite_code (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no unused invite with this code (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "username taken, or the caller has a profile already (error conflict)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "413", description = "body larger than micronaut.server.max-request-size (error payload_too_large)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<SocialBodies.Profile> signUp(Authentication caller,
                                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                                     @Nullable @Body SocialBodies.SignUpRequest body) {
        SocialApi.requireBody(body);
        var user = store.signUp(caller.getName(), body.username(), body.displayName(), body.bio(), body.avatarUrl(),
                body.inviteCode());
        return HttpResponse.created(SocialBodies.Profile.own(user), URI.create("/users/" + user.id()));
    }

    /** {@code GET /users/me}. */
    @Get("/me")
    @Operation(operationId = "getMyProfile", summary = "The caller's profile, with invites left")
    @ApiResponse(responseCode = "200", description = "the profile",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.Profile.class)))
    @ApiResponse(responseCode = "404", description = "the caller has not signed up (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public SocialBodies.Profile me(Authentication caller) {
        return SocialBodies.Profile.own(store.user(caller.getName()));
    }

    /** {@code PATCH /users/me}. */
    @Patch("/me")
    @Operation(operationId = "updateMyProfile", summary = "Change the caller's profile",
            description = "An absent or null field is kept; \"\" clears bio or avatar_url. Writes a user-profiles record.")
    @ApiResponse(responseCode = "200", description = "the profile after the change",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.Profile.class)))
    @ApiResponse(responseCode = "400", description = "a field breaking its rule (as POST /users) (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller has not signed up (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "username taken (error conflict)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public SocialBodies.Profile updateMe(Authentication caller,
                                         @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                         @Nullable @Body SocialBodies.ProfilePatch body) {
        SocialApi.requireBody(body);
        return SocialBodies.Profile.own(store.updateProfile(caller.getName(), body.username(), body.displayName(),
                body.bio(), body.avatarUrl()));
    }

    /** {@code POST /users/me/invites}. */
    @Post("/me/invites")
    @Operation(operationId = "createInvite", summary = "An invite code for one sign-up",
            description = "Uses one of the caller's invites (roomcast.social.invites-per-user at sign-up).")
    @ApiResponse(responseCode = "201", description = "the code",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.Invite.class)))
    @ApiResponse(responseCode = "403", description = "not signed up, or no invites left (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<SocialBodies.Invite> invite(Authentication caller) {
        return HttpResponse.created(new SocialBodies.Invite(store.createInvite(caller.getName())));
    }

    /** {@code GET /users/{id}}. */
    @Get("/{id}")
    @Operation(operationId = "getProfile", summary = "A user's public profile")
    @ApiResponse(responseCode = "200", description = "the profile",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.Profile.class)))
    @SocialResponses.NoSuchUser
    public SocialBodies.Profile profile(Authentication caller, @PathVariable String id) {
        return SocialBodies.Profile.seenBy(store.user(id), caller.getName(), () -> store.follows(caller.getName(), id));
    }

    /** {@code GET /users/{id}/followers}. */
    @Get("/{id}/followers")
    @Operation(operationId = "listFollowers", summary = "A user's followers, newest follow first",
            description = "Keyset pages (index on followee, follow time, follower): as fast on page 1,000 as on page 1.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.UserPage.class)))
    @ApiResponse(responseCode = "400", description = "limit out of range, or a cursor this API did not make or that "
            + "was changed (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NoSuchUser
    public SocialBodies.UserPage followers(@PathVariable String id,
                                           @Parameter(description = "the previous page's next_cursor; absent for the first page")
                                           @Nullable @QueryValue String cursor,
                                           @Parameter(description = "users per page: default 20, at most 100 (settings "
                                                   + "roomcast.social.page-default-limit, page-max-limit)",
                                                   schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                           @Nullable @QueryValue Integer limit) {
        int size = rules.pageSize(limit);
        Position from = positions.decode(cursor, SocialApi.NEWEST);
        return page(store.followers(id, from.at(), from.id(), size + 1), size);
    }

    /** {@code GET /users/{id}/following}. */
    @Get("/{id}/following")
    @Operation(operationId = "listFollowing", summary = "The users a user follows, newest follow first")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.UserPage.class)))
    @SocialResponses.BadPage
    @SocialResponses.NoSuchUser
    public SocialBodies.UserPage following(@PathVariable String id, @Nullable @QueryValue String cursor,
                                           @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                           @Nullable @QueryValue Integer limit) {
        int size = rules.pageSize(limit);
        Position from = positions.decode(cursor, SocialApi.NEWEST);
        return page(store.following(id, from.at(), from.id(), size + 1), size);
    }

    /** {@code PUT /users/me/following/users/{id}}. */
    @Put("/me/following/users/{id}")
    @Operation(operationId = "followUser", summary = "Follow a user",
            description = "Idempotent. Writes a social-graph FOLLOWS USER edge and both users' user-profiles records "
                    + "(counts) when the follow is new.")
    @ApiResponse(responseCode = "204", description = "the caller follows the user")
    @ApiResponse(responseCode = "400", description = "the caller names themselves (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller has not signed up, or one of the two blocks the other "
            + "(error forbidden)", content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NoSuchUser
    public HttpResponse<Void> followUser(Authentication caller, @PathVariable String id) {
        store.followUser(caller.getName(), id);
        return HttpResponse.noContent();
    }

    /** {@code DELETE /users/me/following/users/{id}}. */
    @Delete("/me/following/users/{id}")
    @Operation(operationId = "unfollowUser", summary = "Unfollow a user",
            description = "Idempotent. Writes the edge with active=false and both profiles when a follow ended.")
    @ApiResponse(responseCode = "204", description = "the caller does not follow the user")
    @SocialResponses.NamesSelf
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchUser
    public HttpResponse<Void> unfollowUser(Authentication caller, @PathVariable String id) {
        store.unfollowUser(caller.getName(), id);
        return HttpResponse.noContent();
    }

    /** {@code PUT /users/me/following/clubs/{id}}. */
    @Put("/me/following/clubs/{id}")
    @Operation(operationId = "followClub", summary = "Follow a club (not the same as joining it)",
            description = "Idempotent. Writes a social-graph FOLLOWS CLUB edge when new.")
    @ApiResponse(responseCode = "204", description = "the caller follows the club")
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchClub
    public HttpResponse<Void> followClub(Authentication caller, @PathVariable String id) {
        store.followClub(caller.getName(), id);
        return HttpResponse.noContent();
    }

    /** {@code DELETE /users/me/following/clubs/{id}}. */
    @Delete("/me/following/clubs/{id}")
    @Operation(operationId = "unfollowClub", summary = "Unfollow a club", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "the caller does not follow the club")
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchClub
    public HttpResponse<Void> unfollowClub(Authentication caller, @PathVariable String id) {
        store.unfollowClub(caller.getName(), id);
        return HttpResponse.noContent();
    }

    /** {@code PUT /users/me/following/topics/{slug}}. */
    @Put("/me/following/topics/{slug}")
    @Operation(operationId = "followTopic", summary = "Follow a topic with an interest weight, or change the weight",
            description = "Idempotent. Writes a social-graph FOLLOWS TOPIC edge with the weight when it changed.")
    @ApiResponse(responseCode = "204", description = "the caller follows the topic with that weight")
    @ApiResponse(responseCode = "400", description = "weight outside (0, 1] (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller has not signed up (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no such topic in GET /topics (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> followTopic(Authentication caller, @PathVariable String slug,
                                          @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false)
                                          @Nullable @Body SocialBodies.TopicInterest body) {
        store.followTopic(caller.getName(), slug, body == null ? null : body.weight());
        return HttpResponse.noContent();
    }

    /** {@code DELETE /users/me/following/topics/{slug}}. */
    @Delete("/me/following/topics/{slug}")
    @Operation(operationId = "unfollowTopic", summary = "Unfollow a topic", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "the caller does not follow the topic")
    @ApiResponse(responseCode = "403", description = "the caller has not signed up (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no such topic (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> unfollowTopic(Authentication caller, @PathVariable String slug) {
        store.unfollowTopic(caller.getName(), slug);
        return HttpResponse.noContent();
    }

    /** {@code PUT /users/me/blocks/{id}}. */
    @Put("/me/blocks/{id}")
    @Operation(operationId = "blockUser", summary = "Block a user",
            description = "Idempotent. Ends the follows between the two, both ways (their edges with active=false "
                    + "and the profiles' counts), then writes a social-graph BLOCKS edge. While blocked, neither may "
                    + "follow the other (403).")
    @ApiResponse(responseCode = "204", description = "the caller blocks the user")
    @SocialResponses.NamesSelf
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchUser
    public HttpResponse<Void> block(Authentication caller, @PathVariable String id) {
        store.block(caller.getName(), id);
        return HttpResponse.noContent();
    }

    /** {@code DELETE /users/me/blocks/{id}}. */
    @Delete("/me/blocks/{id}")
    @Operation(operationId = "unblockUser", summary = "Unblock a user",
            description = "Idempotent. Writes the BLOCKS edge with active=false; ended follows stay ended.")
    @ApiResponse(responseCode = "204", description = "the caller does not block the user")
    @SocialResponses.NamesSelf
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchUser
    public HttpResponse<Void> unblock(Authentication caller, @PathVariable String id) {
        store.unblock(caller.getName(), id);
        return HttpResponse.noContent();
    }

    private SocialBodies.UserPage page(List<UserListItem> fetched, int size) {
        Positions.Page<UserListItem> page = positions.page(fetched, size, UserListItem::since, UserListItem::userId);
        return new SocialBodies.UserPage(page.map(SocialBodies.UserListItemBody::of), page.next());
    }
}
