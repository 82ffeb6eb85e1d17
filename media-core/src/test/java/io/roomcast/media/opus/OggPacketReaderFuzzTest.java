package io.roomcast.media.opus;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the Ogg reader (Jazzer): any file is read or refused with
 * {@link OggFormatException}; nothing else is thrown.
 */
class OggPacketReaderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyFileIsReadOrRefusedWithAFormatError(byte[] file) {
        try {
            for (OggPacket packet : OggPacketReader.read(file)) {
                packet.data();
            }
        } catch (OggFormatException expected) {
            // refused with a reason: what the caller handles
        }
    }
}
