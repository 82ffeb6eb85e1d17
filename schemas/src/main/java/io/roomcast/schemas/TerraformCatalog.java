package io.roomcast.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog as Terraform reads it: {@code infra/terraform/modules/kafka-catalog/catalog.json}, from which
 * the Kafka topics, the services' principals and their ACLs are created. Generated, never edited:
 * {@code ./mvnw -q -pl schemas compile exec:java@terraform-catalog} rewrites it, and
 * {@code TerraformCatalogTest} fails when the committed file differs from the catalog.
 *
 * <p>Shape: {@code topics} (name -> partitions, cleanup_policy, config with retention in ms, writers, readers),
 * {@code principals} (service id -> kind) and {@code acls} ({@link KafkaAcls.Acl#key()} -> its fields).
 */
public final class TerraformCatalog {
    private TerraformCatalog() {}

    /** Where the export lives, relative to the repository root. */
    public static final String PATH = "infra/terraform/modules/kafka-catalog/catalog.json";

    /** @return the export's text: JSON, two-space indented, keys in catalog order, ending with a newline */
    public static String json() {
        Map<String, Object> topics = Topics.all().stream().collect(Collectors.toMap(
            Topic::name, TerraformCatalog::topic, (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> principals = Arrays.stream(Service.values()).collect(Collectors.toMap(
            Service::id, s -> Map.of("kind", s.kind().name().toLowerCase(Locale.ROOT)),
            (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> acls = KafkaAcls.all().stream().collect(Collectors.toMap(
            KafkaAcls.Acl::key, TerraformCatalog::acl, (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_generated", "by io.roomcast.schemas.TerraformCatalog from the topic catalog (schemas/); do not edit");
        root.put("topics", topics);
        root.put("principals", principals);
        root.put("acls", acls);
        return Json.write(root) + "\n";
    }

    private static Map<String, Object> topic(Topic<?, ?> t) {
        Function<List<Service>, List<String>> ids = services -> services.stream().map(Service::id).toList();
        Map<String, Object> topic = new LinkedHashMap<>();
        topic.put("partitions", t.partitions());
        topic.put("cleanup_policy", t.cleanupPolicy().kafkaName());
        topic.put("config", t.configs());
        topic.put("writers", ids.apply(t.writers()));
        topic.put("readers", ids.apply(t.readers()));
        return topic;
    }

    private static Map<String, Object> acl(KafkaAcls.Acl a) {
        Map<String, Object> acl = new LinkedHashMap<>();
        acl.put("principal", a.principal());
        acl.put("resource_type", a.resourceType());
        acl.put("pattern_type", a.patternType());
        acl.put("resource_name", a.resourceName());
        acl.put("operation", a.operation());
        return acl;
    }

    /** Writes the export under the given repository root (default: the parent of the working directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "..");
        Path file = root.resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json());
        System.out.println("wrote " + file.normalize());
    }
}
