package io.roomcast.gateway;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's application context for unit tests: application.yml and the given overrides, without
 * the beans started with the context that need PostgreSQL or Kafka (the social outbox relay and the
 * ended-rooms reader) and without connecting the database pool or migrating, so a unit test runs on a machine with no server and no {@code roomcast} database.
 */
public final class UnitContext {
    private UnitContext() {
    }

    /** @param overrides settings over application.yml, e.g. {@code roomcast.gateway.outbox.max-frames} */
    public static ApplicationContext run(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put("roomcast.social.relay.enabled", false);
        config.put("roomcast.social.ended-rooms.enabled", false);
        // The pool is a context bean: no connection at start (HikariCP initializationFailTimeout -1), no migration.
        config.put("datasources.default.initialization-fail-timeout", -1);
        config.put("flyway.datasources.default.enabled", false);
        return ApplicationContext.run(config);
    }
}
