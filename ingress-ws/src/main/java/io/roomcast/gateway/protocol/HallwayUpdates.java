package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * When a user's sessions get a {@code hallway_updated} DISPATCH (docs/protocol.md, "User events"): when the
 * first {@link Settings#topRooms()} rooms of their hallway (hallway-rankings) differ from those of the last
 * one sent, and at most once per {@link Settings#minInterval()}: a change within the interval is held and
 * sent (if still a change) when the interval ends. Pure and not thread-safe: the caller serializes calls and
 * runs {@link #due} when {@link Decision.Later} says.
 */
public final class HallwayUpdates {
    /** The DISPATCH type. */
    public static final String TYPE = "hallway_updated";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * @param topRooms    how many of the first rooms count as the "top" (default 5), at least 1
     * @param minInterval least time between two DISPATCHes to one user (default 2 s), not negative
     */
    public record Settings(int topRooms, Duration minInterval) {
        public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(2));

        /** @throws IllegalArgumentException for topRooms below 1 or a negative interval */
        public Settings {
            if (topRooms < 1 || minInterval.isNegative()) {
                throw new IllegalArgumentException("need hallway top-rooms >= 1 and min-interval >= 0: " + topRooms
                    + ", " + minInterval);
            }
        }
    }

    /** What to do with a ranking. */
    public sealed interface Decision {
        /** Send this frame to the user's sessions now. */
        record Send(ServerFrame.UserDispatch frame) implements Decision {}

        /** Held: call {@link #due} for the user at {@code at}. */
        record Later(Instant at) implements Decision {}

        /** Nothing to send (the top rooms did not change, or a send is already scheduled). */
        record Nothing() implements Decision {}
    }

    private record Sent(List<String> top, Instant at) {}

    private record Pending(long version, List<String> top) {}

    private final Settings settings;
    private final Map<String, Sent> sent = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();

    public HallwayUpdates(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * A new ranking of {@code userId}.
     *
     * @param version  HallwayRanking.version
     * @param roomIds  its rooms in order (live, then upcoming)
     */
    public Decision offer(String userId, long version, List<String> roomIds, Instant now) {
        List<String> top = List.copyOf(roomIds.subList(0, Math.min(settings.topRooms(), roomIds.size())));
        Sent last = sent.get(userId);
        if (last != null && last.top().equals(top)) {
            pending.remove(userId);
            return new Decision.Nothing();
        }
        if (last == null || !now.isBefore(last.at().plus(settings.minInterval()))) {
            pending.remove(userId);
            return new Decision.Send(send(userId, version, top, now));
        }
        boolean scheduled = pending.put(userId, new Pending(version, top)) != null;
        return scheduled ? new Decision.Nothing() : new Decision.Later(last.at().plus(settings.minInterval()));
    }

    /** @return the held change of {@code userId} to send now, if any is still a change */
    public Optional<ServerFrame.UserDispatch> due(String userId, Instant now) {
        Pending held = pending.remove(userId);
        if (held == null) {
            return Optional.empty();
        }
        Sent last = sent.get(userId);
        if (last != null && last.top().equals(held.top())) {
            return Optional.empty();
        }
        return Optional.of(send(userId, held.version(), held.top(), now));
    }

    /** Forgets a user who has no session here any more. */
    public void forget(String userId) {
        sent.remove(userId);
        pending.remove(userId);
    }

    private ServerFrame.UserDispatch send(String userId, long version, List<String> top, Instant now) {
        sent.put(userId, new Sent(top, now));
        ObjectNode data = JSON.objectNode();
        data.put("version", version);
        top.forEach(data.putArray("top_room_ids")::add);
        UUID eventId = UUID.nameUUIDFromBytes((userId + "|hallway_updated|" + version).getBytes(StandardCharsets.UTF_8));
        return new ServerFrame.UserDispatch(TYPE, eventId.toString(), now, data);
    }
}
