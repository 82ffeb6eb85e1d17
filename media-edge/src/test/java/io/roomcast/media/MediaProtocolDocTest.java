package io.roomcast.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.UnbindReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/media-protocol.md is held to the code: its drop-reason table, the WHIP/WHEP refusals and the CSRC examples. */
class MediaProtocolDocTest {
    private static final Path DOC = Path.of("../docs/media-protocol.md");

    @Test
    void theDropTableListsEveryDropReasonAndNoOther() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("## What is dropped, and counted"), doc.indexOf("Also: `roomcast_media_received_total"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\|").matcher(table);
        while (row.find()) {
            Matcher tag = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
            while (tag.find()) {
                documented.add(tag.group(1));
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
            Arrays.stream(DropReason.values()).map(DropReason::tag).toList());
    }

    @Test
    void theUnbindReasonsAreListed() throws IOException {
        String doc = Files.readString(DOC);
        for (UnbindReason reason : UnbindReason.values()) {
            assertThat(doc).contains("`" + reason.tag() + "`");
        }
    }

    @Test
    void theWhipWhepRefusalsAreTheOnesTheEdgeGives() throws IOException {
        String doc = Files.readString(DOC);
        for (String reason : new String[] {"missing token", "not application/sdp", "offer too large", "malformed sdp",
                "no audio", "no fingerprint", "unsupported fingerprint", "no ice credentials", "bad setup",
                "no audio to receive", "no audio to send", "no ssrc", "ssrc in use"}) {
            assertThat(doc).contains("`" + reason + "`");
        }
    }

    @Test
    void theContributingSourceExamplesAreTheEdgesIds() throws IOException {
        String doc = Files.readString(DOC);
        String tracks = doc.substring(doc.indexOf("**Who is on a track now:**"), doc.indexOf("### Speaking in a room"));
        Matcher example = Pattern.compile("`\"([^\"]*)\"` → `0x([0-9A-F]{8})`").matcher(tracks);
        int examples = 0;
        while (example.find()) {
            assertThat(ContributingSource.of(example.group(1))).as(example.group())
                .isEqualTo(Integer.parseUnsignedInt(example.group(2), 16));
            examples++;
        }
        assertThat(examples).isEqualTo(3);
    }
}
