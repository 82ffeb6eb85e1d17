package io.roomcast.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDigestTest {

    @Test
    void aLogsDigestCountsItsProblemsAndShowsTheLastOnesAndTheLastStateTransitions(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add("20:00:0" + (i % 10) + " WARN [t] o.a.k.Sender - retrying " + i);
            lines.add("20:00:0" + (i % 10) + " INFO [t] o.a.k.s.KafkaStreams - State transition from RUNNING to REBALANCING " + i);
            lines.add("20:00:0" + (i % 10) + " INFO [t] quiet " + i);
        }
        lines.add("20:00:11 ERROR [t] x - " + "y".repeat(500));
        Path log = Files.write(dir.resolve("room-state-stream.log"), lines);

        List<String> digest = LogDigest.digest(log);

        assertThat(digest.getFirst()).endsWith("room-state-stream.log: 11 WARN/ERROR lines, 10 state transitions");
        assertThat(digest).hasSize(1 + 2 * LogDigest.LINES);
        assertThat(digest.get(1)).endsWith("retrying 6");
        assertThat(digest.get(LogDigest.LINES)).as("the newest problem, cut").endsWith(" ...")
            .hasSize(4 + LogDigest.WIDTH + 4);
        assertThat(digest.getLast()).endsWith("REBALANCING 10");
        assertThat(digest).noneMatch(line -> line.contains("quiet"));
    }

    @Test
    void noLogFolderPrintsNothing(@TempDir Path dir) {
        var out = new java.io.ByteArrayOutputStream();
        LogDigest.print(dir.resolve("missing"), new java.io.PrintStream(out));
        assertThat(out.toString()).isEmpty();
    }
}
