package io.roomcast.loadgen.scenario;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The room scenario's accounting of DISPATCHes, by {@code seq} (pure, so it is tested without a
 * gateway): what a session missed after it resumed, and the facts a session got twice or out of room
 * order. The reference is a session that never dropped (the host): its DISPATCHes, in arrival order,
 * are the room's order.
 */
final class DispatchAccounting {
    private DispatchAccounting() {}

    /**
     * Facts the resumed session lacks: the reference's facts after the resume position
     * {@code fromSeq} up to {@code upToSeq}, that are not in the session's stream (before the drop
     * and after the resume). {@code upToSeq} must be a fact the session has already received: facts
     * come in room order, so every earlier one is due by then. (Comparing with whatever the
     * reference has received at some instant counts a fact still on its way to the resumed session
     * as missed.)
     *
     * @param reference the reference's DISPATCH seqs, in arrival order
     * @param session   the resumed session's DISPATCH seqs: before the drop, then after the resume
     */
    static int missedAfterResume(List<Long> reference, List<Long> session, long fromSeq, long upToSeq) {
        Set<Long> got = new HashSet<>(session);
        int missed = 0;
        for (long seq : reference) {
            if (seq > fromSeq && seq <= upToSeq && !got.contains(seq)) {
                missed++;
            }
        }
        return missed;
    }

    /** Facts a session got twice, and facts it got before one that comes earlier in the room's order. */
    record Counts(int duplicates, int orderViolations) {}

    /**
     * @param reference the reference's DISPATCH seqs, in arrival order (the room's order)
     * @param session   one session's DISPATCH seqs in arrival order (a resumed one: before the drop, then after)
     */
    static Counts count(List<Long> reference, List<Long> session) {
        Map<Long, Integer> order = new HashMap<>();
        for (long seq : reference) {
            order.putIfAbsent(seq, order.size());
        }
        Set<Long> seen = new HashSet<>();
        int duplicates = 0;
        int violations = 0;
        int lastIndex = -1;
        for (long seq : session) {
            if (!seen.add(seq)) {
                duplicates++;
                continue;
            }
            Integer index = order.get(seq);
            if (index != null) {
                violations += index < lastIndex ? 1 : 0;
                lastIndex = Math.max(lastIndex, index);
            }
        }
        return new Counts(duplicates, violations);
    }
}
