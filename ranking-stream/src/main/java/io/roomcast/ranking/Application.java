package io.roomcast.ranking;

import io.micronaut.runtime.Micronaut;

/** ranking-stream: room statistics (and, later, the hallway rankings) as a Kafka Streams service (README, "Services"). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
