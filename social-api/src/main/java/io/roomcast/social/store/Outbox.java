package io.roomcast.social.store;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.roomcast.schemas.Topic;
import io.roomcast.social.outbox.OutboxRelay;
import io.roomcast.social.outbox.OutboxValues;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Adds a Kafka record to the outbox, in the caller's transaction: topic, key ({@link Topic#keyOf}) and the
 * value ({@link OutboxValues}); the relay ({@link OutboxRelay}) publishes it. Once the transaction commits, this
 * node's relay is woken ({@link OutboxRelay#wake}), so a change made on the node that leads is sent without
 * waiting for the relay's idle poll.
 */
@Singleton
public class Outbox {
    private final OutboxRepository rows;
    private final TransactionOperations<Connection> transactions;
    private final TransactionSynchronization wakeRelay;

    public Outbox(OutboxRepository rows, TransactionOperations<Connection> transactions, Optional<OutboxRelay> relay) {
        this.rows = rows;
        this.transactions = transactions;
        this.wakeRelay = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.ifPresent(OutboxRelay::wake);
            }
        };
    }

    /** Inserts the record's row; call after the change it reports, in the same transaction. */
    public <V extends SpecificRecord> void add(Topic<String, V> topic, V value, long now) {
        rows.insert(topic.name(), topic.keyOf(value), OutboxValues.encode(topic, value), now);
        transactions.findTransactionStatus().ifPresent(status -> status.registerSynchronization(wakeRelay));
    }
}
