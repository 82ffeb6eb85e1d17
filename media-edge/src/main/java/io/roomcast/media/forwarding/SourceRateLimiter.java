package io.roomcast.media.forwarding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link PacketRateLimiter} per source (issue 19: binding requests are limited per source address
 * before their token is checked, so a flood of them costs no JWT verification). Remembers at most
 * {@code maxSources} sources, forgetting the least recently seen, so spoofed addresses cannot grow it
 * without bound. Not thread-safe: one per forwarding thread (the kernel hashes a source to one socket).
 *
 * @param <K> the source key, e.g. an {@link java.net.InetSocketAddress}
 */
public final class SourceRateLimiter<K> {
    private final int perSecond;
    private final Map<K, PacketRateLimiter> limiters;

    /**
     * @param perSecond  each source's sustained limit, requests/s (a burst of one second's worth), 1 or more
     * @param maxSources sources remembered, 1 or more
     * @throws IllegalArgumentException for a limit or a size below 1
     */
    public SourceRateLimiter(int perSecond, int maxSources) {
        if (perSecond < 1 || maxSources < 1) {
            throw new IllegalArgumentException("perSecond and maxSources must be at least 1, were " + perSecond
                + " and " + maxSources);
        }
        this.perSecond = perSecond;
        this.limiters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, PacketRateLimiter> eldest) {
                return size() > maxSources;
            }
        };
    }

    /**
     * @param source   where the request came from
     * @param nowNanos arrival time, {@link System#nanoTime()} ns
     * @return true when within the source's limit; false when over (the request is to be dropped)
     */
    public boolean tryAcquire(K source, long nowNanos) {
        return limiters.computeIfAbsent(source, s -> new PacketRateLimiter(perSecond)).tryAcquire(nowNanos);
    }
}
