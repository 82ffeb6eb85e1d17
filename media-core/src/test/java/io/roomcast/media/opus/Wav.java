package io.roomcast.media.opus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the samples of a 16-bit PCM mono RIFF/WAVE file (the speech references). */
final class Wav {
    private Wav() {
    }

    static short[] monoPcm16(Path file) throws IOException {
        ByteBuffer riff = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) {
            throw new IOException(file + " is not RIFF/WAVE");
        }
        int at = 12;
        while (at + 8 <= riff.limit()) {
            int id = riff.getInt(at);
            int size = riff.getInt(at + 4);
            if (id == 0x20746d66 && (riff.getShort(at + 8) != 1 || riff.getShort(at + 10) != 1
                || riff.getShort(at + 22) != 16)) {
                throw new IOException(file + " is not 16-bit PCM mono");
            }
            if (id == 0x61746164) {
                short[] samples = new short[size / 2];
                riff.slice(at + 8, size).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
                return samples;
            }
            at += 8 + size + (size & 1);
        }
        throw new IOException(file + " has no data chunk");
    }
}
