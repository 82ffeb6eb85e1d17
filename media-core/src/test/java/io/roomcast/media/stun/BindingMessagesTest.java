package io.roomcast.media.stun;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BindingMessagesTest {
    private static final byte[] TID = bytes("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    private final BindingRequest request = new BindingRequest(1200);

    private StunStatus parse(byte[] datagram) {
        return request.parse(ByteBuffer.wrap(datagram), 0, datagram.length);
    }

    @Test
    void aRequestWrittenByTheClientIsReadBackWithTokenAndSsrc() {
        byte[] datagram = StunWriter.bindingRequest(TID, "a.b.c", 0xCAFEBABE);

        assertThat(datagram[0] & 0xFF).matches(Stun::isStun);
        assertThat(parse(datagram)).isEqualTo(StunStatus.VALID);
        assertThat(request.token()).isEqualTo("a.b.c");
        assertThat(request.ssrc()).isEqualTo(0xCAFEBABE);
        assertThat(request.transactionId()).isEqualTo(TID);
        assertThat(datagram.length % 4).isZero();
    }

    @Test
    void theSuccessResponseCarriesTheXoredAddressAndTheLifetime() {
        byte[] response = StunWriter.bindingSuccess(TID, new byte[] {(byte) 192, 0, 2, 1}, 32853, 300);

        // RFC 8489 section 14.2: port 32853 XOR 0x2112 = 0xa147; 192.0.2.1 XOR 0x2112a442 = e1 12 a6 43.
        assertThat(Arrays.copyOfRange(response, 20, 32)).isEqualTo(bytes("00 20 00 08  00 01 a1 47  e1 12 a6 43"));
        BindingResponse read = BindingResponse.parse(response, response.length);
        assertThat(read.success()).isTrue();
        assertThat(read.transactionId()).isEqualTo(TID);
        assertThat(read.mappedPort()).isEqualTo(32853);
        assertThat(read.lifetimeSeconds()).isEqualTo(300);
    }

    @Test
    void theErrorResponseCarriesCodeAndReason() {
        byte[] response = StunWriter.bindingError(TID, 401, "token expired");

        BindingResponse read = BindingResponse.parse(response, response.length);
        assertThat(read.success()).isFalse();
        assertThat(read.errorCode()).isEqualTo(401);
        assertThat(read.reason()).isEqualTo("token expired");
    }

    @Test
    void malformedMessagesAreRefusedByTheirFirstBrokenRule() {
        byte[] good = StunWriter.bindingRequest(TID, "t", 7);
        byte[] cookie = good.clone();
        cookie[4] = 0;
        byte[] shortLength = good.clone();
        shortLength[3] -= 4;
        byte[] indication = good.clone();
        indication[1] = 0x11;
        byte[] attributePastEnd = good.clone();
        attributePastEnd[23] = 0x7f;

        assertThat(parse(Arrays.copyOf(good, 19))).isEqualTo(StunStatus.MALFORMED);
        assertThat(parse(cookie)).isEqualTo(StunStatus.MALFORMED);
        assertThat(parse(shortLength)).isEqualTo(StunStatus.MALFORMED);
        assertThat(parse(indication)).isEqualTo(StunStatus.NOT_BINDING_REQUEST);
        assertThat(parse(attributePastEnd)).isEqualTo(StunStatus.BAD_ATTRIBUTE_LENGTH);
        assertThat(new BindingRequest(20).parse(ByteBuffer.wrap(good), 0, good.length)).isEqualTo(StunStatus.OVERSIZED);
    }

    @Test
    void unknownRequiredAttributesAndMissingOnesAreNamed() {
        // Header, then an attribute of type 0x7777 (comprehension-required) with 4 bytes.
        byte[] unknown = bytes("00 01 00 08  21 12 a4 42  b7 e7 a7 01 bc 34 d6 86 fa 87 df ae  77 77 00 04  00 00 00 00");
        byte[] optionalOnly = bytes("00 01 00 08  21 12 a4 42  b7 e7 a7 01 bc 34 d6 86 fa 87 df ae  80 22 00 04  61 62 63 64");

        assertThat(parse(unknown)).isEqualTo(StunStatus.UNKNOWN_ATTRIBUTE);
        assertThat(parse(optionalOnly)).isEqualTo(StunStatus.MISSING_ATTRIBUTE);
        assertThat(request.transactionId()).isEqualTo(TID);
    }
}
