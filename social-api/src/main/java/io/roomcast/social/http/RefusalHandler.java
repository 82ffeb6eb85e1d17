package io.roomcast.social.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.roomcast.rest.ErrorBody;
import io.roomcast.social.core.Refusal;
import io.micronaut.transaction.exceptions.TransactionException;
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

    /** 503 {@code unavailable} with {@code Retry-After}: the database did not answer (e.g. it restarts); retry. */
    static HttpResponse<ErrorBody> databaseUnavailable() {
        return ErrorBody.unavailable("database unavailable; retry");
    }

    /**
     * A unique constraint that a concurrent request won (two sign-ups with one username at once): 409, as if
     * the other had come first; any other database failure: 503 with {@code Retry-After} (retry), never the SQL text.
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
            return databaseUnavailable();
        }
    }

    /**
     * A connection the pool handed out that the database closed (PostgreSQL restarting): Micronaut Data's
     * {@link ConnectionException}, 503 with {@code Retry-After}, as any database failure (found by the chaos run).
     */
    @Produces
    @Singleton
    @Requires(classes = {ConnectionException.class, ExceptionHandler.class})
    static final class ConnectionFailureHandler implements ExceptionHandler<ConnectionException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ConnectionException exception) {
            return databaseUnavailable();
        }
    }

    /** A transaction that could not begin, commit or roll back (the database went away): 503 with {@code Retry-After}. */
    @Produces
    @Singleton
    @Requires(classes = {TransactionException.class, ExceptionHandler.class})
    static final class TransactionFailureHandler implements ExceptionHandler<TransactionException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TransactionException exception) {
            return databaseUnavailable();
        }
    }
}
