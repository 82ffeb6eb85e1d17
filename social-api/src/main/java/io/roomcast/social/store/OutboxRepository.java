package io.roomcast.social.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** Inserts outbox rows in the caller's transaction (the relay reads them with plain JDBC). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxRepository extends GenericRepository<UserRow, String> {
    @Query("insert into outbox (topic, record_key, value, created_at) values (:topic, :recordKey, :value, :now)")
    void insert(String topic, String recordKey, byte[] value, long now);
}
