package io.roomcast.media.opus;

import static io.roomcast.media.opus.OggPages.FIRST;
import static io.roomcast.media.opus.OggPages.LAST;
import static io.roomcast.media.opus.OggPages.concat;
import static io.roomcast.media.opus.OggPages.page;
import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OggOpusFileTest {
    private static final int SERIAL = 7;
    /** "OpusHead", version 1, 1 channel, pre-skip 312, 44,100 Hz input, gain -1 dB (Q7.8 -256), family 0. */
    private static final byte[] HEAD = bytes("4f707573 48656164 01 01 3801 44ac0000 00ff 00");
    /** "OpusTags", empty vendor string, no comments. */
    private static final byte[] TAGS = bytes("4f707573 54616773 00000000 00000000");
    /** CELT FB 20 ms, one frame. */
    private static final byte[] FRAME = bytes("fc 01 02");

    private static byte[] stream(byte[] head, byte[] tags, long firstAudioGranule, long finalGranule) {
        return concat(
            page(FIRST, 0, SERIAL, 0, head, head.length),
            page(0, 0, SERIAL, 1, tags, tags.length),
            page(0, firstAudioGranule, SERIAL, 2, concat(FRAME, FRAME), FRAME.length, FRAME.length),
            page(LAST, finalGranule, SERIAL, 3, FRAME, FRAME.length));
    }

    @Test
    void readsTheHeadAndTheAudioPacketsWithTheirGranules() throws OggFormatException {
        OggOpusFile file = OggOpusFile.parse(stream(HEAD, TAGS, 1920, 2880 - 100));

        assertThat(file.head()).isEqualTo(new OpusHead(1, 1, 312, 44_100, -256, 0));
        assertThat(file.packets()).hasSize(3).allSatisfy(p -> assertThat(p).isEqualTo(FRAME));
        assertThat(file.startGranule()).isZero();
        assertThat(file.totalPacketSamples()).isEqualTo(2880);
        // 100 samples trimmed at the end (RFC 7845 section 4.5), 312 skipped at the start.
        assertThat(file.playableSamples()).isEqualTo(2880 - 100 - 312);
    }

    @Test
    void aStreamThatStartsLaterHasAStartingGranule() throws OggFormatException {
        OggOpusFile file = OggOpusFile.parse(stream(HEAD, TAGS, 5000, 5960));
        assertThat(file.startGranule()).isEqualTo(5000 - 1920);
        assertThat(file.playableSamples()).isEqualTo(5960 - 3080 - 312);
    }

    @Test
    void refusesWhatIsNotOggOpus() {
        assertThatThrownBy(() -> OggOpusFile.parse(stream(TAGS, TAGS, 1920, 2880)))
            .isInstanceOf(OggFormatException.class).hasMessageContaining("OpusHead");
        assertThatThrownBy(() -> OggOpusFile.parse(stream(HEAD, HEAD, 1920, 2880))).hasMessageContaining("OpusTags");
        byte[] majorVersion1 = HEAD.clone();
        majorVersion1[8] = 0x10;
        assertThatThrownBy(() -> OggOpusFile.parse(stream(majorVersion1, TAGS, 1920, 2880)))
            .hasMessageContaining("major version");
        byte[] threeChannelsFamily0 = HEAD.clone();
        threeChannelsFamily0[9] = 3;
        assertThatThrownBy(() -> OggOpusFile.parse(stream(threeChannelsFamily0, TAGS, 1920, 2880)))
            .hasMessageContaining("3 channels");
    }

    @Test
    void refusesGranulesThatLeaveLessThanThePreSkip() {
        assertThatThrownBy(() -> OggOpusFile.parse(stream(HEAD, TAGS, 1920, 300)))
            .hasMessageContaining("pre-skip of 312");
    }

    @Test
    void refusesHeadersWithoutAudioAndAudioWithoutDuration() {
        byte[] headersOnly = concat(page(FIRST, 0, SERIAL, 0, HEAD, HEAD.length), page(LAST, 0, SERIAL, 1, TAGS, TAGS.length));
        assertThatThrownBy(() -> OggOpusFile.parse(headersOnly)).hasMessageContaining("no audio packet");
        byte[] codeThreeWithoutCount = {(byte) 0xff};
        byte[] file = concat(page(FIRST, 0, SERIAL, 0, HEAD, HEAD.length), page(0, 0, SERIAL, 1, TAGS, TAGS.length),
            page(LAST, 960, SERIAL, 2, codeThreeWithoutCount, 1));
        assertThatThrownBy(() -> OggOpusFile.parse(file)).hasMessageContaining("TOC");
    }
}
