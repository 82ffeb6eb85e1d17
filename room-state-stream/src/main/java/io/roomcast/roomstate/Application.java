package io.roomcast.roomstate;

import io.micronaut.runtime.Micronaut;

/** room-state-stream: the room state machine as a Kafka Streams service (README, "Services"). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
