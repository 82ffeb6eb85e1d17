package io.roomcast.schemas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The Kafka ACLs that follow from the catalog: each {@link Service} is allowed exactly the topics
 * {@link Topics} says it writes or reads, plus what its {@link Service.Kind} needs to run (Kafka docs,
 * "Authorization and ACLs"; Kafka Streams docs, "Secure Kafka Streams: required ACL setting"). Terraform
 * creates these (infra/terraform/modules/kafka-catalog) from {@link TerraformCatalog}'s export; every ACL is
 * an ALLOW for any host.
 */
public final class KafkaAcls {
    private KafkaAcls() {}

    /**
     * One ACL binding, spelled as Kafka's admin API and the Terraform {@code kafka_acl} resource spell it.
     *
     * @param principal    {@code User:<service id>}
     * @param resourceType {@code Topic}, {@code Group} or {@code TransactionalId}
     * @param patternType  {@code Literal} (the exact name) or {@code Prefixed} (every name starting with it)
     * @param resourceName topic, group or transactional id (or their prefix)
     * @param operation    {@code Read}, {@code Write}, {@code Describe} or {@code All}
     */
    public record Acl(String principal, String resourceType, String patternType, String resourceName, String operation) {
        /** A stable, readable key for Terraform's {@code for_each}: the five fields joined with '|'. */
        public String key() {
            return String.join("|", principal, resourceType, patternType, resourceName, operation);
        }
    }

    /** Every ACL of every service, sorted by {@link Acl#key()}, without duplicates. */
    public static List<Acl> all() {
        TreeSet<Acl> acls = new TreeSet<>(Comparator.comparing(Acl::key));
        for (Topic<?, ?> topic : Topics.all()) {
            for (Service writer : topic.writers()) {
                acls.add(topicAcl(writer, topic, "Write"));
                acls.add(topicAcl(writer, topic, "Describe"));
            }
            for (Service reader : topic.readers()) {
                acls.add(topicAcl(reader, topic, "Read"));
                acls.add(topicAcl(reader, topic, "Describe"));
            }
        }
        for (Service service : Service.values()) {
            acls.addAll(runtimeAcls(service));
        }
        return List.copyOf(acls);
    }

    /**
     * What a service needs beyond its topics: a consumer group's ids start with the service id; a Streams
     * app (or a store such as the registry) also owns the topics it creates itself ({@code <id>-...}: a Streams
     * app's changelog and repartition topics), and a Streams app its exactly-once v2 transactional ids
     * ({@code <application.id>-<process id>-<n>}).
     */
    static List<Acl> runtimeAcls(Service service) {
        String principal = principal(service);
        String id = service.id();
        List<Acl> acls = new ArrayList<>();
        if (service.kind() != Service.Kind.ASSIGNED) {
            acls.add(new Acl(principal, "Group", "Prefixed", id, "Read"));
        }
        if (service.kind() == Service.Kind.STREAMS || service.kind() == Service.Kind.STORE) {
            acls.add(new Acl(principal, "Topic", "Prefixed", id + "-", "All"));
        }
        if (service.kind() == Service.Kind.STREAMS) {
            acls.add(new Acl(principal, "TransactionalId", "Prefixed", id, "Write"));
            acls.add(new Acl(principal, "TransactionalId", "Prefixed", id, "Describe"));
        }
        return acls;
    }

    /** The service's Kafka principal: {@code User:<id>} (its SCRAM user name). */
    public static String principal(Service service) {
        return "User:" + service.id();
    }

    private static Acl topicAcl(Service service, Topic<?, ?> topic, String operation) {
        return new Acl(principal(service), "Topic", "Literal", topic.name(), operation);
    }
}
