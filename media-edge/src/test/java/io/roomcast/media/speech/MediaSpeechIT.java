package io.roomcast.media.speech;

import io.roomcast.clients.media.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.media.service.MediaEdge;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The speech check (issue 5): a real media edge (its Micronaut service in this JVM, on the test kit's
 * broker and registry), three speakers sending the real Opus packets of the project's speech clips (speech/) in real
 * time over UDP, and listeners that decode what they receive: every frame decodes exactly as the frame
 * sent, none is lost or doubled on loopback.
 */
@IntegrationTest
class MediaSpeechIT {
    private static final String EDGE = "edge-speech-it";
    private static final int LISTENERS = 4;
    /** Frames each speaker sends: 6 s of speech at 20 ms. */
    private static final int FRAMES = 300;

    @Test
    void everyFrameAListenerDecodesEqualsTheDecodingOfTheFrameSentAndNoneIsLost(EmbeddedKafka kafka,
            SchemaRegistryProcess registry) throws Exception {
        List<SpeechClip> clips = speech();
        String room = "speech-" + UUID.randomUUID();
        MediaTokenMinter tokens = new MediaTokenMinter(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE, Duration.ofMinutes(5));
        List<AutoCloseable> open = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ApplicationContext service = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", Ports.free(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.media.edge-id", EDGE,
                "roomcast.media.udp-host", "127.0.0.1",
                "roomcast.media.udp-port", 0)).getApplicationContext();
             KafkaProducer<String, RoomEvent> facts = new KafkaProducer<>(
                 Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                 EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
                 EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer())) {
            MediaEdge edge = service.getBean(MediaEdge.class);
            InetSocketAddress edgeAddress = new InetSocketAddress("127.0.0.1", edge.udpPort());
            InetSocketAddress local = new InetSocketAddress("127.0.0.1", 0);

            List<RtpSpeaker> speakers = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                String user = "speaker-" + i;
                facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, RoomEvent.newBuilder()
                    .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(room)
                    .setFact(new ParticipantJoined(user, Role.MODERATOR)).build())).get();
                await().atMost(Duration.ofSeconds(10)).until(() -> edge.sessions().maySpeak(room, user));
                RtpSpeaker speaker = new RtpSpeaker(clips.get(i), 0x5000_0000 + i, edgeAddress, local);
                open.add(speaker);
                speaker.bind(tokens.token(room, user, "MODERATOR"), timer, 1_000);
                speakers.add(speaker);
            }
            FrameCheck check = new FrameCheck(speakers);
            for (int i = 0; i < LISTENERS; i++) {
                SpeechListener listener = new SpeechListener(0x6000_0000 + i, edgeAddress, local, check.receiver());
                open.add(listener);
                listener.start(tokens.token(room, "listener-" + i, "LISTENER"), timer, 1_000);
            }

            try (SpeakerPacer pacer = new SpeakerPacer(speakers, FRAMES)) {
                pacer.done().get();
            }
            long expected = (long) FRAMES * clips.size() * LISTENERS;
            await().atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) check.report().get("audio_packets_received")).longValue() >= expected);

            Map<String, Object> report = check.report();
            System.out.println("media speech check: " + report);
            assertThat(report).containsEntry("audio_packets_sent", (long) FRAMES * clips.size())
                .containsEntry("audio_packets_received", expected)
                .containsEntry("audio_loss_pct", 0.0)
                .containsEntry("audio_duplicates", 0L)
                .containsEntry("audio_frames_compared", expected)
                .containsEntry("audio_frames_identical_pct", 100.0)
                .containsEntry("audio_unknown_packets", 0L);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            timer.shutdownNow();
        }
    }

    private static List<SpeechClip> speech() throws Exception {
        Path dir = Path.of(System.getProperty("roomcast.speech.dir"));
        List<SpeechClip> clips = new ArrayList<>();
        for (String name : List.of("speaker1", "speaker2", "speaker3")) {
            clips.add(SpeechClip.load(dir.resolve(name + ".opus")));
        }
        return clips;
    }
}
