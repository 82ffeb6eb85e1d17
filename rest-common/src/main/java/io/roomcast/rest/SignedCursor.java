package io.roomcast.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof pagination cursors: a position (any text the API chooses) made opaque so that a
 * client cannot forge or alter it. On the wire: URL-safe base64 without padding of the position's UTF-8,
 * a dot, and URL-safe base64 of the first 16 bytes of its HMAC-SHA256 (RFC 2104) under the gateway's
 * cursor key (setting {@code roomcast.gateway.rest.cursor-key}, the same on every node). Only the
 * canonical form is accepted: a cursor this key did not make, or one changed in any character, is
 * refused ({@link IllegalArgumentException} "invalid cursor", which the APIs answer with 400).
 * Thread-safe.
 */
public final class SignedCursor {
    /** Least key length, bytes of UTF-8 (the HMAC-SHA256 output size, RFC 2104 section 3). */
    public static final int MIN_KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /**
     * @param key the cursor key, at least {@link #MIN_KEY_BYTES} bytes of UTF-8
     * @throws IllegalArgumentException if the key is shorter
     */
    public SignedCursor(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the cursor key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, HMAC);
    }

    /** @return the opaque form of position */
    public String encode(String position) {
        byte[] payload = position.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(tag(payload));
    }

    /**
     * @param opaque a cursor from {@link #encode}
     * @return the position it holds
     * @throws IllegalArgumentException ("invalid cursor") if opaque was not made by {@link #encode} under this
     *                                  key or was changed
     */
    public String decode(String opaque) {
        int dot = opaque.indexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("invalid cursor");
        }
        byte[] payload;
        byte[] tag;
        try {
            payload = DECODER.decode(opaque.substring(0, dot));
            tag = DECODER.decode(opaque.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
        if (!MessageDigest.isEqual(tag, tag(payload))) {
            throw new IllegalArgumentException("invalid cursor");
        }
        String position = new String(payload, StandardCharsets.UTF_8);
        // Only the canonical form: base64 decoding ignores the unused low bits of a last character, so a
        // cursor changed there would otherwise still decode.
        if (!opaque.equals(encode(position))) {
            throw new IllegalArgumentException("invalid cursor");
        }
        return position;
    }

    private byte[] tag(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
