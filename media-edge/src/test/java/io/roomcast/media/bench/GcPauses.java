package io.roomcast.media.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's garbage collections, all collectors together: counts and total time from the
 * {@link GarbageCollectorMXBean}s, and the longest single collection from their notifications (stop-the-world
 * pauses for the serial and parallel collectors). A benchmark reads it at a window's start and end.
 */
public final class GcPauses {
    /**
     * @param collections collections since the JVM started
     * @param pauseMs     their total time since the JVM started, ms
     * @param maxPauseMs  the longest collection since the previous {@link #read()} (or since {@link #start()}), ms
     */
    public record Reading(long collections, long pauseMs, long maxPauseMs) {
    }

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final AtomicLong maxPauseMs = new AtomicLong();

    private GcPauses() {
    }

    /** @return a reader listening to this JVM's collections from now on */
    public static GcPauses start() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean gc : pauses.collectors) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    long ms = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                        .getGcInfo().getDuration();
                    pauses.maxPauseMs.accumulateAndGet(ms, Math::max);
                }
            }, null, null);
        }
        return pauses;
    }

    /**
     * @return the counters now; starts a new longest-pause mark (notifications arrive shortly after a collection
     *         ends, so a collection ending just before a read may count in the next one)
     */
    public Reading read() {
        long collections = 0;
        long pauseMs = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            collections += Math.max(0, gc.getCollectionCount());
            pauseMs += Math.max(0, gc.getCollectionTime());
        }
        return new Reading(collections, pauseMs, maxPauseMs.getAndSet(0));
    }

    /**
     * The collections between two readings as benchmark keys.
     *
     * @param prefix e.g. {@code edge_gc}: keys {@code <prefix>_collections}, {@code <prefix>_pause_ms} (total) and
     *               {@code <prefix>_max_pause_ms}
     * @param from   the window's first reading
     * @param to     its last
     * @param into   where the keys are put
     */
    public static void put(String prefix, Reading from, Reading to, Map<String, Object> into) {
        into.put(prefix + "_collections", to.collections() - from.collections());
        into.put(prefix + "_pause_ms", to.pauseMs() - from.pauseMs());
        into.put(prefix + "_max_pause_ms", to.maxPauseMs());
    }
}
