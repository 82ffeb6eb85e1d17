package io.roomcast.servers.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog on the real broker and registry: topics, schemas, compatibility, and a serde round trip of every event type. */
@IntegrationTest
class CatalogOnRealServersIT {

    @BeforeAll
    static void provision(EmbeddedKafka kafka, SchemaRegistryProcess registry) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).createAll();
        }
        SchemaRegistration registration = new SchemaRegistration(registry.ccompatUrl());
        registration.requireBackwardCompatibility();
        registration.registerAll();
    }

    @Test
    void everyTopicExistsWithTheCatalogsPartitionsAndCleanupPolicy(EmbeddedKafka kafka) throws Exception {
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Collection<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topic<?, ?> topic : Topics.all()) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                topic.configs().forEach((key, value) ->
                    assertThat(config.get(key).value()).as("%s %s", topic.name(), key).isEqualTo(value));
            }
        }
    }

    @Test
    void creatingTopicsAgainChangesNothing(EmbeddedKafka kafka) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicProvisioner.Result again = new TopicProvisioner(admin, (short) 1).createAll();

            assertThat(again.created()).isEmpty();
            assertThat(again.existing()).hasSize(Topics.all().size());
            assertThat(again.mismatched()).isEmpty();
        }
    }

    @Test
    void theRegistryListsAValueSubjectForEveryTopic(SchemaRegistryProcess registry) throws Exception {
        String subjects = get(registry.ccompatUrl() + "/subjects").body();

        for (Topic<?, ?> topic : Topics.all()) {
            assertThat(subjects).contains("\"" + topic.valueSubject() + "\"");
        }
    }

    @Test
    void theRegistryRefusesANewVersionThatIsNotBackwardCompatible(SchemaRegistryProcess registry) {
        SchemaRegistration registration = new SchemaRegistration(registry.ccompatUrl());
        String subject = "compatibility-check-value";
        registration.register(subject, probe(""));

        int compatible = registration.register(subject,
            probe(",{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null}"));

        assertThat(compatible).isPositive();
        assertThatThrownBy(() -> registration.register(subject, probe(",{\"name\":\"shard\",\"type\":\"int\"}")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("409");
    }

    /** A record with field {@code a} plus the given extra field JSON. */
    private static Schema probe(String extraField) {
        return new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}" + extraField + "]}");
    }

    @Test
    void everyEventTypeRoundTripsThroughTheRegistrySerdeOnTheBroker(EmbeddedKafka kafka, SchemaRegistryProcess registry) {
        CatalogRoundTrip.Result result = new CatalogRoundTrip(kafka.bootstrapServers(), registry.registryApiUrl(),
            Duration.ofSeconds(30), new PrintStream(OutputStream.nullOutputStream())).run();

        int commands = RoomCommand.getClassSchema().getField("command").schema().getTypes().size();
        int facts = RoomEvent.getClassSchema().getField("fact").schema().getTypes().size();
        // One record on each other event topic (room-state, presence, social-graph, ...), and one dead-letter topic.
        int otherTopics = Topics.EVENT_TOPICS.size() - 2 + 1;
        assertThat(result.produced()).isEqualTo(commands + facts + otherTopics);
        assertThat(result.readBack()).isEqualTo(result.produced());
    }

    @Test
    void aRegistryThatNeverAnswersFailsTheRoundTripInsteadOfHangingIt(EmbeddedKafka kafka) throws Exception {
        // Accepts connections (the kernel's backlog) and never reads or answers a request.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String registryApiUrl = "http://127.0.0.1:" + silent.getLocalPort() + "/apis/registry/v3";
            CatalogRoundTrip trip = new CatalogRoundTrip(kafka.bootstrapServers(), registryApiUrl,
                Duration.ofSeconds(1), new PrintStream(OutputStream.nullOutputStream()));

            assertThatThrownBy(trip::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not end within 2000 ms");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
