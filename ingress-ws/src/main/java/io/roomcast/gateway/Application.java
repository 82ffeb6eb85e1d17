package io.roomcast.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * ingress-ws: the WebSocket gateway (docs/protocol.md, docs/asyncapi.json) and REST API for clients
 * (docs/openapi.yml, generated from these annotations by micronaut-openapi at compile time).
 */
@OpenAPIDefinition(info = @Info(title = "Roomcast REST API", version = "1",
        description = "The REST side of the ingress-ws gateway: rooms (create, list, snapshot), media tokens, the "
                + "user/club API (users, follows, blocks, clubs, topics; module social-api) and, "
                + "on local platforms only, dev tokens. JSON bodies; field names lower snake case; times epoch ms; "
                + "enum values lower snake case; absent optional fields are left out. Every 4xx and 5xx answer "
                + "has the body ErrorBody. The only rate-limit header is Retry-After on 429. Every 503 (error unavailable) carries "
                + "Retry-After: 1: a server behind the route (the database for users, clubs, follows, topics and "
                + "notifications; Redis; Elasticsearch for search; a media edge) cannot be reached, e.g. while it "
                + "restarts; nothing changed; retry. The WebSocket "
                + "protocol is docs/protocol.md (machine-readable: docs/asyncapi.json)."))
@SecurityScheme(name = Application.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A session JWT (its subject is the user): from the identity provider, or POST /dev/token locally")
public final class Application {
    /** The name of the bearer security scheme in the OpenAPI document. */
    public static final String BEARER = "bearer";

    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
