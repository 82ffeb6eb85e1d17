package io.roomcast.media.forwarding;

import io.roomcast.media.rtp.AudioLevel;

/**
 * Forwards the N loudest speakers of one room by their RFC 6464 audio level (section 3: 0 is the
 * loudest, 127 is -127 dBov or silence), deciding packet by packet. Each speaker's loudness
 * (127 - level, in dB above -127 dBov; a packet without a level counts as silence) is smoothed over
 * about four packets (exponential average, weight 1/4). At most {@code maxForwarded} speakers hold a
 * slot: a speaker without a slot takes a free one, or one whose holder sent nothing for
 * {@code holdNanos} (stopped talking, DTX), or the quietest holder's when it is louder by more than
 * {@code switchMarginDb}, so two speakers of about the same loudness do not flap.
 *
 * <p>Fixed arrays, no allocation per packet, O(capacity) per packet (capacity is the room's speaker
 * limit, 20 by default). Not thread-safe: one instance per room, used by the thread that forwards the
 * room's packets. Times are {@link System#nanoTime()}-style nanoseconds.
 */
public final class LoudestSpeakers {
    /** Default number of speakers forwarded at once (issue 5: "N loudest", default 3). */
    public static final int DEFAULT_MAX_FORWARDED = 3;
    private static final int SCALE = 16;
    private static final int SMOOTHING_SHIFT = 2;

    private final int maxForwarded;
    private final long holdNanos;
    private final int switchMargin;
    private final int[] ssrcs;
    private final int[] loudness;
    private final long[] lastSeen;
    private final boolean[] used;
    private final boolean[] selected;

    /**
     * @param maxForwarded speakers forwarded at once, 1 or more
     * @param capacity speakers tracked at once (a room's speaker limit); when full, the one silent the
     *     longest is forgotten for a newcomer
     * @param holdNanos how long a slot is kept without packets, ns
     * @param switchMarginDb how much louder (dB) a speaker must be than the quietest slot holder to take its slot
     * @throws IllegalArgumentException when a count is below 1 or the hold or margin is negative
     */
    public LoudestSpeakers(int maxForwarded, int capacity, long holdNanos, int switchMarginDb) {
        if (maxForwarded < 1 || capacity < 1 || holdNanos < 0 || switchMarginDb < 0) {
            throw new IllegalArgumentException("maxForwarded and capacity must be at least 1, hold and margin not negative");
        }
        this.maxForwarded = maxForwarded;
        this.holdNanos = holdNanos;
        this.switchMargin = switchMarginDb * SCALE;
        ssrcs = new int[capacity];
        loudness = new int[capacity];
        lastSeen = new long[capacity];
        used = new boolean[capacity];
        selected = new boolean[capacity];
    }

    /**
     * Accounts one packet of a (permitted) speaker and says whether to forward it.
     *
     * @param ssrc the speaker's SSRC
     * @param audioLevel raw RFC 6464 byte of the packet, or {@link AudioLevel#ABSENT}
     * @param nowNanos arrival time, ns
     * @return true when the speaker holds one of the {@code maxForwarded} slots after this packet
     */
    public boolean admit(int ssrc, int audioLevel, long nowNanos) {
        int i = entry(ssrc, nowNanos);
        int loud = audioLevel == AudioLevel.ABSENT ? 0 : (AudioLevel.SILENCE - AudioLevel.level(audioLevel)) * SCALE;
        loudness[i] += (loud - loudness[i]) >> SMOOTHING_SHIFT;
        lastSeen[i] = nowNanos;
        if (selected[i]) {
            return true;
        }
        int holders = 0;
        int weakest = -1;
        for (int j = 0; j < used.length; j++) {
            if (used[j] && selected[j]) {
                holders++;
                if (weakest < 0 || rank(j, nowNanos) < rank(weakest, nowNanos)) {
                    weakest = j;
                }
            }
        }
        if (holders < maxForwarded) {
            selected[i] = true;
        } else if (stale(weakest, nowNanos) || loudness[i] > loudness[weakest] + switchMargin) {
            selected[weakest] = false;
            selected[i] = true;
        }
        return selected[i];
    }

    /** Forgets a speaker (unbound, no longer a speaker); its slot is free at once. */
    public void remove(int ssrc) {
        int i = find(ssrc);
        if (i >= 0) {
            used[i] = false;
            selected[i] = false;
        }
    }

    /** Whether the speaker holds a slot now. */
    public boolean isForwarded(int ssrc) {
        int i = find(ssrc);
        return i >= 0 && selected[i];
    }

    /** A stale holder ranks below every fresh one; otherwise by smoothed loudness. */
    private long rank(int j, long nowNanos) {
        return stale(j, nowNanos) ? Long.MIN_VALUE : loudness[j];
    }

    private boolean stale(int j, long nowNanos) {
        return nowNanos - lastSeen[j] > holdNanos;
    }

    private int find(int ssrc) {
        for (int j = 0; j < used.length; j++) {
            if (used[j] && ssrcs[j] == ssrc) {
                return j;
            }
        }
        return -1;
    }

    /** The speaker's entry, created in a free place or in place of the one silent the longest. */
    private int entry(int ssrc, long nowNanos) {
        int found = find(ssrc);
        if (found >= 0) {
            return found;
        }
        int place = -1;
        for (int j = 0; j < used.length && (place < 0 || used[place]); j++) {
            if (!used[j] || place < 0 || lastSeen[j] - lastSeen[place] < 0) {
                place = j;
            }
        }
        used[place] = true;
        selected[place] = false;
        ssrcs[place] = ssrc;
        loudness[place] = 0;
        lastSeen[place] = nowNanos;
        return place;
    }
}
