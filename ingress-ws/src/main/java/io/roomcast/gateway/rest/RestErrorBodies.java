package io.roomcast.gateway.rest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

/**
 * The body of the errors Micronaut answers by itself (a body that is not JSON, an unknown route, a
 * wrong method or content type, an unexpected exception) in the REST API's one error shape,
 * {@link RestBodies.ErrorBody}, instead of Micronaut's default {@code JsonError}; so every 4xx and 5xx
 * answer matches docs/openapi.yml. Replaces Micronaut's default JSON error body provider.
 */
@Singleton
public final class RestErrorBodies implements JsonErrorResponseBodyProvider<RestBodies.ErrorBody> {

    @Override
    public RestBodies.ErrorBody body(ErrorContext context, HttpResponse<?> response) {
        String message = context.getErrors().isEmpty() ? response.reason() : context.getErrors().getFirst().getMessage();
        return RestBodies.ErrorBody.of(errorOf(response.code()), message);
    }

    /**
     * @param status an HTTP status code of 400 or above
     * @return its {@link RestBodies.ErrorBody#error()} value
     */
    static String errorOf(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= HttpStatus.INTERNAL_SERVER_ERROR.getCode() ? "internal_error" : "invalid_request";
        };
    }
}
