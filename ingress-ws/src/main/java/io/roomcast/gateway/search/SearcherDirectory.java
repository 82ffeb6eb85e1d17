package io.roomcast.gateway.search;

import io.roomcast.search.SearchQueries;
import io.roomcast.search.Searcher;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import javax.sql.DataSource;

/**
 * Reads what a user's search results depend on from the user/club API's database (social-api's tables): whom
 * they follow, who follows them, who blocked them or whom they blocked, and their clubs; at most
 * {@link SearchQueries#MAX_TERMS} of each.
 */
@Singleton
public class SearcherDirectory {
    private static final String FOLLOWEES = "select followee_id from user_follows where follower_id = ? limit ?";
    private static final String FOLLOWERS = "select follower_id from user_follows where followee_id = ? limit ?";
    private static final String BLOCKED = "select blocked_id from blocks where blocker_id = ? "
            + "union select blocker_id from blocks where blocked_id = ? limit ?";
    private static final String CLUBS = "select club_id from club_members where user_id = ? limit ?";

    private final DataSource dataSource;

    /** @param dataSource the gateway's (Micronaut Data's contextual one is unwrapped: plain JDBC here) */
    public SearcherDirectory(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /**
     * @param userId the caller
     * @return the searcher
     * @throws SQLException if the database fails
     */
    public Searcher load(String userId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new Searcher(userId, ids(connection, FOLLOWEES, userId, false), ids(connection, FOLLOWERS, userId, false),
                    ids(connection, BLOCKED, userId, true), ids(connection, CLUBS, userId, false));
        }
    }

    private static Set<String> ids(Connection connection, String sql, String userId, boolean twice) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, userId);
            if (twice) {
                statement.setString(i++, userId);
            }
            statement.setInt(i, SearchQueries.MAX_TERMS);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
