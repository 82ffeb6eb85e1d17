package io.roomcast.gateway.auth;

import io.roomcast.rest.ErrorBody;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.gateway.rest.RestBodies;
import io.roomcast.schemas.validation.IdRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /dev/token {"user_id": "alice"}} → {@code 200 {"token": "<JWT>", "expires_in_s": 3600}}:
 * a session token for any user id, without a password. For the local platform, the load generator
 * and tests only: the bean (and so the route) exists only when
 * {@code roomcast.gateway.dev-tokens.enabled=true} (default false); otherwise the path answers 404.
 *
 * <p>Tokens are signed by Micronaut's {@link JwtTokenGenerator} with the configured signature
 * (the HS256 secret locally) and expire after {@code roomcast.gateway.dev-tokens.ttl} (default 1 h).
 * A {@code user_id} that breaks the id rule ({@link IdRules}: missing, empty, longer than 128
 * characters, or holding a space, control or format character such as a right-to-left override) is
 * answered 400 with the rule's reason.
 */
@Controller("/dev/token")
@Tag(name = "dev")
@Requires(property = "roomcast.gateway.dev-tokens.enabled", value = "true")
@Secured(SecurityRule.IS_ANONYMOUS)
public final class DevTokenController {

    /** Longest user id accepted (characters), as the room id limit of docs/protocol.md. */
    static final int MAX_USER_ID_CHARS = 128;

    private final JwtTokenGenerator generator;
    private final Duration ttl;

    /**
     * @param generator Micronaut's JWT generator (configured signature)
     * @param ttl       token lifetime, setting {@code roomcast.gateway.dev-tokens.ttl} (default 1 h), at least 1 s
     */
    public DevTokenController(JwtTokenGenerator generator,
                              @Value("${roomcast.gateway.dev-tokens.ttl:1h}") Duration ttl) {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("roomcast.gateway.dev-tokens.ttl must be at least 1 s: " + ttl);
        }
        this.generator = generator;
        this.ttl = ttl;
    }

    /**
     * @param request {@code {"user_id": ...}}
     * @return 200 with the token; 400 {@code {"error": "invalid_request", "message"}} for a bad user id;
     *     500 if the generator cannot sign
     */
    @Post
    @Operation(operationId = "issueDevToken", summary = "A session token for any user id (local platforms only)",
            description = "No credentials asked: exists only where roomcast.gateway.dev-tokens.enabled=true (the "
                    + "local platform, tests); elsewhere the path answers 404. The token is a bearer token for the "
                    + "REST API and the WebSocket's IDENTIFY, valid roomcast.gateway.dev-tokens.ttl (default 1 h).")
    @ApiResponse(responseCode = "200", description = "the token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DevTokenResponse.class)))
    @ApiResponse(responseCode = "400", description = "user_id missing, empty, longer than 128 characters or holding "
            + "a space, control or format character (docs/protocol.md, Ids), or a body that is not JSON "
            + "(error invalid_request)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "dev tokens are not enabled on this gateway (error not_found)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "500", description = "the gateway cannot sign tokens (error internal_error)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> issue(@Body DevTokenRequest request) {
        String userId = request == null ? null : request.userId();
        String invalid = IdRules.violation("user_id", userId, MAX_USER_ID_CHARS);
        if (invalid != null) {
            return HttpResponse.badRequest(ErrorBody.of("invalid_request", invalid));
        }
        int seconds = (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds());
        Optional<String> token = generator.generateToken(Authentication.build(userId), seconds);
        return token.<HttpResponse<?>>map(t -> HttpResponse.ok(new DevTokenResponse(t, seconds)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                        .body(ErrorBody.of("internal_error", "token generation failed")));
    }

    /** Body of {@code POST /dev/token}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DevTokenRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MAX_USER_ID_CHARS,
                    description = "a user id (docs/protocol.md, Ids); becomes the token's subject") String userId) {
    }

    /** Answer of {@code POST /dev/token}; {@code expires_in_s} in seconds. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DevTokenResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "a JWT") String token,
                                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1",
                                           description = "seconds") long expiresInS) {
    }
}
