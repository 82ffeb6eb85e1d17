package io.roomcast.social.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.roomcast.rest.ErrorBody;
import io.roomcast.social.core.Refusal;
import jakarta.inject.Singleton;

/** Answers a {@link Refusal} with its status and the one error body. */
@Produces
@Singleton
@Requires(classes = {Refusal.class, ExceptionHandler.class})
final class RefusalHandler implements ExceptionHandler<Refusal, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, Refusal refusal) {
        return HttpResponse.<ErrorBody>status(io.micronaut.http.HttpStatus.valueOf(refusal.kind().status()))
                .body(ErrorBody.forStatus(refusal.kind().status(), refusal.getMessage()));
    }

    /**
     * A unique constraint that a concurrent request won (two sign-ups with one username at once): 409, as if
     * the other had come first; any other database failure: 503 (retry), never the SQL text.
     */
    @Produces
    @Singleton
    @Requires(classes = {DataAccessException.class, ExceptionHandler.class})
    static final class DatabaseFailureHandler implements ExceptionHandler<DataAccessException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, DataAccessException exception) {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                    return HttpResponse.<ErrorBody>status(io.micronaut.http.HttpStatus.CONFLICT)
                            .body(ErrorBody.forStatus(409, "conflict with a concurrent change (e.g. username taken)"));
                }
            }
            return HttpResponse.<ErrorBody>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .body(ErrorBody.forStatus(503, "database unavailable"));
        }
    }
}
