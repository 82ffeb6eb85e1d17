package io.roomcast.social.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import io.roomcast.social.core.ClubRole;
import io.roomcast.social.core.SocialRules;
import io.roomcast.social.http.Positions.Position;
import io.roomcast.social.store.ClubRow;
import io.roomcast.social.store.MemberItem;
import io.roomcast.social.store.SocialStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

/**
 * Clubs: create, read, update (admins), join (public) or request to join (private) with admin approve and
 * deny, member roles (admins), members list, leave (README, "User and club API"; docs/openapi.yml). Every
 * route needs a bearer token; errors are {@link ErrorBody}; a refused request changes nothing.
 */
@Controller("/clubs")
@Tag(name = "clubs")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = SocialApi.BEARER)
@SocialResponses.RateLimitedWrites
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ClubsController {
    private final SocialStore store;
    private final SocialRules rules;
    private final Positions positions;

    ClubsController(SocialStore store, SocialRules rules, SocialApi api) {
        this.store = store;
        this.rules = rules;
        this.positions = api.positions();
    }

    /** {@code POST /clubs}. */
    @Post
    @Operation(operationId = "createClub", summary = "Create a club; the caller becomes its first admin",
            description = "Writes a clubs record and the creator's MEMBER and CLUB_ADMIN social-graph edges.")
    @ApiResponse(responseCode = "201", description = "the club",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.ClubBody.class)))
    @ApiResponse(responseCode = "400", description = "name missing or breaking the text rules, description or rules "
            + "too long, more than 5 topics or one not in GET /topics, a body that is not JSON (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller has not signed up (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "413", description = "body too large (error payload_too_large)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<SocialBodies.ClubBody> create(Authentication caller,
                                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                                      @Nullable @Body SocialBodies.CreateClubRequest body) {
        SocialApi.requireBody(body);
        ClubRow club = store.createClub(caller.getName(), body.name(), body.description(), body.topics(),
                Boolean.TRUE.equals(body.private_()), body.rules());
        return HttpResponse.created(SocialBodies.ClubBody.of(club), URI.create("/clubs/" + club.id()));
    }

    /** {@code GET /clubs/{id}}. */
    @Get("/{id}")
    @Operation(operationId = "getClub", summary = "A club")
    @ApiResponse(responseCode = "200", description = "the club",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.ClubBody.class)))
    @SocialResponses.NoSuchClub
    public SocialBodies.ClubBody get(Authentication caller, @PathVariable String id) {
        return SocialBodies.ClubBody.seenWith(store.club(id), store.relation(caller.getName(), id));
    }

    /** {@code PATCH /clubs/{id}}. */
    @Patch("/{id}")
    @Operation(operationId = "updateClub", summary = "Change a club (admins only)",
            description = "An absent or null field is kept; \"\" clears description or rules. Writes a clubs record.")
    @ApiResponse(responseCode = "200", description = "the club after the change",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.ClubBody.class)))
    @ApiResponse(responseCode = "400", description = "a field breaking its rule (as POST /clubs) (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NotClubAdmin
    @SocialResponses.NoSuchClub
    public SocialBodies.ClubBody update(Authentication caller, @PathVariable String id,
                                        @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                        @Nullable @Body SocialBodies.ClubPatch body) {
        SocialApi.requireBody(body);
        return SocialBodies.ClubBody.of(store.updateClub(caller.getName(), id, body.name(), body.description(),
                body.topics(), body.private_(), body.rules()));
    }

    /** {@code POST /clubs/{id}/join}. */
    @Post("/{id}/join")
    @Operation(operationId = "joinClub", summary = "Join a public club, or ask to join a private one",
            description = "Public club: the caller becomes a member (200 member; MEMBER edge and clubs record). "
                    + "Private club: a pending join request for its admins (202 requested; no record until approved). "
                    + "A member asking again gets 200 member and nothing changes.")
    @ApiResponse(responseCode = "200", description = "the caller is a member",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.JoinBody.class)))
    @ApiResponse(responseCode = "202", description = "a join request awaits an admin's decision",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.JoinBody.class)))
    @SocialResponses.NotSignedUp
    @SocialResponses.NoSuchClub
    public HttpResponse<SocialBodies.JoinBody> join(Authentication caller, @PathVariable String id) {
        return switch (store.join(caller.getName(), id)) {
            case MEMBER -> HttpResponse.ok(new SocialBodies.JoinBody("member"));
            case REQUESTED -> HttpResponse.<SocialBodies.JoinBody>status(HttpStatus.ACCEPTED)
                    .body(new SocialBodies.JoinBody("requested"));
        };
    }

    /** {@code GET /clubs/{id}/join-requests}. */
    @Get("/{id}/join-requests")
    @Operation(operationId = "listJoinRequests", summary = "Pending join requests, oldest first (admins only)")
    @ApiResponse(responseCode = "200", description = "up to `limit` requests",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.JoinRequests.class)))
    @ApiResponse(responseCode = "400", description = "limit out of range (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NotClubAdmin
    @SocialResponses.NoSuchClub
    public SocialBodies.JoinRequests joinRequests(Authentication caller, @PathVariable String id,
                                                  @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                                  @Nullable @QueryValue Integer limit) {
        return new SocialBodies.JoinRequests(store.joinRequests(caller.getName(), id, rules.pageSize(limit)).stream()
                .map(SocialBodies.JoinRequestBody::of).toList());
    }

    /** {@code POST /clubs/{id}/join-requests/{userId}/approve}. */
    @Post("/{id}/join-requests/{userId}/approve")
    @Operation(operationId = "approveJoinRequest", summary = "Approve a join request (admins only)",
            description = "The user becomes a member: MEMBER edge and clubs record.")
    @ApiResponse(responseCode = "204", description = "approved")
    @SocialResponses.NotClubAdmin
    @SocialResponses.NoSuchJoinRequest
    public HttpResponse<Void> approve(Authentication caller, @PathVariable String id, @PathVariable String userId) {
        store.decideJoinRequest(caller.getName(), id, userId, true);
        return HttpResponse.noContent();
    }

    /** {@code POST /clubs/{id}/join-requests/{userId}/deny}. */
    @Post("/{id}/join-requests/{userId}/deny")
    @Operation(operationId = "denyJoinRequest", summary = "Deny a join request (admins only)",
            description = "The request is dropped; the user may ask again. No record.")
    @ApiResponse(responseCode = "204", description = "denied")
    @SocialResponses.NotClubAdmin
    @SocialResponses.NoSuchJoinRequest
    public HttpResponse<Void> deny(Authentication caller, @PathVariable String id, @PathVariable String userId) {
        store.decideJoinRequest(caller.getName(), id, userId, false);
        return HttpResponse.noContent();
    }

    /** {@code GET /clubs/{id}/members}. */
    @Get("/{id}/members")
    @Operation(operationId = "listMembers", summary = "A club's members, earliest joined first")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = SocialBodies.MemberPage.class)))
    @SocialResponses.BadPage
    @SocialResponses.NoSuchClub
    public SocialBodies.MemberPage members(@PathVariable String id, @Nullable @QueryValue String cursor,
                                           @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                           @Nullable @QueryValue Integer limit) {
        int size = rules.pageSize(limit);
        Position from = positions.decode(cursor, SocialApi.OLDEST);
        Positions.Page<MemberItem> page = positions.page(store.members(id, from.at(), from.id(), size + 1), size,
                MemberItem::joinedAt, MemberItem::userId);
        return new SocialBodies.MemberPage(page.map(SocialBodies.MemberBody::of), page.next());
    }

    /** {@code PUT /clubs/{id}/members/{userId}/role}. */
    @Put("/{id}/members/{userId}/role")
    @Operation(operationId = "setMemberRole", summary = "Set a member's role (admins only)",
            description = "Writes the role edges that change (CLUB_ADMIN, CLUB_MODERATOR; the old one with active=false). "
                    + "A club keeps at least one admin.")
    @ApiResponse(responseCode = "204", description = "the member has the role")
    @ApiResponse(responseCode = "400", description = "role not admin, moderator or member (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller is not an admin of the club (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no such club, or the user is not a member (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "the club's last admin demoted (error conflict)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> setRole(Authentication caller, @PathVariable String id, @PathVariable String userId,
                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                      @Nullable @Body SocialBodies.RoleBody body) {
        ClubRole role = ClubRole.ofWire(body == null ? null : body.role());
        store.setRole(caller.getName(), id, userId, role);
        return HttpResponse.noContent();
    }

    /** {@code DELETE /clubs/{id}/members/me}. */
    @Delete("/{id}/members/me")
    @Operation(operationId = "leaveClub", summary = "Leave a club",
            description = "Writes the MEMBER edge (and a role edge) with active=false and a clubs record.")
    @ApiResponse(responseCode = "204", description = "the caller left")
    @ApiResponse(responseCode = "404", description = "no such club, or the caller is not a member (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "the caller is the club's last admin (error conflict)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> leave(Authentication caller, @PathVariable String id) {
        store.leave(caller.getName(), id);
        return HttpResponse.noContent();
    }
}
