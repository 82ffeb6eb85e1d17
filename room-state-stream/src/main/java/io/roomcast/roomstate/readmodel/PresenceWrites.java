package io.roomcast.roomstate.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which presence keys ({@code presence:{userId}}) a room's new snapshot needs written: only the
 * participants whose presence (role, joined-at) differs from what this writer last wrote for the
 * room, so a fact in a room of 8,000 (a title change, a hand raised) writes one key or none
 * instead of 8,000. Everything is written when the writer has no memory of the room (start, first
 * snapshot), when Redis had no room hash (created or lost: {@code all}), and at least every
 * {@code refreshMs}, so presence TTLs (the idle expiry) are renewed for long rooms.
 *
 * <p>Pure (no I/O); one writer per room at a time, as {@link RedisReadModel#apply} requires.
 */
final class PresenceWrites {
    /** The presence entries to write, and whether that is all of the room's. */
    record Plan(List<RoomContent.Presence> writes, boolean all) {}

    private record Written(Map<String, RoomContent.Presence> byUser, long allWrittenAtMs) {}

    private final long refreshMs;
    private final Map<String, Written> rooms = new ConcurrentHashMap<>();

    /** @param refreshMs rewrite all of a room's presence at least this often, ms (at least 1) */
    PresenceWrites(long refreshMs) {
        if (refreshMs < 1) {
            throw new IllegalArgumentException("refreshMs must be at least 1: " + refreshMs);
        }
        this.refreshMs = refreshMs;
    }

    /**
     * @param current the room's participants in the new snapshot
     * @param all     write everything regardless of memory (the room hash was missing, or the same
     *                version is applied again)
     * @param nowMs   the writer's clock, epoch ms
     */
    Plan plan(String roomId, List<RoomContent.Presence> current, boolean all, long nowMs) {
        Written before = rooms.get(roomId);
        if (all || before == null || nowMs - before.allWrittenAtMs() >= refreshMs) {
            return new Plan(current, true);
        }
        List<RoomContent.Presence> changed = new ArrayList<>();
        for (RoomContent.Presence p : current) {
            if (!p.equals(before.byUser().get(p.userId()))) {
                changed.add(p);
            }
        }
        return new Plan(changed, false);
    }

    /** The plan's writes succeeded: remember the room's presence as written. */
    void written(String roomId, List<RoomContent.Presence> current, Plan plan, long nowMs) {
        Written before = rooms.get(roomId);
        Map<String, RoomContent.Presence> byUser = new HashMap<>(current.size() * 2);
        current.forEach(p -> byUser.put(p.userId(), p));
        rooms.put(roomId, new Written(byUser, plan.all() || before == null ? nowMs : before.allWrittenAtMs()));
    }

    /** The room ended (tombstone). */
    void forget(String roomId) {
        rooms.remove(roomId);
    }
}
