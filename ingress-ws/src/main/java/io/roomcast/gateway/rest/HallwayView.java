package io.roomcast.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.RoomLifecycle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;
import java.util.Locale;

/**
 * A page of {@code GET /hallway}: the caller's rooms as ranking-stream ranked them (topic hallway-rankings,
 * Redis {@code hallway:{userId}}), live ones best first, then upcoming ones soonest first.
 *
 * @param version    the ranking's version (increases with every change of the caller's hallway); 0 when the
 *                   caller has no hallway yet
 * @param computedAt when the ranking was computed, epoch ms; absent without one
 * @param coldStart  true when the caller follows too little for a social ranking (topic, then trending rooms)
 * @param live       this page's live rooms, best first
 * @param upcoming   this page's scheduled rooms, soonest first (they follow every live room)
 * @param nextCursor pass as {@code cursor} for the next page (opaque); absent on the last page
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A page of the caller's hallway (ranking-stream). Live rooms best first, then upcoming rooms "
        + "soonest first; a page may hold both.")
public record HallwayView(
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0",
                description = "the ranking's version; 0 when the caller has no hallway yet") long version,
        @Schema(description = "when the ranking was computed, epoch ms") @Nullable Long computedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED) boolean coldStart,
        @Schema(requiredMode = RequiredMode.REQUIRED) List<Room> live,
        @Schema(requiredMode = RequiredMode.REQUIRED) List<Room> upcoming,
        @Schema(description = "the next page's cursor; absent on the last page") @Nullable String nextCursor) {

    /** One room of the hallway (fields as HallwayRanking's RankedRoom, hallway-rankings.avsc). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Room(
            @Schema(requiredMode = RequiredMode.REQUIRED) String roomId,
            @Schema(requiredMode = RequiredMode.REQUIRED) String title,
            @Nullable String topic,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"live", "scheduled"}) String lifecycle,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "higher first; comparable only within one ranking") double score,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0",
                    description = "listeners when ranked (count)") int listenerCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0",
                    description = "speakers and moderators when ranked (count)") int speakerCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "speakers in the room the caller follows")
            List<String> followedSpeakerIds,
            @ArraySchema(arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "why it is shown, strongest first"),
                    schema = @Schema(allowableValues = {"followed_speaker", "followed_club", "topic_match", "trending",
                        "scheduled"}))
            List<String> reasons,
            @Schema(description = "announced start of an upcoming room, epoch ms") @Nullable Long startsAt,
            @Schema(description = "the room's language (a canonical BCP 47 tag, RFC 5646, as in the room's SNAPSHOT); "
                + "absent if the room does not say it", maxLength = 35, example = "pt-BR") @Nullable String language,
            @ArraySchema(arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED, description = "the room's first "
                + "speakers and moderators (at most 5, user ids, in the room's participant order); empty for an "
                + "upcoming room"), maxItems = 5) List<String> speakerIds) {

        static Room of(RankedRoom room) {
            return new Room(room.getRoomId(), room.getTitle(), room.getTopic(), lower(room.getLifecycle()),
                room.getScore(), room.getListenerCount(), room.getSpeakerCount(), List.copyOf(room.getFollowedSpeakerIds()),
                room.getReasons().stream().map(HallwayView::lower).toList(),
                room.getStartsAt() == null ? null : room.getStartsAt().toEpochMilli(), room.getLanguage(),
                List.copyOf(room.getSpeakerIds()));
        }

        boolean upcoming() {
            return lifecycle.equals(lower(RoomLifecycle.SCHEDULED));
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
