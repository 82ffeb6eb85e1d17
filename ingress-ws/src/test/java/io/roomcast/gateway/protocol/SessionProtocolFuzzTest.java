package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Coverage-guided fuzzing of one connection's protocol (Jazzer): any sequence of text frames, clock
 * ticks and rate-limit verdicts. Nothing throws; every frame sent encodes; nothing is published before
 * the session is authenticated; once closed, nothing more happens (docs/protocol.md).
 */
class SessionProtocolFuzzTest {
    private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();
    private static final FrameCodec CODEC = new FrameCodec(SETTINGS);
    private static final String IDENTIFY = "{\"op\":\"IDENTIFY\",\"token\":\"valid:u1\"}";

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{\"op\":\"", "\"nonce\":\"", "\"room\":\"", "\"token\":\"valid:u1\"", "\"v\":2", "IDENTIFY",
        "HEARTBEAT", "RESUME", "join", "leave", "raise_hand", "set_role", "mute", "kick", "ban", "\"session_id\":\"",
        "\"rooms\":{", "\"seq\":", "\"epoch\":", "\"version\":", "null", "true", "\"target\":\"", "\"role\":\"speaker\""})
    void anySequenceOfFramesTicksAndVerdictsKeepsTheRules(FuzzedDataProvider data) {
        long[] ids = {1};
        SessionProtocol session = new SessionProtocol(SETTINGS, CODEC, token -> {
            if (token.startsWith("valid:") && token.length() > "valid:".length()) {
                return token.substring("valid:".length());
            }
            throw new InvalidTokenException("bad signature");
        }, () -> new UUID(0, ids[0]++), "node-a");
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        List<Long> tickets = new ArrayList<>();
        check(session, session.start(now), SessionProtocol.State.AWAITING_IDENTIFY, tickets);
        while (data.remainingBytes() > 0 && session.state() != SessionProtocol.State.CLOSED) {
            SessionProtocol.State before = session.state();
            List<SessionAction> actions = switch (data.consumeInt(0, 3)) {
                case 0 -> session.onText(data.consumeString(4_096), now);
                case 1 -> session.onText(IDENTIFY, now);
                case 2 -> session.onTick(now = now.plusMillis(data.consumeInt(0, 20_000)));
                default -> tickets.isEmpty() ? List.of()
                    : session.rateLimitChecked(tickets.removeFirst(), data.consumeBoolean()
                        ? RateLimitVerdict.ALLOWED : new RateLimitVerdict.Limited("commands", 10, 1_000));
            };
            check(session, actions, before, tickets);
        }
    }

    private static void check(SessionProtocol session, List<SessionAction> actions, SessionProtocol.State before,
                              List<Long> tickets) {
        for (SessionAction action : actions) {
            switch (action) {
                case SessionAction.Send send -> assertThat(CODEC.encode(send.frame())).isNotEmpty();
                case SessionAction.PublishCommand p -> assertThat(before).as("published only once authenticated")
                    .isEqualTo(SessionProtocol.State.READY);
                case SessionAction.PublishHeartbeat h -> assertThat(before).as("heartbeats only once authenticated")
                    .isEqualTo(SessionProtocol.State.READY);
                case SessionAction.CheckRateLimit c -> tickets.add(c.ticket());
                default -> { }
            }
        }
        if (before == SessionProtocol.State.CLOSED) {
            assertThat(actions).as("nothing after close").isEmpty();
        }
        assertThat(session.userId() == null || "u1".equals(session.userId())).isTrue();
    }
}
