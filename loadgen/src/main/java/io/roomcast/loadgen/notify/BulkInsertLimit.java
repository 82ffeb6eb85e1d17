package io.roomcast.loadgen.notify;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's bulk-insert rate for the rows of {@code notify.inbox} (the physical limit next to the projector's
 * rate): the same rows written again with new event ids, by {@code COPY ... FROM STDIN} and by multi-row
 * {@code INSERT ... ON CONFLICT DO NOTHING}, each in one transaction into a copy of {@code notify.inbox} with its
 * indexes ({@code like notify.inbox including all}: {@code notify.inbox_copy}, {@code notify.inbox_multi}).
 * Meant for a benchmark's own database; user {@code postgres} without password.
 */
final class BulkInsertLimit {
    /** Rows of one multi-row INSERT statement. */
    static final int ROWS_PER_STATEMENT = 1_000;
    private static final String COLUMNS = "event_id, user_id, occurred_at, kind, actor_id, room_id, title, body";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private final String jdbcUrl;

    /** @param jdbcUrl the database holding {@code notify.inbox} */
    BulkInsertLimit(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The inbox rows of {@code roomId} (values of {@link #COLUMNS}, each with a new event id). */
    List<Object[]> rowsOf(String roomId) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection db = connect();
             PreparedStatement sql = db.prepareStatement("select " + COLUMNS + " from notify.inbox where room_id = ?")) {
            sql.setString(1, roomId);
            try (ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {UUID.randomUUID(), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)});
                }
            }
        }
        return rows;
    }

    /** Rows of {@code roomId} in {@code notify.inbox} (count). */
    int count(String roomId) throws SQLException {
        try (Connection db = connect();
             PreparedStatement sql = db.prepareStatement("select count(*) from notify.inbox where room_id = ?")) {
            sql.setString(1, roomId);
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** COPY of {@code rows} into a new {@code notify.inbox_copy} (any earlier one dropped), one transaction; seconds. */
    double copy(List<Object[]> rows) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                text.append(i == 0 ? "" : "\t").append(r[i] == null ? "\\N" : r[i].toString().replace("\t", " "));
            }
            text.append('\n');
        }
        try (Connection db = connect();
             Statement sql = db.createStatement()) {
            sql.execute("drop table if exists notify.inbox_copy");
            sql.execute("create table notify.inbox_copy (like notify.inbox including all)");
            db.setAutoCommit(false);
            long start = System.nanoTime();
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("copy notify.inbox_copy (" + COLUMNS + ") from stdin",
                new StringReader(text.toString()));
            db.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * Multi-row INSERTs of {@code rows} ({@link #ROWS_PER_STATEMENT} a statement, on conflict do nothing as the
     * projector) into a new {@code notify.inbox_multi} (any earlier one dropped), one transaction; seconds.
     */
    double multiRowInsert(List<Object[]> rows) throws SQLException {
        try (Connection db = connect();
             Statement sql = db.createStatement()) {
            sql.execute("drop table if exists notify.inbox_multi");
            sql.execute("create table notify.inbox_multi (like notify.inbox including all)");
            db.setAutoCommit(false);
            long start = System.nanoTime();
            for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
                String values = IntStream.range(0, chunk.size()).mapToObj(i -> ROW).collect(Collectors.joining(","));
                try (PreparedStatement insert = db.prepareStatement("insert into notify.inbox_multi (" + COLUMNS
                        + ") values " + values + " on conflict (event_id) do nothing")) {
                    int p = 1;
                    for (Object[] r : chunk) {
                        for (Object v : r) {
                            insert.setObject(p++, v);
                        }
                    }
                    insert.executeUpdate();
                }
            }
            db.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }
}
