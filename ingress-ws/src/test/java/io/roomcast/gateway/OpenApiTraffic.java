package io.roomcast.gateway;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The integration tests' HTTP client for the REST API: every exchange is checked against
 * {@code docs/openapi.yml} by a real OpenAPI validator (Atlassian's swagger-request-validator), the way
 * {@code GatewayEndToEndIT} checks WebSocket frames against {@code docs/asyncapi.json}.
 *
 * <p>{@link #send} requires request and response to conform; {@link #sendOutsideContract} is for the
 * requests a test makes wrong on purpose (no token, a blank title): the document must call the request
 * invalid, and the answer must still be a documented one. A failure is an {@link AssertionError} naming
 * the operation and the validator's messages.
 */
public final class OpenApiTraffic implements AutoCloseable {
    /** The committed document, from the module's directory (where Maven runs the tests). */
    public static final Path DOCUMENT = Path.of("..", "docs", "openapi.yml");

    private static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(5);

    private final OpenApiInteractionValidator validator;
    private final HttpClient http;

    private OpenApiTraffic(OpenApiInteractionValidator validator, HttpClient http) {
        this.validator = validator;
        this.http = http;
    }

    /** @return a client validating against {@link #DOCUMENT} */
    public static OpenApiTraffic create() {
        return new OpenApiTraffic(validator(DOCUMENT),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** @return a validator of the given OpenAPI document */
    public static OpenApiInteractionValidator validator(Path document) {
        return OpenApiInteractionValidator.createForSpecificationUrl(document.toAbsolutePath().toUri().toString())
                .build();
    }

    /**
     * Sends a request whose request and answer must both conform to the document.
     *
     * @throws AssertionError if either does not
     */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        Request checked = toValidatorRequest(request);
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        ValidationReport report = validator.validate(checked, toValidatorResponse(response));
        if (report.hasErrors()) {
            throw new AssertionError(describe(request, response, report));
        }
        return response;
    }

    /**
     * Sends a request the test makes wrong on purpose.
     *
     * @throws AssertionError if the document accepts the request, or the answer does not conform
     */
    public HttpResponse<String> sendOutsideContract(HttpRequest request) throws IOException, InterruptedException {
        Request checked = toValidatorRequest(request);
        ValidationReport requestReport = validator.validateRequest(checked);
        if (!requestReport.hasErrors()) {
            throw new AssertionError("docs/openapi.yml accepts " + request.method() + " " + request.uri()
                    + ", which the test sends as invalid");
        }
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        ValidationReport report = validator.validateResponse(checked.getPath(), checked.getMethod(),
                toValidatorResponse(response));
        if (report.hasErrors()) {
            throw new AssertionError(describe(request, response, report));
        }
        return response;
    }

    /**
     * {@code POST /dev/token} for a user, checked like {@link #send}.
     *
     * @return the token
     */
    public String devToken(String gatewayUrl, String userId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + userId + "\"}")).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("dev token for " + userId + ": " + response.statusCode() + " " + response.body());
        }
        return tokenOf(response.body());
    }

    /**
     * Checks an exchange made by another client (e.g. the Node client of {@code StrictClientIT}).
     *
     * @param pathAndQuery    e.g. {@code /rooms?limit=2}
     * @param requestBody     or null
     * @param responseBody    or empty
     * @return the validator's error messages; empty if request and answer conform
     */
    public static List<String> problems(OpenApiInteractionValidator validator, String method, String pathAndQuery,
                                        Map<String, String> requestHeaders, String requestBody, int status,
                                        Map<String, String> responseHeaders, String responseBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost" + pathAndQuery))
                .method(method, requestBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(requestBody));
        requestHeaders.forEach(request::header);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        responseHeaders.forEach(response::withHeader);
        if (responseBody != null && !responseBody.isEmpty()) {
            response.withBody(responseBody);
        }
        return errors(validator.validate(toValidatorRequest(request.build()), response.build()));
    }

    @Override
    public void close() {
        http.close();
    }

    private static String tokenOf(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("token").asText();
        } catch (IOException e) {
            throw new AssertionError("dev token answer is not JSON: " + body, e);
        }
    }

    private static Request toValidatorRequest(HttpRequest request) {
        URI uri = request.uri();
        SimpleRequest.Builder b = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                b.withQueryParam(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        request.headers().map().forEach(b::withHeader);
        request.bodyPublisher().map(OpenApiTraffic::bytesOf).filter(bytes -> bytes.length > 0)
                .ifPresent(b::withBody);
        return b.build();
    }

    private static SimpleResponse toValidatorResponse(HttpResponse<String> response) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(b::withHeader);
        if (!response.body().isEmpty()) {
            b.withBody(response.body());
        }
        return b.build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Reads a body publisher (the JDK's string and byte publishers can be read again by the client). */
    private static byte[] bytesOf(HttpRequest.BodyPublisher publisher) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(BODY_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the request body", e);
        }
    }

    private static List<String> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
    }

    private static String describe(HttpRequest request, HttpResponse<String> response, ValidationReport report) {
        return request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.body()
                + "\ndoes not conform to docs/openapi.yml:\n  " + String.join("\n  ", errors(report));
    }
}
