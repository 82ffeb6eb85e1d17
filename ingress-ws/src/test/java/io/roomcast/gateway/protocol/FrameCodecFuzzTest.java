package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the frame decoder (Jazzer): any text is a client frame or a
 * {@link ProtocolException} with a close code (docs/protocol.md, "Errors"); nothing else is thrown.
 */
class FrameCodecFuzzTest {
    private static final FrameCodec CODEC = new FrameCodec(ProtocolSettings.defaults());

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{\"op\":\"", "\"nonce\":\"", "\"room\":\"", "\"token\":\"", "\"v\":2", "IDENTIFY", "HEARTBEAT",
        "RESUME", "join", "leave", "raise_hand", "set_role", "\"rooms\":{", "\"seq\":", "null", "1e999", "\\u0000"})
    void anyTextIsAFrameOrAnErrorWithACloseCode(byte[] input) {
        try {
            assertThat(CODEC.decode(new String(input, StandardCharsets.UTF_8))).isNotNull();
        } catch (ProtocolException refused) {
            assertThat(refused.code()).isNotNull();
        }
    }
}
