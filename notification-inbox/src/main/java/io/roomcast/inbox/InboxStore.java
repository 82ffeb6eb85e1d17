package io.roomcast.inbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.roomcast.events.NotificationFrequency;
import io.roomcast.events.NotificationSettings;
import io.roomcast.schemas.Topics;
import io.roomcast.social.core.Refusal;
import io.roomcast.social.store.ClubRepository;
import io.roomcast.social.store.Outbox;
import io.roomcast.social.store.UserRepository;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The inbox and preferences in PostgreSQL (schema {@code notify}, migration V20): pages newest first by insertion
 * order, unread counts from each user's read mark, preferences written with an outbox record of notification-settings
 * in the same transaction. Every query is the caller's own rows: there is no way to name another user's inbox.
 */
@Singleton
public class InboxStore {
    private final JdbcOperations jdbc;
    private final UserRepository users;
    private final ClubRepository clubs;
    private final Outbox outbox;
    private final Clock clock;

    public InboxStore(JdbcOperations jdbc, UserRepository users, ClubRepository clubs, Outbox outbox) {
        this.jdbc = jdbc;
        this.users = users;
        this.clubs = clubs;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    /** A page and the seq of its last item (for the next cursor), or -1 when there are no more. */
    public record Page(List<InboxBodies.Item> items, long unread, long nextBefore) {}

    /**
     * @param beforeSeq only notifications inserted before this (Long.MAX_VALUE for the first page)
     * @param limit     items per page
     */
    @Transactional(readOnly = true)
    public Page page(String userId, long beforeSeq, int limit) {
        long readUpTo = readUpTo(userId);
        List<InboxBodies.Item> items = new ArrayList<>();
        long next = jdbc.prepareStatement("select * from notify.inbox where user_id = ? and seq < ? order by seq desc limit ?",
            ps -> {
                ps.setString(1, userId);
                ps.setLong(2, beforeSeq);
                ps.setInt(3, limit + 1);
                long lastSeq = -1;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            return lastSeq;
                        }
                        lastSeq = rs.getLong("seq");
                        items.add(item(rs, lastSeq <= readUpTo));
                    }
                }
                return -1L;
            });
        return new Page(items, count("select count(*) from notify.inbox where user_id = ? and seq > ?", userId, readUpTo),
            next);
    }

    /**
     * Marks the notification {@code eventId} and every older one of the caller's read (a mark never moves back).
     *
     * @return the unread count after
     * @throws Refusal (NOT_FOUND) if the caller's inbox has no such notification (another user's is not found either)
     */
    @Transactional
    public long markRead(String userId, String eventId) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("up_to_id must be a notification id (UUID)");
        }
        Long seq = jdbc.prepareStatement("select seq from notify.inbox where event_id = ? and user_id = ?", ps -> {
            ps.setObject(1, id);
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
        if (seq == null) {
            throw Refusal.notFound("no notification " + eventId + " in your inbox");
        }
        jdbc.prepareStatement("insert into notify.read_marks (user_id, read_up_to) values (?, ?) on conflict (user_id) "
            + "do update set read_up_to = greatest(notify.read_marks.read_up_to, excluded.read_up_to)", ps -> {
                ps.setString(1, userId);
                ps.setLong(2, seq);
                return ps.executeUpdate();
            });
        return count("select count(*) from notify.inbox where user_id = ? and seq > ?", userId, readUpTo(userId));
    }

    /** The caller's preferences, or the defaults (normal, nothing muted, no quiet hours, UTC) with version 0. */
    @Transactional(readOnly = true)
    public NotificationSettings settings(String userId) {
        NotificationSettings stored = jdbc.prepareStatement("select * from notify.settings where user_id = ?", ps -> {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? settings(rs) : null;
            }
        });
        return stored != null ? stored : NotificationSettings.newBuilder().setEventId(new UUID(0, 0))
            .setOccurredAt(clock.instant()).setUserId(userId).setVersion(0).setMutedUserIds(List.of())
            .setMutedClubIds(List.of()).setFrequency(NotificationFrequency.NORMAL).setQuietStartMinute(null)
            .setQuietEndMinute(null).setTimeZone("UTC").build();
    }

    /**
     * Replaces the caller's preferences and writes their notification-settings record (outbox, same transaction).
     *
     * @throws Refusal (INVALID) if a muted user or club does not exist
     */
    @Transactional
    public NotificationSettings replaceSettings(String userId, SettingsRules.Valid valid) {
        for (String muted : valid.mutedUserIds()) {
            if (!users.existsById(muted)) {
                throw Refusal.invalid("muted_user_ids: no user " + muted);
            }
        }
        for (String muted : valid.mutedClubIds()) {
            if (!clubs.existsById(muted)) {
                throw Refusal.invalid("muted_club_ids: no club " + muted);
            }
        }
        long now = clock.millis();
        NotificationSettings saved = jdbc.prepareStatement("""
                insert into notify.settings (user_id, version, muted_user_ids, muted_club_ids, frequency, quiet_start,
                    quiet_end, time_zone, updated_at) values (?, 1, ?, ?, ?, ?, ?, ?, ?)
                on conflict (user_id) do update set version = notify.settings.version + 1,
                    muted_user_ids = excluded.muted_user_ids, muted_club_ids = excluded.muted_club_ids,
                    frequency = excluded.frequency, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
                    time_zone = excluded.time_zone, updated_at = excluded.updated_at
                returning *""", ps -> {
                Connection connection = ps.getConnection();
                ps.setString(1, userId);
                ps.setArray(2, connection.createArrayOf("text", valid.mutedUserIds().toArray()));
                ps.setArray(3, connection.createArrayOf("text", valid.mutedClubIds().toArray()));
                ps.setString(4, valid.frequency().name());
                setNullableInt(ps, 5, valid.quietStartMinute());
                setNullableInt(ps, 6, valid.quietEndMinute());
                ps.setString(7, valid.timeZone());
                ps.setLong(8, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return settings(rs);
                }
            });
        outbox.add(Topics.NOTIFICATION_SETTINGS, saved, now);
        return saved;
    }

    private long readUpTo(String userId) {
        Long mark = jdbc.prepareStatement("select read_up_to from notify.read_marks where user_id = ?", ps -> {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
        return mark == null ? 0 : mark;
    }

    private long count(String sql, String userId, long seq) {
        return jdbc.prepareStatement(sql, ps -> {
            ps.setString(1, userId);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static InboxBodies.Item item(ResultSet rs, boolean read) throws SQLException {
        int count = rs.getInt("count");
        return new InboxBodies.Item(rs.getObject("event_id", UUID.class).toString(),
            rs.getString("kind").toLowerCase(Locale.ROOT), rs.getString("title"), rs.getString("body"),
            rs.getString("actor_id"), rs.getString("room_id"), rs.getString("club_id"), rs.wasNull() ? null : count,
            rs.getLong("occurred_at"), read);
    }

    private static NotificationSettings settings(ResultSet rs) throws SQLException {
        String user = rs.getString("user_id");
        long version = rs.getLong("version");
        int start = rs.getInt("quiet_start");
        Integer quietStart = rs.wasNull() ? null : start;
        int end = rs.getInt("quiet_end");
        Integer quietEnd = rs.wasNull() ? null : end;
        return NotificationSettings.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes((user + "|settings|" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .setOccurredAt(java.time.Instant.ofEpochMilli(rs.getLong("updated_at"))).setUserId(user).setVersion(version)
            .setMutedUserIds(texts(rs.getArray("muted_user_ids"))).setMutedClubIds(texts(rs.getArray("muted_club_ids")))
            .setFrequency(NotificationFrequency.valueOf(rs.getString("frequency"))).setQuietStartMinute(quietStart)
            .setQuietEndMinute(quietEnd).setTimeZone(rs.getString("time_zone")).build();
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
