package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.roomcast.events.HallwayListing;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.RankedRoom;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.rest.SignedCursor;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RecordText;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages of a caller's hallway from the Redis read model ranking-stream writes ({@link ReadModelKeys#hallway},
 * from hallway-rankings), never computed here: {@code GET /hallway} (every room) and {@code GET /rooms/friends}
 * (the live rooms where someone the caller follows speaks). 200 {@link HallwayView}; 400 {@code invalid_request}
 * for a limit out of range (1 to {@code roomcast.gateway.rest.list-max-limit}) or a cursor this API did not
 * make for that listing; 503 {@code unavailable} when Redis fails. Every page served, with rooms or not, is logged
 * to {@code hallway-impressions} ({@link HallwayImpressions}, {@link ImpressionLog}).
 *
 * <p><b>Computed on first request:</b> ranking-stream ranks eagerly only users seen within its active window
 * (heartbeats of connected sessions, and these impressions). A user with no hallway in Redis (never ranked, or not
 * within its TTL) is ranked because the impression of their request reaches ranking-stream; the first page then
 * waits for that ranking, at most {@code roomcast.gateway.hallway.first-request-wait} (3 s), reading Redis every
 * {@value #FIRST_REQUEST_POLL_MS} ms, and answers version 0 and no rooms if it has not come.
 *
 * <p>Paging: the ranking (filtered) is one list, live rooms then upcoming ones; a page is the next
 * {@code limit} of it. The cursor ({@link SignedCursor}: {@code <listing>:<position>:<roomId>}) names the last
 * room shown and its position: the next page starts after that room in the current ranking, or at the
 * position if the room left meanwhile (the ranking changes as rooms fill and empty: a room may then show twice
 * or be skipped; start again from the first page for a fresh view).
 */
@Singleton
final class HallwayPages {
    private static final Logger LOG = LoggerFactory.getLogger(HallwayPages.class);
    private static final RecordText<HallwayRanking> TEXT = new RecordText<>(HallwayRanking.class);
    static final long FIRST_REQUEST_POLL_MS = 100;

    private final GatewayRedis redis;
    private final ImpressionLog impressions;
    private final SignedCursor cursors;
    private final int defaultLimit;
    private final int maxLimit;
    private final int maxIdChars;
    private final Duration firstRequestWait;

    HallwayPages(GatewayRedis redis, ImpressionLog impressions, ProtocolSettings protocol,
                 @Value("${roomcast.gateway.rest.list-default-limit:20}") int defaultLimit,
                 @Value("${roomcast.gateway.rest.list-max-limit:100}") int maxLimit,
                 @Value("${roomcast.gateway.rest.cursor-key}") String cursorKey,
                 @Value("${roomcast.gateway.hallway.first-request-wait:3s}") Duration firstRequestWait) {
        this.redis = redis;
        this.impressions = impressions;
        this.cursors = new SignedCursor(cursorKey);
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
        this.maxIdChars = protocol.maxIdChars();
        this.firstRequestWait = firstRequestWait;
    }

    /**
     * @param listing the listing: its name (lower case) is in its cursors, which are valid only for the listing
     *                that made them, and in the impression each page logs ({@link ImpressionLog})
     * @param keep    the rooms of the ranking this listing shows
     * @return the answer: a page, 400 or 503
     */
    HttpResponse<?> page(String userId, HallwayListing listing, Predicate<HallwayView.Room> keep, String cursor,
                         Integer limit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            return RoomsController.badRequest("limit must be 1 to " + maxLimit);
        }
        String prefix = listing.name().toLowerCase(Locale.ROOT) + ":";
        Position from;
        try {
            from = decode(prefix, cursor);
        } catch (IllegalArgumentException e) {
            return RoomsController.badRequest(e.getMessage());
        }
        HallwayRanking ranking;
        try {
            ranking = ranking(userId);
            if (ranking == null) {
                impressions.log(HallwayImpressions.of(userId, listing, null, List.of(), 0, Instant.now()));
                if (from == null) {
                    ranking = awaitFirst(userId);
                }
            }
        } catch (RedisException e) {
            LOG.warn("{} failed: {}", listing, e.toString());
            return RoomsController.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RoomsController.unavailable();
        }
        if (ranking == null) {
            return HttpResponse.ok(new HallwayView(0, null, false, List.of(), List.of(), null));
        }
        List<RankedRoom> ranked = new ArrayList<>();
        List<HallwayView.Room> rooms = new ArrayList<>();
        for (RankedRoom room : ranking.getRooms()) {
            HallwayView.Room view = HallwayView.Room.of(room);
            if (keep.test(view)) {
                ranked.add(room);
                rooms.add(view);
            }
        }
        int start = from == null ? 0 : resume(rooms, from);
        int end = Math.min(rooms.size(), start + size);
        List<HallwayView.Room> page = rooms.subList(start, end);
        impressions.log(HallwayImpressions.of(userId, listing, ranking, ranked.subList(start, end), start,
            Instant.now()));
        String next = end < rooms.size()
            ? cursors.encode(prefix + end + ":" + rooms.get(end - 1).roomId()) : null;
        return HttpResponse.ok(new HallwayView(ranking.getVersion(), ranking.getOccurredAt().toEpochMilli(),
            ranking.getColdStart(), page.stream().filter(r -> !r.upcoming()).toList(),
            page.stream().filter(HallwayView.Room::upcoming).toList(), next));
    }

    /** The user's ranking in Redis, or null. */
    private HallwayRanking ranking(String userId) {
        String text = redis.sync().hget(ReadModelKeys.hallway(userId), ReadModelKeys.RANKING);
        return text == null ? null : TEXT.decode(text);
    }

    /** The user's first ranking once Redis has it, or null after {@link #firstRequestWait}. */
    private HallwayRanking awaitFirst(String userId) throws InterruptedException {
        long deadline = System.nanoTime() + firstRequestWait.toNanos();
        HallwayRanking ranking = null;
        while (ranking == null && System.nanoTime() < deadline) {
            Thread.sleep(FIRST_REQUEST_POLL_MS);
            ranking = ranking(userId);
        }
        return ranking;
    }

    /** Where the previous page ended: the position after it and its last room. */
    private record Position(int next, String lastRoomId) {
    }

    private static int resume(List<HallwayView.Room> rooms, Position from) {
        for (int i = 0; i < rooms.size(); i++) {
            if (rooms.get(i).roomId().equals(from.lastRoomId())) {
                return i + 1;
            }
        }
        return Math.min(from.next(), rooms.size());
    }

    /** @throws IllegalArgumentException ("invalid cursor") for a cursor not made for this listing */
    private Position decode(String prefix, String opaque) {
        if (opaque == null || opaque.isBlank()) {
            return null;
        }
        String text = cursors.decode(opaque);
        int colon = text.indexOf(':', prefix.length());
        if (!text.startsWith(prefix) || colon < prefix.length() + 1 || colon > prefix.length() + 9
                || colon == text.length() - 1 || text.length() - colon - 1 > maxIdChars
                || !text.substring(prefix.length(), colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid cursor");
        }
        return new Position(Integer.parseInt(text.substring(prefix.length(), colon)), text.substring(colon + 1));
    }
}
