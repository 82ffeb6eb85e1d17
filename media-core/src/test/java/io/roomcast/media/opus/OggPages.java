package io.roomcast.media.opus;

import java.io.ByteArrayOutputStream;

/** Builds Ogg pages (RFC 3533 section 6) with a correct CRC, for hand-made test streams. */
final class OggPages {
    static final int CONTINUED = 0x01;
    static final int FIRST = 0x02;
    static final int LAST = 0x04;

    private OggPages() {
    }

    /** One page whose body is {@code body}, cut into segments by {@code lacing}. */
    static byte[] page(int flags, long granule, int serial, int sequence, byte[] body, int... lacing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'O', 'g', 'g', 'S', 0, (byte) flags});
        writeLe(out, granule, 8);
        writeLe(out, serial, 4);
        writeLe(out, sequence, 4);
        writeLe(out, 0, 4);
        out.write(lacing.length);
        for (int value : lacing) {
            out.write(value);
        }
        out.writeBytes(body);
        byte[] page = out.toByteArray();
        long crc = OggPacketReader.crc(page, 0, page.length);
        for (int i = 0; i < 4; i++) {
            page[22 + i] = (byte) (crc >>> (8 * i));
        }
        return page;
    }

    /** Bytes {@code from}, {@code from + 1}, ... of the given length (mod 256). */
    static byte[] counting(int from, int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (from + i);
        }
        return data;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void writeLe(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
