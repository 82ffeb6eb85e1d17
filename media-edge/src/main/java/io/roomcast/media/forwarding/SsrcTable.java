package io.roomcast.media.forwarding;

/**
 * SSRC → value map for the forwarding path: open addressing on the raw 32-bit SSRC, no boxing, so a
 * lookup allocates nothing. Copy-on-write: {@link #get} reads one immutable table through a volatile
 * field without locking, from any thread; {@link #put} and {@link #remove} (binding and unbinding,
 * rare) copy it under a lock, O(size).
 *
 * @param <V> the value bound to an SSRC
 */
public final class SsrcTable<V> {
    private static final int INITIAL_CAPACITY = 16;

    private volatile Table table = new Table(INITIAL_CAPACITY);

    /** The value bound to {@code ssrc}, or null. */
    @SuppressWarnings("unchecked")
    public V get(int ssrc) {
        Table t = table;
        int mask = t.keys.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Object value = t.values[i];
            if (value == null) {
                return null;
            }
            if (t.keys[i] == ssrc) {
                return (V) value;
            }
        }
    }

    /** Binds {@code value} (not null) to {@code ssrc}, replacing any previous value. */
    public synchronized void put(int ssrc, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for SSRC " + Integer.toUnsignedString(ssrc));
        }
        Table old = table;
        boolean grow = (old.size + 1) * 2 > old.keys.length;
        Table copy = old.without(ssrc, grow ? old.keys.length * 2 : old.keys.length);
        copy.insert(ssrc, value);
        table = copy;
    }

    /** Removes the value bound to {@code ssrc}, if any. */
    public synchronized void remove(int ssrc) {
        if (get(ssrc) != null) {
            table = table.without(ssrc, table.keys.length);
        }
    }

    /** Number of bound SSRCs. */
    public int size() {
        return table.size;
    }

    /** Spreads SSRCs (often small or sequential in tests and load generators) over the table. */
    private static int mix(int ssrc) {
        int h = ssrc * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    /** One generation of the table, never changed once published. */
    private static final class Table {
        final int[] keys;
        final Object[] values;
        int size;

        Table(int capacity) {
            keys = new int[capacity];
            values = new Object[capacity];
        }

        /** A new table of {@code capacity} slots (a power of two) with every entry but {@code ssrc}'s. */
        Table without(int ssrc, int capacity) {
            Table copy = new Table(capacity);
            for (int i = 0; i < keys.length; i++) {
                if (values[i] != null && keys[i] != ssrc) {
                    copy.insert(keys[i], values[i]);
                }
            }
            return copy;
        }

        /** Inserts a key absent from this unpublished table. */
        void insert(int ssrc, Object value) {
            int mask = keys.length - 1;
            int i = mix(ssrc) & mask;
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = ssrc;
            values[i] = value;
            size++;
        }
    }
}
