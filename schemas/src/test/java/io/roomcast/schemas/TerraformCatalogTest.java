package io.roomcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.schemas.KafkaAcls.Acl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerraformCatalogTest {

    @Test
    void committedExportEqualsTheCatalog() throws Exception {
        String committed = Files.readString(Path.of("..").resolve(TerraformCatalog.PATH));

        assertThat(committed)
            .as("%s differs from the catalog: run ./mvnw -q -pl schemas compile exec:java@terraform-catalog and commit it",
                TerraformCatalog.PATH)
            .isEqualTo(TerraformCatalog.json());
    }

    @Test
    void everyTopicIsInTheExportWithItsPartitionsAndRetention() {
        String json = TerraformCatalog.json();

        for (Topic<?, ?> topic : Topics.all()) {
            assertThat(json).contains("\"" + topic.name() + "\": {\n      \"partitions\": " + topic.partitions() + ",");
        }
        assertThat(json).contains("\"retention.ms\": \"" + Topics.DEAD_LETTER_RETENTION.toMillis() + "\"");
    }

    @Test
    void aServiceMayTouchOnlyWhatTheCatalogSaysItWritesOrReads() {
        List<Acl> gateway = aclsOf(Service.INGRESS_WS);

        assertThat(gateway).contains(
            new Acl("User:ingress-ws", "Topic", "Literal", "room-commands", "Write"),
            new Acl("User:ingress-ws", "Topic", "Literal", "room-events", "Read"));
        assertThat(gateway).noneMatch(a -> a.resourceName().equals("room-state"));
        assertThat(gateway).noneMatch(a -> a.resourceName().equals("room-commands") && a.operation().equals("Read"));
        assertThat(gateway).contains(new Acl("User:ingress-ws", "Group", "Prefixed", "ingress-ws", "Read"));
        assertThat(gateway).noneMatch(a -> a.resourceType().equals("TransactionalId"));
    }

    @Test
    void streamsAppsOwnTheirInternalTopicsGroupsAndTransactionalIds() {
        assertThat(aclsOf(Service.RANKING_STREAM)).contains(
            new Acl("User:ranking-stream", "Topic", "Prefixed", "ranking-stream-", "All"),
            new Acl("User:ranking-stream", "Group", "Prefixed", "ranking-stream", "Read"),
            new Acl("User:ranking-stream", "TransactionalId", "Prefixed", "ranking-stream", "Write"));
    }

    @Test
    void noCatalogTopicFallsUnderAStreamsAppsInternalPrefix() {
        for (Service app : Service.values()) {
            if (app.kind() == Service.Kind.STREAMS || app.kind() == Service.Kind.STORE) {
                assertThat(Topics.all()).noneMatch(t -> t.name().startsWith(app.id() + "-"));
            }
        }
    }

    @Test
    void deadLettersAreWrittenByTheSourcesConsumersAndReadByOperators() {
        Topic<?, ?> dlq = Topics.deadLetterOf(Topics.ROOM_EVENTS);

        assertThat(dlq.writers()).contains(Service.RANKING_STREAM, Service.SEARCH_INDEXER).doesNotContain(Service.ANALYTICS);
        assertThat(dlq.readers()).containsExactly(Service.OPERATORS);
    }

    private static List<Acl> aclsOf(Service service) {
        return KafkaAcls.all().stream().filter(a -> a.principal().equals(KafkaAcls.principal(service))).toList();
    }
}
