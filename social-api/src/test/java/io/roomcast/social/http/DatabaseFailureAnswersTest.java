package io.roomcast.social.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpResponse;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.roomcast.rest.ErrorBody;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client gets when the database is away: 503 unavailable with Retry-After, never a 500 (docs/openapi.yml). */
class DatabaseFailureAnswersTest {
    @Test
    void aClosedPooledConnectionAFailedTransactionAndAFailedQueryAreEach503WithRetryAfter() {
        List<HttpResponse<ErrorBody>> answers = List.of(
            new RefusalHandler.ConnectionFailureHandler().handle(null,
                new ConnectionException("Could not set JDBC Connection read-only: Connection is closed")),
            new RefusalHandler.TransactionFailureHandler().handle(null,
                new CannotCreateTransactionException("could not begin")),
            new RefusalHandler.DatabaseFailureHandler().handle(null,
                new DataAccessException("query failed", new SQLException("connection refused", "08001"))));
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.code()).isEqualTo(503);
            assertThat(answer.getHeaders().get("Retry-After")).isEqualTo("1");
            assertThat(answer.body().error()).isEqualTo("unavailable");
        });
    }

    @Test
    void aLostUniqueConstraintRaceIsStillAConflict() {
        HttpResponse<ErrorBody> answer = new RefusalHandler.DatabaseFailureHandler().handle(null,
            new DataAccessException("insert failed", new SQLException("duplicate key", "23505")));
        assertThat(answer.code()).isEqualTo(409);
        assertThat(answer.getHeaders().get("Retry-After")).isNull();
    }
}
