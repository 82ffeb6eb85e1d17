package io.roomcast.gateway.rest;

import io.roomcast.rest.ErrorBody;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

/**
 * The body of the errors Micronaut answers by itself (a body that is not JSON, an unknown route, a
 * wrong method or content type, an unexpected exception) in the REST API's one error shape,
 * {@link ErrorBody}, instead of Micronaut's default {@code JsonError}; so every 4xx and 5xx
 * answer matches docs/openapi.yml. Replaces Micronaut's default JSON error body provider.
 */
@Singleton
public final class RestErrorBodies implements JsonErrorResponseBodyProvider<ErrorBody> {

    @Override
    public ErrorBody body(ErrorContext context, HttpResponse<?> response) {
        String message = context.getErrors().isEmpty() ? response.reason() : context.getErrors().getFirst().getMessage();
        return ErrorBody.forStatus(response.code(), message);
    }
}
