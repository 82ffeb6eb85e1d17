package io.roomcast.media.wire;

import java.nio.ByteBuffer;

/**
 * Wraps a byte array as a {@link ByteBuffer} and keeps the wrapper while the same array comes back,
 * so code that parses or writes into one reused {@code byte[]} allocates only once. Not thread-safe:
 * one per parser or writer.
 */
public final class ArrayWrapper {
    private ByteBuffer wrapped;

    /** A buffer over the whole of {@code array} (index 0 = {@code array[0]}). */
    public ByteBuffer wrap(byte[] array) {
        if (wrapped == null || wrapped.array() != array) {
            wrapped = ByteBuffer.wrap(array);
        }
        return wrapped;
    }
}
