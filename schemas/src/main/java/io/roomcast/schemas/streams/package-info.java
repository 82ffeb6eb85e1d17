/**
 * Kafka Streams wiring every Streams service of Roomcast shares (room-state-stream, ranking-stream): input
 * topics decoded with the platform's record rules, refused records dead-lettered with the reason
 * ({@link io.roomcast.schemas.streams.DecodeOrDeadLetter}), Kafka's exception handlers as the backstop
 * ({@link io.roomcast.schemas.streams.DeadLetterHandler}), and the topics' serdes
 * ({@link io.roomcast.schemas.streams.TopicSerdes}). Needs kafka-streams, which the schemas module has as
 * an optional dependency: the services that use this package bring their own.
 */
package io.roomcast.schemas.streams;
