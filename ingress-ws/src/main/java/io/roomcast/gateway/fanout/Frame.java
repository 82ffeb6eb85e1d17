package io.roomcast.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One already-encoded outbound WebSocket frame, shared by every session it is fanned out to: the
 * fact is encoded once, and the same {@code Frame} instance is queued in each session's outbox, so
 * fan-out never re-serializes per session.
 *
 * <p>The payload is opaque to this package: a {@link String} (text frame), a {@code byte[]}
 * (binary frame) or any object the transport adapter understands (e.g. a reference-counted buffer
 * it duplicates per write). {@link #sizeBytes()} is what the outbox counts against its byte limit.
 *
 * @param payload   the encoded frame; never null; must not be mutated after construction
 * @param sizeBytes encoded size in bytes (UTF-8 length for text), at least 0
 */
public record Frame(Object payload, int sizeBytes) {
    /**
     * @throws NullPointerException     if {@code payload} is null
     * @throws IllegalArgumentException if {@code sizeBytes} is negative
     */
    public Frame {
        Objects.requireNonNull(payload, "payload");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
        }
    }

    /**
     * A text frame; its size is the UTF-8 length of {@code json}, computed once here.
     *
     * @throws NullPointerException if {@code json} is null
     */
    public static Frame text(String json) {
        return new Frame(json, utf8Length(json));
    }

    /**
     * A binary frame of {@code bytes.length} bytes (the array is not copied: do not mutate it).
     *
     * @throws NullPointerException if {@code bytes} is null
     */
    public static Frame binary(byte[] bytes) {
        return new Frame(bytes, bytes.length);
    }

    /** UTF-8 length without allocating the encoded bytes. */
    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "Frame[" + sizeBytes + " bytes]";
    }

    /** Test/diagnostic helper: the payload as text (UTF-8 decoded for byte arrays). */
    String asText() {
        return payload instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : payload.toString();
    }
}
