package io.roomcast.media.wire;

import java.util.HexFormat;

/** Test packets written as hex, spaces allowed: {@code Hex.bytes("80 6f 00 01")}. */
public final class Hex {
    private Hex() {
    }

    /** The bytes of a hex string, whitespace ignored. */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }
}
