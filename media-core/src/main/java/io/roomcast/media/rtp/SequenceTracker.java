package io.roomcast.media.rtp;

/**
 * Receiver-side sequence-number state of one source, per RFC 3550 appendix A.1: extends the 16-bit
 * sequence number with a cycle count across the 65535 -> 0 wrap, validates a new source over
 * {@code minSequential} in-order packets (probation), treats a jump of {@link #MAX_DROPOUT} or more
 * as a restart only when the next packet confirms it, and counts what arrived. The loss figures of a
 * receiver report come from it as in appendix A.3. Allocation-free; not thread-safe.
 *
 * <p>One deviation from the appendix's C: the probation test "next in order" is taken modulo 2^16,
 * so a source that starts at 65535 passes probation too.
 */
public final class SequenceTracker {
    /** Largest forward jump still taken as packet loss (A.1: MAX_DROPOUT). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward jump taken as reordering or duplicate (A.1: MAX_MISORDER). */
    public static final int MAX_MISORDER = 100;
    /** In-order packets needed before a new source is valid (A.1: MIN_SEQUENTIAL). */
    public static final int MIN_SEQUENTIAL = 2;
    private static final int SEQ_MOD = 1 << 16;
    private static final int MAX_LOST = 0x7F_FFFF;
    private static final int MIN_LOST = -0x80_0000;

    private final int minSequential;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    /** A tracker whose new sources must send {@code minSequential} packets in order (1 = none). */
    public SequenceTracker(int minSequential) {
        if (minSequential < 1) {
            throw new IllegalArgumentException("minSequential must be at least 1");
        }
        this.minSequential = minSequential;
    }

    /** A tracker with the appendix's {@link #MIN_SEQUENTIAL}. */
    public SequenceTracker() {
        this(MIN_SEQUENTIAL);
    }

    /**
     * Accounts one packet's sequence number (A.1 update_seq; the first call is A.1's source set-up).
     *
     * @param sequenceNumber 0..65535
     * @return whether the packet counts: false while the source is on probation and for the first
     *     packet after a large jump (until the next one confirms the new sequence)
     */
    public boolean update(int sequenceNumber) {
        int seq = sequenceNumber & (SEQ_MOD - 1);
        if (!started) {
            started = true;
            init(seq);
            maxSeq = (seq - 1) & (SEQ_MOD - 1);
            probation = minSequential;
        }
        int udelta = (seq - maxSeq) & (SEQ_MOD - 1);
        if (probation > 0) {
            if (udelta == 1) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    init(seq);
                    received++;
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & (SEQ_MOD - 1);
                return false;
            }
            init(seq);
        }
        received++;
        return true;
    }

    private void init(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** Highest sequence number seen, extended with the cycle count (the RR's "extended highest", A.3). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets counted since the source became valid (duplicates included, as in A.1). */
    public long received() {
        return received;
    }

    /** Packets expected since the source became valid: extended highest - base + 1 (A.3). */
    public long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    /**
     * Cumulative packets lost, expected - received, clamped to the RR field's signed 24 bits (A.3);
     * negative when duplicates arrived.
     */
    public int cumulativeLost() {
        return (int) Math.clamp(expected() - received, MIN_LOST, MAX_LOST);
    }

    /**
     * Fraction lost since the previous call (or since the source became valid), as the RR's 8-bit
     * fixed-point number: lost/expected in that interval times 256, 0 when nothing was lost or
     * duplicates outnumber losses (A.3). Moves the interval forward.
     */
    public int takeFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) ((lostInterval << 8) / expectedInterval);
    }
}
