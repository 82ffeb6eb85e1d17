package io.roomcast.media.stun;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the STUN parsers (Jazzer): a binding request (the edge's own token
 * binding), an ICE connectivity check (RFC 8445 with MESSAGE-INTEGRITY and FINGERPRINT) and a binding
 * response (the load generator's side) each refuse any datagram with a status or null; nothing throws.
 */
class StunFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyDatagramIsRefusedOrParsedByEveryStunParser(byte[] datagram) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        BindingRequest request = new BindingRequest(1500);
        if (request.parse(buffer, 0, datagram.length) == StunStatus.VALID) {
            request.token();
            request.transactionId();
        }
        IceCheck check = new IceCheck(1500);
        if (IceCheck.looksLikeIce(buffer, 0, datagram.length)
            && check.parse(buffer, 0, datagram.length) == IceCheck.Status.VALID) {
            check.localUfrag();
            check.integrityValid("a-password-of-22-chars");
        }
        BindingResponse.parse(datagram, datagram.length);
    }
}
