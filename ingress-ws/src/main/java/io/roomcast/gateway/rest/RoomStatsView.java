package io.roomcast.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.events.HourStats;
import io.roomcast.events.RoomStats;
import io.roomcast.events.SpeakerTime;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /rooms/{id}/stats}: a room's {@link RoomStats} (ranking-stream, topic room-stats)
 * in the REST API's snake_case JSON, times as epoch ms. Field meanings and units: room-stats.avsc.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A room's statistics (ranking-stream; fields as the room-stats topic's RoomStats). Times are "
        + "epoch ms, durations ms, momentum joins per minute.")
public record RoomStatsView(
        @Schema(requiredMode = RequiredMode.REQUIRED) String roomId,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "1",
                description = "increases with every change of these stats") long version,
        @Schema(requiredMode = RequiredMode.REQUIRED,
                description = "what time these figures are for (the newest fact or window refresh), epoch ms")
        long updatedAt,
        @Schema(description = "when the room went live, epoch ms") @Nullable Long startedAt,
        @Schema(description = "when the room ended, epoch ms; absent while live") @Nullable Long endedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", description = "listeners now") int listeners,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", description = "speakers and moderators now")
        int speakers,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") int peakConcurrent,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long totalJoins,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", description = "joins in the last minute, per minute")
        @JsonProperty("joins_per_minute_1m") double joinsPerMinute1m,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0",
                description = "joins in the last five minutes, per minute")
        @JsonProperty("joins_per_minute_5m") double joinsPerMinute5m,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long staysCompleted,
        @Schema(minimum = "0", description = "mean completed stay, ms; absent while no stay ended")
        @Nullable Long averageStayMs,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long handRaises,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "speak time per participant who spoke")
        List<Speaker> speakTime,
        @Schema(requiredMode = RequiredMode.REQUIRED,
                description = "one entry per hour (UTC) with activity, oldest first; empty until the room ended")
        List<Hour> hourly) {

    /** One participant's speak time. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Speaker(@Schema(requiredMode = RequiredMode.REQUIRED) String userId,
                          @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long speakingMs) {
    }

    /** One hour of the room. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Hour(@Schema(requiredMode = RequiredMode.REQUIRED, description = "start of the hour, epoch ms")
                       long hourStart,
                       @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") int joins,
                       @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") int leaves,
                       @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") int handRaises,
                       @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") int peakConcurrent) {
    }

    /** The body for {@code stats}. */
    public static RoomStatsView of(RoomStats stats) {
        return new RoomStatsView(stats.getRoomId(), stats.getVersion(), stats.getOccurredAt().toEpochMilli(),
                millis(stats.getStartedAt()), millis(stats.getEndedAt()), stats.getListeners(), stats.getSpeakers(),
                stats.getPeakConcurrent(), stats.getTotalJoins(), stats.getJoinsPerMinute1m(),
                stats.getJoinsPerMinute5m(), stats.getStaysCompleted(), stats.getAverageStayMs(),
                stats.getHandRaises(), stats.getSpeakTime().stream().map(RoomStatsView::speaker).toList(),
                stats.getHourly().stream().map(RoomStatsView::hour).toList());
    }

    private static Speaker speaker(SpeakerTime time) {
        return new Speaker(time.getParticipantId(), time.getSpeakingMs());
    }

    private static Hour hour(HourStats hour) {
        return new Hour(hour.getHourStart().toEpochMilli(), hour.getJoins(), hour.getLeaves(), hour.getHandRaises(),
                hour.getPeakConcurrent());
    }

    private static Long millis(@Nullable Instant time) {
        return time == null ? null : time.toEpochMilli();
    }
}
