package io.roomcast.schemas.streams;

import io.roomcast.events.DeadLetter;
import io.roomcast.schemas.DeadLetters;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.RegistryUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization and processing exception handlers (Kafka 4.2,
 * {@code deserialization.exception.handler}, {@code processing.exception.handler}; KIP-1033 and
 * KIP-1034: a handler answers {@code resume} with the dead-letter records Streams produces in the same
 * transaction). A record whose deserialization or processing throws becomes a {@link DeadLetter} on
 * its source topic's {@code <topic>-dlq} (reason {@code undecodable: ...} or {@code processing_error: ...})
 * and the stream thread goes on: one record never stops the service, and a restart does not meet it
 * again. Records of topics outside the catalog (internal repartition topics) and exceptions in
 * punctuators are logged and counted without a dead letter. Configured by
 * {@link #errorHandling}; the backstop behind {@link DecodeOrDeadLetter}, which refuses
 * bad input records itself.
 *
 * <p>One failure is not the record's: the schema registry not answering
 * ({@link RegistryUnavailableException}). The handler answers {@code fail} for it, and
 * {@link #errorHandling} has Micronaut replace the failed stream thread
 * ({@value #UNCAUGHT_EXCEPTION_HANDLER} {@code REPLACE_THREAD}): the new thread reads the record again
 * from the last committed offset (exactly-once: nothing of the aborted transaction is kept), so a
 * registry outage delays records and never dead-letters a valid one.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    /** Streams config key of the {@link TopicSerdes} the handler writes dead letters with. */
    public static final String DEAD_LETTER_SERDES_CONFIG = "roomcast.dead-letter.serdes";
    /** Streams config key of the {@link RefusalObserver} told about dead letters written by the handler. */
    public static final String DEAD_LETTER_OBSERVER_CONFIG = "roomcast.dead-letter.observer";

    /** micronaut-kafka-streams' per-stream setting for the KafkaStreams uncaught exception handler. */
    static final String UNCAUGHT_EXCEPTION_HANDLER = "uncaught-exception-handler";

    private final Map<String, Serializer<DeadLetter>> serializers = new ConcurrentHashMap<>();
    private TopicSerdes serdes;
    private RefusalObserver observer = RefusalObserver.NONE;
    private String consumer = "unknown";

    /**
     * The Streams configs that make Kafka's deserialization and processing exception handlers write
     * dead letters instead of stopping a stream thread; put them into the application's Streams properties.
     */
    public static Map<String, Object> errorHandling(TopicSerdes serdes, RefusalObserver observer) {
        return Map.of(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName(),
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName(),
            DEAD_LETTER_SERDES_CONFIG, serdes,
            DEAD_LETTER_OBSERVER_CONFIG, observer,
            UNCAUGHT_EXCEPTION_HANDLER, "REPLACE_THREAD");
    }

    @Override
    public void configure(Map<String, ?> configs) {
        serdes = (TopicSerdes) configs.get(DEAD_LETTER_SERDES_CONFIG);
        if (configs.get(DEAD_LETTER_OBSERVER_CONFIG) instanceof RefusalObserver o) {
            observer = o;
        }
        if (configs.get(StreamsConfig.APPLICATION_ID_CONFIG) instanceof String id) {
            consumer = id;
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(
            deadLetter(context, Reason.UNDECODABLE, exception, record.key(), record.value()));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        if (exception instanceof RegistryUnavailableException) {
            LOG.warn("Not processing {} partition {} offset {} now, the stream thread is replaced to read it again: {}",
                context.topic(), context.partition(), context.offset(), exception.getMessage());
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(
            deadLetter(context, Reason.PROCESSING_ERROR, exception, context.sourceRawKey(), context.sourceRawValue()));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, Reason reason, Exception exception,
                                                            byte[] key, byte[] value) {
        String topic = context.topic();
        observer.refused(topic == null ? "punctuation" : topic, reason.code());
        Optional<Topic<String, ?>> source = Topics.EVENT_TOPICS.stream().filter(t -> t.name().equals(topic)).findFirst();
        LOG.warn("Dead-lettering a record of {} partition {} offset {} ({}): {}", topic, context.partition(),
            context.offset(), reason.code(), exception.toString());
        if (source.isEmpty() || serdes == null) {
            return List.of();
        }
        Topic<byte[], DeadLetter> deadLetters = Topics.deadLetterOf(source.get());
        DeadLetter letter = DeadLetters.of(topic, context.partition(), context.offset(), context.timestamp(), key, value,
            consumer, reason.text(String.valueOf(exception.getMessage())), exception, Instant.now());
        byte[] bytes = serializers.computeIfAbsent(deadLetters.name(), name -> serdes.value(deadLetters).serializer())
            .serialize(deadLetters.name(), letter);
        return List.of(new ProducerRecord<>(deadLetters.name(), key, bytes));
    }
}
