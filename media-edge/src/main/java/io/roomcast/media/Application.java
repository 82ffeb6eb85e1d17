package io.roomcast.media;

import io.micronaut.runtime.Micronaut;

/** media-edge: the SFU for room audio (docs/media-protocol.md); HTTP for /health and /prometheus only. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
