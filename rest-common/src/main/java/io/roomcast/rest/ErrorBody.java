package io.roomcast.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * The body of every 4xx and 5xx answer of the REST APIs the gateway serves (rooms, users, clubs), as
 * docs/openapi.yml states it.
 *
 * @param error        machine-readable: {@code invalid_request}, {@code unauthorized}, {@code forbidden},
 *                     {@code not_found}, {@code conflict}, {@code payload_too_large}, {@code rate_limited},
 *                     {@code unavailable}, {@code internal_error}
 * @param message      for humans, optional
 * @param retryAfterMs for {@code rate_limited}: ms until a retry may succeed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The body of every 4xx and 5xx answer of the REST API.")
public record ErrorBody(
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"invalid_request", "unauthorized", "forbidden",
                "not_found", "conflict", "payload_too_large", "rate_limited", "unavailable", "internal_error"},
                description = ErrorBody.CODES_DOC) String error,
        @Schema(description = "for humans; may change") @Nullable String message,
        @Schema(minimum = "1", description = "with rate_limited: ms until a retry may succeed")
        @Nullable Long retryAfterMs) {

    /** Values of {@link #error()} with their statuses. */
    public static final String CODES_DOC = "invalid_request (400 and other 4xx), unauthorized (401), forbidden (403), "
            + "not_found (404), conflict (409), payload_too_large (413), rate_limited (429), unavailable (503), "
            + "internal_error (other 5xx)";

    /** @return an error without retry time */
    public static ErrorBody of(String error, String message) {
        return new ErrorBody(error, message, null);
    }

    /** Seconds a client waits before retrying a 503 {@code unavailable} ({@code Retry-After}, RFC 9110 §10.2.3). */
    public static final int RETRY_AFTER_SECONDS = 1;

    /**
     * 503 {@code unavailable} with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}: a server behind the API (the
     * database, Redis, Elasticsearch, a media edge) did not answer or is away, e.g. while it restarts; nothing
     * changed, retry. Every 503 of the REST API is this one (docs/openapi.yml, the API's description).
     *
     * @param message for humans: what was unavailable
     */
    public static MutableHttpResponse<ErrorBody> unavailable(String message) {
        return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(of("unavailable", message));
    }

    /** @return the error body of an HTTP status of 400 or above, with {@link #errorOf(int)} */
    public static ErrorBody forStatus(int status, String message) {
        return of(errorOf(status), message);
    }

    /**
     * @param status an HTTP status code of 400 or above
     * @return its {@link #error()} value (see {@link #CODES_DOC})
     */
    public static String errorOf(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }
}
