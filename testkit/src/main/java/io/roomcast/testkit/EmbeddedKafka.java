package io.roomcast.testkit;

import io.roomcast.servers.ServerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A Kafka 4.2 broker inside the test JVM: one KRaft combined node (broker + controller) built with
 * {@code KafkaClusterTestKit} from {@code kafka-test-common-runtime} (an internal Kafka API),
 * random ports on localhost, metadata version pinned to {@link MetadataVersion#latestProduction()},
 * every internal topic at replication factor 1, {@code group.initial.rebalance.delay.ms=0} and 5
 * partitions for {@code __consumer_offsets} (a faster first consumer group).
 * Ready in ~2 s at ~100 MB of heap. Data in a fresh folder, deleted by {@link #close()}.
 *
 * <p>{@link #external(String)} wraps a broker that someone else runs ({@link #close()} leaves it alone).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with its data in a temporary folder (under {@code java.io.tmpdir}). */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /**
     * Starts a broker and waits until it is ready.
     *
     * @param baseDir folder for its data (must not exist yet; parents are created), or null for a temporary one
     * @return the ready broker
     * @throws ServerStartException if it cannot be formatted or started, with the cause
     */
    public static EmbeddedKafka start(Path baseDir) {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
            if (baseDir != null) {
                Files.createDirectories(baseDir.toAbsolutePath().getParent());
                nodes.setBaseDirectory(baseDir.toAbsolutePath());
            }
            cluster = new KafkaClusterTestKit.Builder(nodes.build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("log.cleaner.dedupe.buffer.size", "8388608")
                    .setDeleteOnClose(true)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(cluster);
            throw new ServerStartException("Embedded Kafka broker did not start: " + e, e);
        }
    }

    /**
     * A broker run by someone else (configured address).
     *
     * @param bootstrapServers its bootstrap servers
     * @return a handle whose {@link #close()} does nothing
     */
    public static EmbeddedKafka external(String bootstrapServers) {
        return new EmbeddedKafka(null, bootstrapServers);
    }

    /** @return the bootstrap servers, e.g. {@code localhost:41234} */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return true if this object runs the broker in this JVM, false for an {@link #external} one */
    public boolean started() {
        return cluster != null;
    }

    /** Stops the in-JVM broker and deletes its data; does nothing for an external one. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
