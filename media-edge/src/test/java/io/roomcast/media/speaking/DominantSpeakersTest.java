package io.roomcast.media.speaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.media.rtp.AudioLevel;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.Sessions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DominantSpeakersTest {
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final DominantSpeakers<String> speakers = new DominantSpeakers<>(
        (room, user, speaking, level) -> changes.add(room + ":" + user + (speaking ? " speaks at " + level : " stops")));
    private final Sessions<String> sessions = new Sessions<>(new Sessions.Settings(3, 20, 500_000_000L, 3, 100,
        Long.MAX_VALUE), (p, r) -> { });

    @Test
    void theSpeakerWhoTalksBecomesDominantAndIsReported() {
        Participant<String> ann = bound(1, "ann");
        Participant<String> bob = bound(2, "bob");
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        // Every 20 ms: ann talks (level 10 -dBov, voice), bob is near silence.
        clock.scheduleAtFixedRate(() -> {
            speakers.level(ann, AudioLevel.of(10, true), System.nanoTime());
            speakers.level(bob, AudioLevel.of(120, false), System.nanoTime());
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "ann".equals(speakers.dominant("r")));
            await().atMost(Duration.ofSeconds(2)).until(() -> changes.contains("r:ann speaks at 10"));
            assertThat(changes.getLast()).isEqualTo("r:ann speaks at 10");
        } finally {
            clock.shutdownNow();
        }
    }

    private Participant<String> bound(int ssrc, String user) {
        return ((Sessions.BindResult.Bound<String>) sessions.bind(ssrc, "r", user, "SPEAKER", user, Long.MAX_VALUE, 0))
            .participant();
    }
}
