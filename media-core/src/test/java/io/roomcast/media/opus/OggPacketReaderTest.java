package io.roomcast.media.opus;

import static io.roomcast.media.opus.OggPages.CONTINUED;
import static io.roomcast.media.opus.OggPages.FIRST;
import static io.roomcast.media.opus.OggPages.LAST;
import static io.roomcast.media.opus.OggPages.concat;
import static io.roomcast.media.opus.OggPages.counting;
import static io.roomcast.media.opus.OggPages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OggPacketReaderTest {
    private static final int SERIAL = 0x1234;

    @Test
    void aPacketSpansPagesThroughLacingValuesOf255() throws OggFormatException {
        // Packet A: 300 bytes, 255 + 45 on page 0; packet B: 600 bytes, 255 + 255 on page 0 and 90 on page 1.
        byte[] a = counting(0, 300);
        byte[] b = counting(7, 600);
        byte[] file = concat(
            page(FIRST, 100, SERIAL, 0, concat(a, Arrays.copyOf(b, 510)), 255, 45, 255, 255),
            page(CONTINUED | LAST, 200, SERIAL, 1, Arrays.copyOfRange(b, 510, 600), 90));

        List<OggPacket> packets = OggPacketReader.read(file);

        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).data()).isEqualTo(a);
        assertThat(packets.get(0).pageGranule()).isEqualTo(100);
        assertThat(packets.get(0).lastOnPage()).isTrue();
        assertThat(packets.get(1).data()).isEqualTo(b);
        assertThat(packets.get(1).pageGranule()).isEqualTo(200);
        assertThat(packets.get(1).pageSequence()).isEqualTo(1);
    }

    @Test
    void aPacketOfExactly255BytesEndsWithALacingValueOfZero() throws OggFormatException {
        byte[] file = page(FIRST | LAST, 5, SERIAL, 0, concat(counting(0, 255), counting(1, 3)), 255, 0, 3);
        List<OggPacket> packets = OggPacketReader.read(file);
        assertThat(packets).extracting(p -> p.data().length).containsExactly(255, 3);
        assertThat(packets).extracting(OggPacket::lastOnPage).containsExactly(false, true);
    }

    @Test
    void pagesOfAnotherLogicalStreamAreSkipped() throws OggFormatException {
        byte[] file = concat(
            page(FIRST, 0, SERIAL, 0, counting(0, 4), 4),
            page(FIRST, 0, 99, 0, counting(50, 6), 6),
            page(LAST, 0, SERIAL, 1, counting(9, 2), 2));
        assertThat(OggPacketReader.read(file)).extracting(p -> p.data().length).containsExactly(4, 2);
    }

    @Test
    void aCorruptedByteFailsTheCrc() {
        byte[] file = page(FIRST | LAST, 0, SERIAL, 0, counting(0, 10), 10);
        file[file.length - 1] ^= 1;
        assertThatThrownBy(() -> OggPacketReader.read(file)).isInstanceOf(OggFormatException.class)
            .hasMessageContaining("CRC");
    }

    @Test
    void malformedStreamsAreRefusedWithTheReason() {
        byte[] good = page(FIRST | LAST, 0, SERIAL, 0, counting(0, 10), 10);
        byte[] notOgg = good.clone();
        notOgg[0] = 'X';
        assertThatThrownBy(() -> OggPacketReader.read(notOgg)).hasMessageContaining("OggS");
        assertThatThrownBy(() -> OggPacketReader.read(Arrays.copyOf(good, good.length - 1)))
            .hasMessageContaining("cut short");
        assertThatThrownBy(() -> OggPacketReader.read(Arrays.copyOf(good, 20))).hasMessageContaining("cut short");
        assertThatThrownBy(() -> OggPacketReader.read(page(FIRST, 0, SERIAL, 0, counting(0, 10), 10)))
            .hasMessageContaining("end-of-stream");
        assertThatThrownBy(() -> OggPacketReader.read(page(LAST, 0, SERIAL, 0, counting(0, 10), 10)))
            .hasMessageContaining("beginning-of-stream");
    }

    @Test
    void aLostPageOrAWrongContinuationFlagIsRefused() {
        byte[] first = page(FIRST, 0, SERIAL, 0, counting(0, 255), 255);
        assertThatThrownBy(() -> OggPacketReader.read(concat(first, page(CONTINUED | LAST, 0, SERIAL, 2, counting(0, 1), 1))))
            .hasMessageContaining("sequence 2, expected 1");
        assertThatThrownBy(() -> OggPacketReader.read(concat(first, page(LAST, 0, SERIAL, 1, counting(0, 1), 1))))
            .hasMessageContaining("continuation");
    }
}
