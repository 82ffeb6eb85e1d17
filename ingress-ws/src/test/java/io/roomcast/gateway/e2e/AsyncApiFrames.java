package io.roomcast.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server frames of {@code docs/asyncapi.json} (the messages of its {@code send} operations) as
 * JSON Schemas checked by a real validator (networknt, draft-07: AsyncAPI 3's default schema format
 * is a superset of it). A frame matches the messages whose payload fixes the same {@code op} (and,
 * for DISPATCH, the same {@code t}); it conforms if it validates against one of them.
 */
final class AsyncApiFrames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Message(String name, String op, String type, JsonSchema schema) {}

    private final List<Message> serverMessages = new ArrayList<>();

    /**
     * @param document the AsyncAPI document
     * @throws IOException if it cannot be read
     */
    AsyncApiFrames(Path document) throws IOException {
        JsonNode doc = JSON.readTree(Files.readString(document));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        for (JsonNode operation : doc.path("operations")) {
            if (!"send".equals(operation.path("action").asText())) {
                continue;
            }
            for (JsonNode ref : operation.path("messages")) {
                JsonNode message = resolve(doc, ref);
                JsonNode payload = message.path("payload");
                // The payload's $refs point into the document (#/components/schemas/...): validate with the
                // components at the schema's root so they resolve the same way.
                ObjectNode schema = payload.deepCopy();
                schema.set("components", doc.path("components"));
                serverMessages.add(new Message(message.path("name").asText(),
                    payload.path("properties").path("op").path("const").asText(null),
                    payload.path("properties").path("t").path("const").asText(null),
                    factory.getSchema(schema)));
            }
        }
    }

    /**
     * @param frame a frame the server sent
     * @return empty if it conforms to a message of the document; else what is wrong (no message for
     *     its op, or each candidate message's validation errors)
     */
    List<String> problems(JsonNode frame) {
        String op = frame.path("op").asText();
        String type = frame.path("t").asText(null);
        List<String> problems = new ArrayList<>();
        for (Message m : serverMessages) {
            if (!op.equals(m.op()) || m.type() != null && !m.type().equals(type)) {
                continue;
            }
            Set<ValidationMessage> errors = m.schema().validate(frame);
            if (errors.isEmpty()) {
                return List.of();
            }
            errors.forEach(e -> problems.add(m.name() + ": " + e.getMessage()));
        }
        return problems.isEmpty() ? List.of("no message in the document for op " + op + (type == null ? "" : " t " + type))
            : problems;
    }

    /** The number of server messages the document describes. */
    int size() {
        return serverMessages.size();
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = doc.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
