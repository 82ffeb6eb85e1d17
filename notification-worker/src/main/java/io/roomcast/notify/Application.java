package io.roomcast.notify;

import io.micronaut.runtime.Micronaut;

/** notification-worker: decides who to tell what and stores the inbox (README, "Services"). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
