/**
 * Contracts between services that are not Kafka topics or Redis keys (those are {@code io.roomcast.schemas}'s
 * {@code Topics}, {@code ReadModelKeys}, {@code SessionKeys}): written once here, used by every side. Pure
 * Java, no dependency.
 */
package io.roomcast.schemas.contracts;
