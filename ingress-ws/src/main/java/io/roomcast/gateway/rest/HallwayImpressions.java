package io.roomcast.gateway.rest;

import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayListing;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.ImpressedRoom;
import io.roomcast.events.RankedRoom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a served page of a hallway listing logs to {@code hallway-impressions} (pure: no Kafka): the rooms shown
 * with their positions in the listing, score, reasons and score terms (docs/protocol.md, "Room listings";
 * field meanings in hallway-impressions.avsc).
 */
final class HallwayImpressions {
    private HallwayImpressions() {
    }

    /**
     * @param ranking the ranking the page came from, or null if the user has none yet (version 0)
     * @param page    the rooms of the page, in the order shown; empty for a page without rooms (the impression
     *                still says the user asked: ranking-stream counts it as the user being active)
     * @param first   the listing position of the page's first room (0 on the first page)
     * @return the impression, with a random event id
     */
    static HallwayImpression of(String userId, HallwayListing listing, HallwayRanking ranking, List<RankedRoom> page,
                                int first, Instant now) {
        List<ImpressedRoom> rooms = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            RankedRoom r = page.get(i);
            rooms.add(ImpressedRoom.newBuilder().setRoomId(r.getRoomId()).setPosition(first + i)
                .setLifecycle(r.getLifecycle()).setScore(r.getScore()).setReasons(List.copyOf(r.getReasons()))
                .setTerms(r.getTerms()).setListenerCount(r.getListenerCount()).setSpeakerCount(r.getSpeakerCount())
                .build());
        }
        return HallwayImpression.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setUserId(userId)
            .setListing(listing).setRankingVersion(ranking == null ? 0 : ranking.getVersion())
            .setColdStart(ranking != null && ranking.getColdStart())
            .setRooms(rooms).build();
    }
}
