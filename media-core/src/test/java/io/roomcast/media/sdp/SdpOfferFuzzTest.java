package io.roomcast.media.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the SDP offer parser and the answer writer (Jazzer), seeded with a
 * Chromium WHIP offer: any text is refused with {@link SdpException} or parsed into an offer the
 * answer can be written for; nothing else is thrown.
 */
class SdpOfferFuzzTest {
    private static final SdpAnswer.Local LOCAL = new SdpAnswer.Local("1", "edgeufrag", "edge-ice-password-22chars",
        "AB:CD", "127.0.0.1", 40000, "edge");

    @FuzzTest(maxDuration = "20s")
    void anyTextIsRefusedWithAReasonOrAnswered(byte[] input) {
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpException expected) {
            return;
        }
        for (SdpAnswer.Mode mode : SdpAnswer.Mode.values()) {
            if (SdpAnswer.accepted(offer, mode, 2) > 0) {
                SdpAnswer.write(offer, LOCAL, mode, 2, List.of(1, 2));
            }
        }
    }
}
