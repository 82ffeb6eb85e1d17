package io.roomcast.media.forwarding;

/**
 * One WebRTC listener's N fixed receive tracks (docs/media-protocol.md, "Tracks"): the room's speaker
 * streams are mapped onto N outgoing SSRCs, so the listener holds N tracks however many people speak.
 * A stream keeps its slot while it sends; a new stream takes a free slot, else the one idle longest.
 * The packet is rewritten in place: SSRC to the slot's, sequence number and timestamp shifted so that
 * each slot's numbering continues where its previous stream stopped (the receiver's jitter buffer
 * sees one stream with a gap of the real elapsed time, RFC 3550 section 5.1), the marker bit set on a
 * switch (start of a talkspurt, RFC 3551 section 4.1), and the payload type set to the listener's.
 * Pure and allocation-free; not thread-safe (callers lock per listener).
 */
public final class TrackMap {
    private static final int CLOCK_PER_MS = 48;
    private static final int FRAME_TICKS = 960;

    private final int[] ssrcs;
    private final int[] source;
    private final boolean[] used;
    private final long[] lastNanos;
    private final int[] seqOffset;
    private final int[] tsOffset;
    private final int[] lastSeq;
    private final int[] lastTs;

    /** @param ssrcs the outgoing SSRC of each track (the answer's {@code a=ssrc}), 1 or more */
    public TrackMap(int[] ssrcs) {
        if (ssrcs.length == 0) {
            throw new IllegalArgumentException("at least one track");
        }
        int n = ssrcs.length;
        this.ssrcs = ssrcs.clone();
        this.source = new int[n];
        this.used = new boolean[n];
        this.lastNanos = new long[n];
        this.seqOffset = new int[n];
        this.tsOffset = new int[n];
        this.lastSeq = new int[n];
        this.lastTs = new int[n];
    }

    /** Number of tracks. */
    public int tracks() {
        return ssrcs.length;
    }

    /** The outgoing SSRC of track {@code i}. */
    public int ssrc(int i) {
        return ssrcs[i];
    }

    /**
     * Maps and rewrites one plain RTP packet (already parsed as valid: 12+ bytes, version 2).
     *
     * @param packet the bytes, rewritten in place from {@code offset}
     * @param payloadType the listener's Opus payload type, 0..127
     * @return the track it went to
     */
    public int rewrite(byte[] packet, int offset, int payloadType, long nowNanos) {
        int ssrc = int32(packet, offset + 8);
        int seq = ((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF);
        int ts = int32(packet, offset + 4);
        int slot = slotOf(ssrc);
        boolean switched = false;
        if (slot < 0) {
            slot = pick();
            if (used[slot]) {
                long elapsedMs = Math.max(20, (nowNanos - lastNanos[slot]) / 1_000_000L);
                seqOffset[slot] = (lastSeq[slot] + 1) - seq;
                tsOffset[slot] = lastTs[slot] + (int) Math.max(FRAME_TICKS, elapsedMs * CLOCK_PER_MS) - ts;
            } else {
                seqOffset[slot] = 0;
                tsOffset[slot] = 0;
            }
            source[slot] = ssrc;
            used[slot] = true;
            switched = true;
        }
        int outSeq = (seq + seqOffset[slot]) & 0xFFFF;
        int outTs = ts + tsOffset[slot];
        if (switched || (short) (outSeq - lastSeq[slot]) > 0) {
            lastSeq[slot] = outSeq;
            lastTs[slot] = outTs;
        }
        lastNanos[slot] = nowNanos;
        int marker = switched ? 0x80 : packet[offset + 1] & 0x80;
        packet[offset + 1] = (byte) (marker | (payloadType & 0x7F));
        packet[offset + 2] = (byte) (outSeq >>> 8);
        packet[offset + 3] = (byte) outSeq;
        put32(packet, offset + 4, outTs);
        put32(packet, offset + 8, ssrcs[slot]);
        return slot;
    }

    private int slotOf(int ssrc) {
        for (int i = 0; i < ssrcs.length; i++) {
            if (used[i] && source[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private int pick() {
        int oldest = 0;
        for (int i = 0; i < ssrcs.length; i++) {
            if (!used[i]) {
                return i;
            }
            if (lastNanos[i] - lastNanos[oldest] < 0) {
                oldest = i;
            }
        }
        return oldest;
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
