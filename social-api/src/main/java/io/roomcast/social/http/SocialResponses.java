package io.roomcast.social.http;

import io.roomcast.rest.ErrorBody;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error answers that several routes of the user/club API document alike, each as one annotation that
 * stands for its {@link ApiResponse} (micronaut-openapi reads it as a stereotype): the text of each rule is
 * written once for docs/openapi.yml. Every body is {@link ErrorBody} ({@code application/json}).
 */
final class SocialResponses {
    private SocialResponses() {
    }

    /** On a controller: 429 rate_limited for a write over the caller's limit ({@link SocialApi#RATE_LIMITED}). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ApiResponse(responseCode = "429", description = SocialApi.RATE_LIMITED,
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface RateLimitedWrites {
    }

    /** 400 invalid_request: the caller names themselves as the target (follow, block). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400", description = "the caller names themselves (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NamesSelf {
    }

    /** 400 invalid_request: a list's {@code limit} out of range or a cursor this API did not make. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400", description = "limit out of range, or a forged or changed cursor (error invalid_request)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface BadPage {
    }

    /** 403 forbidden: the token's subject has no profile (POST /users first). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "403", description = "the caller has not signed up (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NotSignedUp {
    }

    /** 403 forbidden: an admins-only club route called by someone else. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "403", description = "the caller is not an admin of the club (error forbidden)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NotClubAdmin {
    }

    /** 404 not_found: the user in the path has no profile. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "no such user (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NoSuchUser {
    }

    /** 404 not_found: no club with the id in the path. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "no such club (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NoSuchClub {
    }

    /** 404 not_found: no such club, or no pending join request of the user in the path. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "no such club, or no pending request of that user (error not_found)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @interface NoSuchJoinRequest {
    }
}
