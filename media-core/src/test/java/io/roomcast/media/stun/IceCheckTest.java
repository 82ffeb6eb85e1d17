package io.roomcast.media.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ICE connectivity checks (RFC 8445 section 7.2.2) with MESSAGE-INTEGRITY and FINGERPRINT (RFC 8489). */
class IceCheckTest {
    private static final byte[] TID = "0123456789ab".getBytes();

    @Test
    void aCheckParsesAndItsIntegrityVerifiesWithTheRightPasswordOnly() {
        byte[] request = IceCheck.request(TID, "edge:browser", "edge-password-0123456789", true, 42);
        IceCheck check = new IceCheck(1200);
        assertThat(IceCheck.looksLikeIce(ByteBuffer.wrap(request), 0, request.length)).isTrue();
        assertThat(check.parse(ByteBuffer.wrap(request), 0, request.length)).isEqualTo(IceCheck.Status.VALID);
        assertThat(check.username()).isEqualTo("edge:browser");
        assertThat(check.localUfrag()).isEqualTo("edge");
        assertThat(check.useCandidate()).isTrue();
        assertThat(check.transactionId()).isEqualTo(TID);
        assertThat(check.integrityValid("edge-password-0123456789")).isTrue();
        assertThat(check.integrityValid("wrong-password-01234567")).isFalse();
    }

    @Test
    void aRoomcastBindingRequestIsNotAnIceCheck() {
        byte[] binding = StunWriter.bindingRequest(TID, "token", 7);
        assertThat(IceCheck.looksLikeIce(ByteBuffer.wrap(binding), 0, binding.length)).isFalse();
    }

    @Test
    void aCorruptedFingerprintOrBodyIsMalformedOrFailsIntegrity() {
        byte[] request = IceCheck.request(TID, "edge:browser", "pw-0123456789012345678", false, 1);
        byte[] badFingerprint = request.clone();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        IceCheck check = new IceCheck(1200);
        assertThat(check.parse(ByteBuffer.wrap(badFingerprint), 0, badFingerprint.length))
            .isEqualTo(IceCheck.Status.MALFORMED);
        byte[] badUser = request.clone();
        badUser[Stun.HEADER_BYTES + 4] ^= 1;
        // The body changed: FINGERPRINT fails first.
        assertThat(check.parse(ByteBuffer.wrap(badUser), 0, badUser.length)).isEqualTo(IceCheck.Status.MALFORMED);
    }

    @Test
    void theSuccessResponseIsSignedAndFingerprinted() {
        byte[] response = IceCheck.success(TID, new byte[] {127, 0, 0, 1}, 5004, "pw-0123456789012345678");
        ByteBuffer b = ByteBuffer.wrap(response);
        assertThat(b.getShort(0) & 0xFFFF).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(b.getShort(2) & 0xFFFF).isEqualTo(response.length - Stun.HEADER_BYTES);
        // Check it with the parser's own rules by relabelling it as a request (same attributes).
        byte[] asRequest = response.clone();
        asRequest[0] = 0;
        asRequest[1] = 1;
        IceCheck check = new IceCheck(1200);
        assertThat(check.parse(ByteBuffer.wrap(asRequest), 0, asRequest.length)).isNotEqualTo(IceCheck.Status.OVERSIZED);
        BindingResponse parsed = BindingResponse.parse(response, response.length);
        assertThat(parsed).isNotNull();
        assertThat(parsed.success()).isTrue();
    }

    @Property(tries = 3000)
    void anyBytesParseWithoutThrowing(@ForAll @Size(max = 300) byte[] bytes) {
        IceCheck check = new IceCheck(1200);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        IceCheck.looksLikeIce(buf, 0, bytes.length);
        check.parse(buf, 0, bytes.length);
        check.integrityValid("x");
    }

    @Property(tries = 3000)
    void anyCorruptionOfACheckIsRefusedOrStillVerifies(@ForAll int position, @ForAll byte value) {
        byte[] request = IceCheck.request(TID, "edge:browser", "pw-0123456789012345678", true, 9);
        int at = Math.floorMod(position, request.length);
        byte[] corrupted = request.clone();
        corrupted[at] = value;
        IceCheck check = new IceCheck(1200);
        IceCheck.looksLikeIce(ByteBuffer.wrap(corrupted), 0, corrupted.length);
        IceCheck.Status status = check.parse(ByteBuffer.wrap(corrupted), 0, corrupted.length);
        // Bytes after MESSAGE-INTEGRITY (the FINGERPRINT attribute, last 8) are not covered by it: turning
        // FINGERPRINT's type into an unknown optional attribute leaves a valid, signed check (RFC 8489 14.5).
        if (status == IceCheck.Status.VALID && check.integrityValid("pw-0123456789012345678")
            && at < request.length - 8) {
            assertThat(Arrays.equals(corrupted, request)).isTrue();
        }
    }
}
