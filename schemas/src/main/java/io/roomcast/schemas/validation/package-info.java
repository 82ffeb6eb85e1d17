/**
 * Validation of the records on Roomcast's topics, in one place for producers and consumers: the
 * limits on ids, nonces and required fields ({@link io.roomcast.schemas.validation.RecordLimits},
 * {@link io.roomcast.schemas.validation.RecordValidator}), a bounded decoder of the Confluent wire
 * format that accepts only the topic's own subject versions and checks every declared length against
 * the record's size before Avro allocates anything ({@link io.roomcast.schemas.validation.GuardedDecoder},
 * {@link io.roomcast.schemas.validation.AvroBounds}), and the dead-letter reason codes
 * ({@link io.roomcast.schemas.validation.Reason}). No Kafka client, no I/O but the registry lookup of
 * {@link io.roomcast.schemas.validation.RegistryWriterSchemas}.
 */
package io.roomcast.schemas.validation;
