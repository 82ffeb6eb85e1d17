package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.protocol.ProtocolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.yml} is the document micronaut-openapi generates from the controllers at compile
 * time, byte for byte; and a validator built from it refuses what the REST API never sends or accepts
 * (so the integration tests' {@link OpenApiTraffic} checks are not vacuous).
 */
class OpenApiDocumentTest {
    /** Where micronaut-openapi writes the document (file name: {@code openapi.properties}). */
    static final Path GENERATED = Path.of("target", "classes", "META-INF", "swagger", "roomcast-rest-api.yml");
    static final String REFRESH = "./mvnw -q -pl ingress-ws -am compile && "
        + "cp ingress-ws/target/classes/META-INF/swagger/roomcast-rest-api.yml docs/openapi.yml";

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiTraffic.validator(OpenApiTraffic.DOCUMENT);

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws Exception {
        assertThat(GENERATED).as("micronaut-openapi wrote no document; is it on the annotation processor path?")
            .exists();
        assertThat(Files.readString(OpenApiTraffic.DOCUMENT))
            .as("docs/openapi.yml differs from the document generated from the code; refresh it (from the "
                + "repository root): " + REFRESH)
            .isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void everyRouteIsDocumentedWithItsErrorsInTheOneErrorShape() throws Exception {
        String doc = Files.readString(OpenApiTraffic.DOCUMENT);
        assertThat(doc).contains("  /rooms:\n    get:", "    post:", "  /rooms/{id}:\n    get:",
            "  /rooms/{id}/media-token:\n    post:", "  /dev/token:\n    post:", "Idempotency-Key", "Retry-After");
        // The user/club API (social-api), merged in from that module's generated part.
        assertThat(doc).contains("  /users:\n    post:", "  /users/me:\n    get:", "  /users/{id}/followers:\n    get:",
            "  /users/me/following/users/{id}:\n    put:", "  /users/me/blocks/{id}:\n    put:", "  /clubs:\n    post:",
            "  /clubs/{id}/join-requests/{userId}/approve:\n    post:", "  /topics:\n    get:", "payload_too_large");
        assertThat(valid(SimpleRequest.Builder.post("/rooms").withAuthorization("Bearer t")
            .withContentType("application/json").withBody("{\"title\":\"Jazz\"}").build(), 202,
            "{\"room_id\":\"r-1\",\"nonce\":\"n\",\"command\":\"create_room\"}", "Location", "/rooms/r-1")).isTrue();
        // A 202 without its nonce, a 429 without Retry-After, an error of another shape, an unknown
        // visibility: all refused.
        assertThat(valid(SimpleRequest.Builder.post("/rooms").withAuthorization("Bearer t")
            .withContentType("application/json").withBody("{\"title\":\"Jazz\"}").build(), 202,
            "{\"room_id\":\"r-1\",\"command\":\"create_room\"}", "Location", "/rooms/r-1")).isFalse();
        assertThat(valid(SimpleRequest.Builder.post("/rooms").withAuthorization("Bearer t")
            .withContentType("application/json").withBody("{\"title\":\"Jazz\"}").build(), 429,
            "{\"error\":\"rate_limited\",\"retry_after_ms\":5}", "X-Other", "1")).isFalse();
        assertThat(valid(SimpleRequest.Builder.get("/rooms/r-1").withAuthorization("Bearer t").build(), 404,
            "{\"message\":\"Not Found\",\"_links\":{}}", "X-Other", "1")).isFalse();
        assertThat(valid(SimpleRequest.Builder.get("/rooms/r-1").withAuthorization("Bearer t").build(), 200, """
            {"room_id":"r-1","title":"t","visibility":"secret","lifecycle":"live","version":1,
             "counts":{"participants":0,"speakers":0,"listeners":0,"hands_raised":0},
             "moderators":[],"speakers":[],"listeners":[],"hand_raised":[]}""", "X-Other", "1")).isFalse();
        // Requests: a title over 120 characters, a limit of 0, no token.
        assertThat(VALIDATOR.validateRequest(SimpleRequest.Builder.post("/rooms").withAuthorization("Bearer t")
            .withContentType("application/json").withBody("{\"title\":\"" + "x".repeat(121) + "\"}").build())
            .hasErrors()).isTrue();
        assertThat(VALIDATOR.validateRequest(SimpleRequest.Builder.get("/rooms").withAuthorization("Bearer t")
            .withQueryParam("limit", "0").build()).hasErrors()).isTrue();
        assertThat(VALIDATOR.validateRequest(SimpleRequest.Builder.get("/rooms").build()).hasErrors()).isTrue();
    }

    @Test
    void theDocumentedNonceLimitIsTheProtocolDefault() {
        assertThat(RestBodies.DEFAULT_MAX_NONCE_CHARS).isEqualTo(ProtocolSettings.defaults().maxNonceChars());
    }

    private static boolean valid(Request request, int status, String body, String header, String value) {
        ValidationReport report = VALIDATOR.validate(request, SimpleResponse.Builder.status(status)
            .withContentType("application/json").withHeader(header, value).withBody(body).build());
        return !report.hasErrors();
    }
}
