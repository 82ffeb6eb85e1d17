package io.roomcast.servers.provision;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates every topic of the catalog ({@link Topics#all()}) with its partitions, cleanup policy and
 * retention. Existing topics are left as they are; one whose partition count differs from the
 * catalog is reported, never changed (Kafka can add partitions but that reorders keys).
 */
public final class TopicProvisioner {
    /** Time allowed for each Admin call: 30 s. */
    public static final long ADMIN_TIMEOUT_S = 30;

    private final Admin admin;
    private final short replicationFactor;

    /**
     * @param admin             a connected Kafka Admin client (not closed here)
     * @param replicationFactor replicas per partition: 1 on the local platform, 3 in production
     */
    public TopicProvisioner(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** What {@link #createAll()} did. */
    public record Result(List<String> created, List<String> existing, List<String> mismatched) {}

    /**
     * @return the topics created, those that already existed, and mismatches (name: expected vs actual
     *     partitions)
     * @throws IllegalStateException if the broker does not answer within {@link #ADMIN_TIMEOUT_S}
     */
    public Result createAll() {
        try {
            Set<String> present = admin.listTopics().names().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (Topic<?, ?> topic : Topics.all()) {
                if (present.contains(topic.name())) {
                    existing.add(topic.name());
                } else {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                        .configs(topic.configs()));
                }
            }
            admin.createTopics(missing).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            return new Result(missing.stream().map(NewTopic::name).toList(), existing, mismatches(existing));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating topics failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private List<String> mismatches(List<String> existing)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (existing.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described =
            admin.describeTopics(existing).allTopicNames().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        List<String> mismatched = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            TopicDescription d = described.get(topic.name());
            if (d != null && d.partitions().size() != topic.partitions()) {
                mismatched.add(topic.name() + ": catalog " + topic.partitions() + " partitions, broker "
                    + d.partitions().size());
            }
        }
        return mismatched;
    }
}
