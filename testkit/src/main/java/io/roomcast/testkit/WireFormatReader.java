package io.roomcast.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * How an analytics team reads a Roomcast topic without any Roomcast class: each record value is in the Confluent
 * wire format (magic byte 0, the writer schema's id as 4 big-endian bytes, then Avro binary), and is decoded with
 * the writer schema fetched by id from the registry's Confluent-compatible API ({@code GET /schemas/ids/{id}}) and a
 * plain {@link GenericDatumReader}. Schemas are fetched once per id.
 */
public final class WireFormatReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String ccompatUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /** @param ccompatUrl the registry's Confluent-compatible API, e.g. {@code http://host:port/apis/ccompat/v7} */
    public WireFormatReader(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl;
    }

    /**
     * The schema id a record value names (bytes 1-4).
     *
     * @throws IllegalArgumentException if the value is shorter than 5 bytes or its magic byte is not 0
     */
    public static int schemaId(byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            throw new IllegalArgumentException("not in the Confluent wire format (" + value.length + " bytes)");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /**
     * @param value a record value in the Confluent wire format
     * @return the value decoded with its writer schema
     * @throws IllegalArgumentException if the value is not in the wire format
     * @throws IOException              if the registry does not answer 200 for the id, or the Avro body is malformed
     */
    public GenericRecord decode(byte[] value) throws IOException, InterruptedException {
        Schema writer = schema(schemaId(value));
        return new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    /**
     * A GET on the registry's Confluent-compatible API.
     *
     * @param path e.g. {@code /subjects/room-events-value/versions/latest}
     * @throws IOException if the answer is not 200
     */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + ccompatUrl + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private Schema schema(int id) throws IOException, InterruptedException {
        Schema known = schemas.get(id);
        if (known == null) {
            known = new Schema.Parser().parse(get("/schemas/ids/" + id).path("schema").asText());
            schemas.put(id, known);
        }
        return known;
    }
}
