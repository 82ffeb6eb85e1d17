package io.roomcast.media.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Media tokens withdrawn by room facts (docs/media-protocol.md, "Revocation on kick, ban and leave"): a
 * user who left the room, was kicked or banned at time T may not bind with a token of that room issued at
 * or before T. A token issued later (the user joined again and asked the gateway for a new one) binds.
 *
 * <p>Rule: a token of (room, user) with {@code iat} (epoch seconds, RFC 7519 section 4.1.6) is refused when
 * {@code iat <= floor((T + clockSkew) / 1000)}, T in epoch ms. {@code iat} has one-second resolution, so a
 * token issued in the second of T (or within {@code clockSkew} after it, which covers the gateway's clock
 * running ahead of room-state-stream's) is refused too: the client asks for another one.
 *
 * <p>Memory: an entry matters only while a token it refuses can still be valid, i.e. for
 * {@code retention} = longest token lifetime + clock skews after T; entries older than that are dropped
 * as new ones arrive (amortized O(1)). A T later than the time it is applied is taken as that time, so a
 * fact with a forged future {@code occurredAt} cannot refuse fresh tokens beyond it.
 *
 * <p>Not thread-safe: {@link Sessions} calls it under its lock. Pure: no clock, times are arguments.
 */
public final class Revocations {
    private record Key(String room, String user) {
    }

    private record Entry(Key key, long atMs) {
    }

    private final long clockSkewMs;
    private final long retentionMs;
    private final Map<Key, Long> revokedUpTo = new HashMap<>();
    private final ArrayDeque<Entry> byAge = new ArrayDeque<>();

    /**
     * @param clockSkewMs added to a revocation's time: tokens issued this long after it are refused too, ms, 0 or more
     * @param retentionMs how long after its time a revocation is kept, ms: at least the longest token lifetime
     *     plus the clock skews (the edge refuses tokens living longer, {@code max-token-lifetime})
     * @throws IllegalArgumentException for a negative skew or a retention under one second
     */
    public Revocations(long clockSkewMs, long retentionMs) {
        if (clockSkewMs < 0 || retentionMs < 1000) {
            throw new IllegalArgumentException("clock skew must be >= 0 and retention >= 1 s: " + clockSkewMs
                + " ms, " + retentionMs + " ms");
        }
        this.clockSkewMs = clockSkewMs;
        this.retentionMs = retentionMs;
    }

    /**
     * Withdraws every token of the user in the room issued at or before {@code atEpochMs} (plus the skew).
     * A revocation already past its retention at {@code nowEpochMs} is ignored (a replayed old fact).
     *
     * @param atEpochMs the fact's time (its {@code occurredAt}), epoch ms
     * @param nowEpochMs the time it is applied, epoch ms
     */
    public void revoke(String room, String user, long atEpochMs, long nowEpochMs) {
        long at = Math.min(atEpochMs, nowEpochMs);
        expire(nowEpochMs);
        if (at + retentionMs < nowEpochMs) {
            return;
        }
        Key key = new Key(room, user);
        Long before = revokedUpTo.get(key);
        if (before == null || before < at) {
            revokedUpTo.put(key, at);
            byAge.addLast(new Entry(key, at));
        }
    }

    /**
     * Whether a token of the user in the room issued at {@code issuedAtEpochSeconds} is withdrawn.
     *
     * @param issuedAtEpochSeconds the token's {@code iat}; {@link Long#MIN_VALUE} when unknown (refused
     *     whenever a revocation of the user in the room is kept)
     */
    public boolean refuses(String room, String user, long issuedAtEpochSeconds) {
        Long at = revokedUpTo.get(new Key(room, user));
        return at != null && issuedAtEpochSeconds <= Math.floorDiv(at + clockSkewMs, 1000);
    }

    /** Revocations kept. */
    public int size() {
        return revokedUpTo.size();
    }

    private void expire(long nowEpochMs) {
        while (!byAge.isEmpty() && byAge.peekFirst().atMs() + retentionMs < nowEpochMs) {
            Entry oldest = byAge.removeFirst();
            revokedUpTo.remove(oldest.key(), oldest.atMs());
        }
    }
}
