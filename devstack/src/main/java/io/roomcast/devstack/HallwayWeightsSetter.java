package io.roomcast.devstack;

import io.roomcast.events.RankingWeights;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.contracts.HallwayWeights;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * {@code ./roomcast hallway-weights <social> <topic> <momentum> <speaker-quality>}: writes the hallway score's
 * weights to ranking-config (key {@value Topics#HALLWAY_WEIGHTS}, Avro {@link RankingWeights}) on the running
 * platform and waits for the broker's acknowledgement; ranking-stream ranks with them from each user's next
 * ranking, without a restart.
 */
public final class HallwayWeightsSetter {
    private HallwayWeightsSetter() {
    }

    /**
     * @param text the four weights as typed
     * @return the record written
     * @throws IllegalArgumentException for a weight that is not a number, or weights {@link HallwayWeights#require}
     *     refuses (nothing is written)
     * @throws IllegalStateException when the platform is not running or the write fails within 30 s
     */
    public static RankingWeights set(PlatformConfig config, String... text) {
        if (text.length != 4) {
            throw new IllegalArgumentException("four weights: social, topic, momentum, speaker quality");
        }
        double[] w = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                w[i] = Double.parseDouble(text[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight '" + text[i] + "' is not a number", e);
            }
        }
        HallwayWeights.require(w[0], w[1], w[2], w[3]);
        if (!LocalPlatform.isRunning(config)) {
            throw new IllegalStateException("the platform is not running: start it with ./roomcast up");
        }
        RankingWeights weights = new RankingWeights(UUID.randomUUID(), Instant.now(), Topics.HALLWAY_WEIGHTS, w[0], w[1],
            w[2], w[3], "./roomcast hallway-weights (" + System.getProperty("user.name") + ")");
        try (KafkaProducer<String, RankingWeights> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                EventSerdes.key(Topics.RANKING_CONFIG).serializer(),
                EventSerdes.value(Topics.RANKING_CONFIG, EventSerdes.config(config.registryApiUrl())).serializer())) {
            producer.send(new ProducerRecord<>(Topics.RANKING_CONFIG.name(), Topics.HALLWAY_WEIGHTS, weights))
                .get(30, TimeUnit.SECONDS);
            return weights;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new IllegalStateException("could not write to " + Topics.RANKING_CONFIG.name() + ": " + e, e);
        }
    }
}
