package io.roomcast.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second client, not ours: a Node script ({@code src/test/node/strict-client/client.mjs}) written
 * from docs/protocol.md on the npm library {@code ws}, which holds servers to RFC 6455 strictly. It
 * drives a real gateway and room-state-stream (creates a room over REST, joins, is kicked, rejoins,
 * is banned, is refused) and prints what each connection received; this class asserts the documented
 * sequences on that record. {@code npm ci} installs the pinned {@code ws} (package-lock.json) into
 * {@code target/strict-client/}. Skipped, with a message, only where node or npm is missing.
 */
@IntegrationTest
class StrictClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final Path SOURCE = Path.of("src", "test", "node", "strict-client");
    private static final Path WORK = Path.of("target", "strict-client");
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(4);
    /** RFC 6455 section 5.5: a control frame's payload is at most 125 bytes, 2 of them the close code. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private static ServiceProcess roomState;
    private static TestGateway gateway;
    private static JsonNode record;

    @BeforeAll
    static void runTheScenario(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis)
        throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
            "StrictClientIT skipped: node and npm (Node.js 18 or later) are not on PATH; install them to run "
                + "the strict second client");
        installClient();
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), "strict-" + RUN);
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-strict"));
        record = runClient(gateway.url());
    }

    @AfterAll
    static void stop() {
        // The gateway first: it reads what room-state-stream writes.
        Stream.of(gateway, roomState).filter(Objects::nonNull).forEach(StrictClientIT::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + service, e);
        }
    }

    @Test
    void theScenarioRanToItsEnd() {
        assertThat(record.path("failures")).as("waits that timed out or failed in client.mjs").isEmpty();
    }

    @Test
    void invalidJsonBeforeIdentifyClosesWith4002AndAReasonWithinTheFrameLimit() {
        JsonNode close = connection("bad_json_before_identify").path("close");
        assertThat(connection("bad_json_before_identify").path("errors")).as("ws saw no protocol error").isEmpty();
        assertThat(close.path("code").asInt()).as("the close code reached the client: " + close).isEqualTo(4002);
        assertThat(close.path("reason_bytes").asInt()).isBetween(1, MAX_CLOSE_REASON_BYTES);
        assertThat(close.path("reason").asText()).as("the reason names its error once")
            .doesNotContain("decode_error: decode_error");
    }

    @Test
    void aCommandBeforeIdentifyClosesWith4003() {
        JsonNode close = connection("command_before_identify").path("close");
        assertThat(connection("command_before_identify").path("errors")).isEmpty();
        assertThat(close.path("code").asInt()).as(close.toString()).isEqualTo(4003);
        assertThat(close.path("reason_bytes").asInt()).isBetween(1, MAX_CLOSE_REASON_BYTES);
        assertThat(close.path("reason").asText()).doesNotContain("not_authenticated: not_authenticated");
    }

    @Test
    void everyCommandGetsExactlyOneCommandResult() {
        for (String name : List.of("host", "guest")) {
            for (JsonNode sent : connection(name).path("sent")) {
                JsonNode frame = parse(sent.asText());
                if (!frame.has("nonce")) {
                    continue;
                }
                String nonce = frame.path("nonce").asText();
                List<JsonNode> results = frames(name).stream()
                    .filter(f -> f.path("op").asText().equals("COMMAND_RESULT") && f.path("nonce").asText().equals(nonce))
                    .toList();
                assertThat(results).as(name + " " + frame.path("op").asText() + " nonce " + nonce + "; " + name + " received:"
                    + summary(frames(name))).hasSize(1);
            }
        }
    }

    @Test
    void aKickedOrBannedSessionGetsNoFactOfTheRoomUntilItJoinsAgain() {
        String room = record.path("room").asText();
        String guest = record.path("users").path("guest").asText();
        List<String> violations = new ArrayList<>();
        boolean removed = false;
        for (JsonNode f : frames("guest")) {
            if (!room.equals(f.path("room").asText())) {
                continue;
            }
            String op = f.path("op").asText();
            if (op.equals("SNAPSHOT")) {
                removed = false;
            } else if (op.equals("DISPATCH")) {
                boolean aboutMe = guest.equals(f.path("data").path("participant_id").asText());
                boolean removal = aboutMe && List.of("participant_kicked", "participant_banned", "participant_left")
                    .contains(f.path("t").asText());
                if (removed && !removal) {
                    violations.add(f.toString());
                }
                removed |= removal;
            }
        }
        assertThat(violations).as("facts delivered after the guest's own kick, ban or leave; the guest received:"
            + summary(frames("guest"))).isEmpty();
    }

    @Test
    void aJoinAnswersSnapshotFirstAndTheBannedRejoinIsRefusedWithoutOne() {
        List<JsonNode> guest = frames("guest");
        for (String nonce : List.of("g-join-1", "g-join-2")) {
            int result = indexOf(guest, "COMMAND_RESULT", nonce);
            assertThat(result).as("result of " + nonce).isNotNegative();
            assertThat(guest.get(result).path("outcome").asText()).as(nonce).isEqualTo("applied");
            int previousResult = nonce.equals("g-join-1") ? -1 : indexOf(guest, "COMMAND_RESULT", "g-join-1");
            int snapshot = -1;
            for (int i = previousResult + 1; i < result; i++) {
                if (guest.get(i).path("op").asText().equals("SNAPSHOT")) {
                    snapshot = i;
                }
            }
            assertThat(snapshot).as(nonce + ": a SNAPSHOT before its COMMAND_RESULT; the guest received:" + summary(guest))
                .isNotNegative();
        }
        int refused = indexOf(guest, "COMMAND_RESULT", "g-join-3");
        assertThat(refused).isNotNegative();
        assertThat(guest.get(refused).path("outcome").asText()).isEqualTo("rejected");
        assertThat(guest.get(refused).path("reason").asText()).isEqualTo("banned");
        assertThat(guest.subList(indexOf(guest, "COMMAND_RESULT", "g-join-2") + 1, guest.size()).stream()
            .filter(f -> f.path("op").asText().equals("SNAPSHOT"))).as("no snapshot for the banned user").isEmpty();
    }

    @Test
    void everyFrameConformsToTheAsyncApiDocument() throws IOException {
        AsyncApiFrames document = new AsyncApiFrames(Path.of("..", "docs", "asyncapi.json"));
        for (JsonNode connection : record.path("connections")) {
            for (JsonNode frame : connection.path("frames")) {
                assertThat(document.problems(frame)).as(frame.toString()).isEmpty();
            }
        }
    }

    @Test
    void itsRestTrafficConformsToTheOpenApiDocument() {
        var validator = OpenApiTraffic.validator(OpenApiTraffic.DOCUMENT);
        assertThat(record.path("http")).as("the client used the REST API").isNotEmpty();
        for (JsonNode x : record.path("http")) {
            List<String> problems = OpenApiTraffic.problems(validator, x.path("method").asText(), x.path("path").asText(),
                strings(x.path("request_headers")), x.path("request_body").isNull() ? null : x.path("request_body").asText(),
                x.path("status").asInt(), strings(x.path("response_headers")), x.path("response_body").asText());
            assertThat(problems).as(x.path("method").asText() + " " + x.path("path").asText() + " -> "
                + x.path("status").asInt() + " " + x.path("response_body").asText()).isEmpty();
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The frames as one line each: op, t, nonce, outcome, version. */
    private static String summary(List<JsonNode> frames) {
        StringBuilder b = new StringBuilder();
        for (JsonNode f : frames) {
            b.append("\n  ").append(f.path("op").asText());
            for (String field : List.of("t", "nonce", "outcome", "reason", "version")) {
                if (f.hasNonNull(field)) {
                    b.append(' ').append(field).append('=').append(f.get(field).asText());
                }
            }
        }
        return b.toString();
    }

    private static JsonNode connection(String name) {
        JsonNode c = record.path("connections").path(name);
        assertThat(c.isMissingNode()).as("connection " + name + " in " + record.path("failures")).isFalse();
        return c;
    }

    private static List<JsonNode> frames(String name) {
        List<JsonNode> out = new ArrayList<>();
        connection(name).path("frames").forEach(out::add);
        return out;
    }

    private static int indexOf(List<JsonNode> frames, String op, String nonce) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).path("op").asText().equals(op) && frames.get(i).path("nonce").asText().equals(nonce)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** @return whether an executable of that name is in a directory of PATH */
    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
    }

    /** Copies the client into target/ and installs its locked dependencies there ({@code npm ci}). */
    private static void installClient() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = WORK.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(NPM_CI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci did not finish within " + NPM_CI_TIMEOUT + "; see " + log);
        }
        assertThat(npm.exitValue()).as("npm ci in " + WORK + ": " + Files.readString(log)).isZero();
    }

    /** Runs client.mjs against the gateway; returns the JSON it printed. */
    private static JsonNode runClient(String gatewayUrl) throws IOException, InterruptedException {
        Path stderr = WORK.resolve("client-" + RUN + ".err");
        Process node = new ProcessBuilder("node", "client.mjs", gatewayUrl).directory(WORK.toFile())
            .redirectError(stderr.toFile()).start();
        byte[] stdout = node.getInputStream().readAllBytes();
        if (!node.waitFor(SCENARIO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("client.mjs did not finish within " + SCENARIO_TIMEOUT);
        }
        String text = new String(stdout, StandardCharsets.UTF_8).trim();
        assertThat(node.exitValue()).as("client.mjs exit; stderr in " + stderr).isZero();
        Files.writeString(WORK.resolve("client-" + RUN + ".json"), text);
        return JSON.readTree(text.substring(text.lastIndexOf("\n") + 1));
    }
}
