package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.RejectionReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docs/protocol.md}'s tables say what the code does. */
class ProtocolDocTest {
    private static String doc;

    @BeforeAll
    static void load() throws Exception {
        doc = Files.readString(Path.of("../docs/protocol.md"));
    }

    @Test
    void closeCodeTableIsTheEnum() {
        Matcher m = Pattern.compile("(?m)^\\| (4\\d{3}) \\| `([a-z_]+)` \\|").matcher(doc);
        Map<Integer, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        assertThat(documented).isEqualTo(Arrays.stream(CloseCode.values())
            .collect(Collectors.toMap(CloseCode::code, CloseCode::wireName)));
    }

    @Test
    void commandTableListsEveryOpWithItsAvroCommand() {
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| [^|]+ \\| `([A-Za-z]+)`").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        assertThat(documented).isEqualTo(Arrays.stream(CommandOp.values())
            .collect(Collectors.toMap(CommandOp::wireName, Commands::avroName)));
        for (CommandOp op : CommandOp.values()) {
            if (op.target() == CommandOp.Target.REQUIRED) {
                assertThat(doc).contains("| `" + op.wireName() + "` | `user_id` (required) |");
            }
        }
    }

    @Test
    void eventTypeTableIsTheFactTable() {
        String section = doc.substring(doc.indexOf("### Event types"), doc.indexOf("## Snapshot, then stream"));
        Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\| `([a-z_]+)` \\|").matcher(section);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> table = new LinkedHashMap<>();
        Dispatches.EVENT_TYPES.forEach((k, v) -> table.put(k.getSimpleName(), v));
        assertThat(documented).isEqualTo(table);
        assertThat(doc).contains("| `CommandRejected` | - (COMMAND_RESULT `rejected`)", "| `CommandDuplicate` | - (COMMAND_RESULT `duplicate`)");
    }

    @Test
    void everyFrameAndRejectionReasonIsDocumented() {
        for (String op : FrameCodec.CONTROL_OPS) {
            assertThat(doc).contains("| `" + op + "` |");
        }
        for (Class<?> frame : ServerFrame.class.getPermittedSubclasses()) {
            String op = AsyncApiDocumentTest.serverSamples().stream().filter(frame::isInstance).findFirst().orElseThrow().op();
            assertThat(doc).contains("| `" + op + "` |");
        }
        for (RejectionReason r : RejectionReason.values()) {
            assertThat(doc).contains("`" + r.name().toLowerCase(Locale.ROOT) + "`");
        }
    }

    @Test
    void settingsTableShowsTheDefaults() {
        ProtocolSettings d = ProtocolSettings.defaults();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("max-frame-bytes", String.valueOf(d.maxFrameBytes()));
        expected.put("heartbeat-interval", d.heartbeatInterval().toSeconds() + "s");
        expected.put("missed-heartbeats", String.valueOf(d.missedHeartbeatsAllowed()));
        expected.put("identify-timeout", d.identifyTimeout().toSeconds() + "s");
        expected.put("max-nonce-length", String.valueOf(d.maxNonceChars()));
        expected.put("max-id-length", String.valueOf(d.maxIdChars()));
        expected.put("max-pending-commands", String.valueOf(d.maxPendingCommands()));
        expected.put("pending-command-ttl", d.pendingCommandTtl().toSeconds() + "s");
        expected.put("heartbeat-publish-interval", d.heartbeatPublishInterval().toSeconds() + "s");
        expected.put("join-timeout", d.joinTimeout().toSeconds() + "s");
        expected.put("upgrade-timeout", d.upgradeTimeout().toSeconds() + "s");
        Matcher m = Pattern.compile("(?m)^\\| `roomcast\\.gateway\\.protocol\\.([a-z-]+)` \\| ([^ |]+) \\|").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        assertThat(documented).isEqualTo(expected);
    }
}
