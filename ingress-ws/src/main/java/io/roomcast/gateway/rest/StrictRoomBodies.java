package io.roomcast.gateway.rest;

import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import io.roomcast.rest.StrictRecordDeserializer;
import jakarta.inject.Singleton;

/**
 * The room API's request bodies read with their documented JSON types and no coercion
 * ({@link StrictRecordDeserializer}; issue 11, B16: {@code "title": 123} is refused, not stored as "123").
 */
@Factory
final class StrictRoomBodies {
    /** {@code POST /rooms}: strings, {@code starts_at} a JSON integer, {@code settings} an object of booleans and integers. */
    @Singleton
    Deserializer<RestBodies.CreateRoomRequest> createRoomRequest() {
        return new StrictRecordDeserializer<>(RestBodies.CreateRoomRequest.class);
    }
}
