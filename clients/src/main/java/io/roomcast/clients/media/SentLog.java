package io.roomcast.clients.media;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one speaker sent, for receivers in the same process to match against: the send time
 * ({@link System#nanoTime()}) of each RTP sequence number (the last 65,536 packets, i.e. 21 minutes at
 * 50 packets/s), the first sequence number and the count. Written by the speaker's sending thread,
 * read by any receiving thread.
 */
public final class SentLog {
    private static final int SEQUENCE_SPACE = 1 << 16;

    private final int ssrc;
    private final int firstSequence;
    private final AtomicLongArray sentNanos = new AtomicLongArray(SEQUENCE_SPACE);
    private final AtomicLong count = new AtomicLong();

    /**
     * @param ssrc the speaker's SSRC, raw 32 bits
     * @param firstSequence sequence number of its first packet, 0..65535
     */
    public SentLog(int ssrc, int firstSequence) {
        this.ssrc = ssrc;
        this.firstSequence = firstSequence & 0xFFFF;
    }

    public int ssrc() {
        return ssrc;
    }

    /** Records packet {@code sequenceNumber} (low 16 bits used) as sent at {@code nanos}. */
    public void sent(int sequenceNumber, long nanos) {
        sentNanos.set(sequenceNumber & 0xFFFF, nanos);
        count.incrementAndGet();
    }

    /** Send time of {@code sequenceNumber}, {@link System#nanoTime()} units; 0 if not sent (yet). */
    public long sentNanos(int sequenceNumber) {
        return sentNanos.get(sequenceNumber & 0xFFFF);
    }

    /** Index of the packet with {@code sequenceNumber} in the speaker's stream: 0 for its first packet. */
    public int frameIndex(int sequenceNumber) {
        return (sequenceNumber - firstSequence) & 0xFFFF;
    }

    /** Sequence number (0..65535) of the packet at {@code frameIndex} in the stream: the inverse of {@link #frameIndex}. */
    public int sequenceNumber(int frameIndex) {
        return (firstSequence + frameIndex) & 0xFFFF;
    }

    /** Packets sent so far. */
    public long count() {
        return count.get();
    }
}
