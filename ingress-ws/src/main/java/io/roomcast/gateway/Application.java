package io.roomcast.gateway;

import io.micronaut.runtime.Micronaut;

/** ingress-ws: the WebSocket gateway and REST API for clients (docs/protocol.md). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
