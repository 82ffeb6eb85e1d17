package io.roomcast.social.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** {@code users} and what hangs on a user: follows of users, blocks, invites. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<UserRow, String> {

    /** @return the user, its row locked until the transaction ends */
    @Query("select * from users where id = :id for update")
    Optional<UserRow> findByIdForUpdate(String id);

    boolean existsByUsername(String username);

    @Query("update users set username = :username, display_name = :displayName, bio = :bio, avatar_url = :avatarUrl, "
            + "version = version + 1 where id = :id")
    int updateProfile(String id, String username, String displayName, @Nullable String bio, @Nullable String avatarUrl);

    @Query("update users set follower_count = follower_count + :delta, version = version + 1 where id = :id")
    int addFollowers(String id, long delta);

    @Query("update users set following_count = following_count + :delta, version = version + 1 where id = :id")
    int addFollowing(String id, long delta);

    @Query("update users set invites_left = invites_left - 1 where id = :id and invites_left > 0")
    int takeInvite(String id);

    /** @return 1 if the follow was made, 0 if it already existed */
    @Query("insert into user_follows (follower_id, followee_id, created_at) values (:followerId, :followeeId, :now) "
            + "on conflict do nothing")
    int insertFollow(String followerId, String followeeId, long now);

    /** @return 1 if a follow was ended, 0 if there was none */
    @Query("delete from user_follows where follower_id = :followerId and followee_id = :followeeId")
    int deleteFollow(String followerId, String followeeId);

    /** Whether {@code followerId} follows {@code followeeId} (the primary key's index). */
    @Query("select count(*) > 0 from user_follows where follower_id = :followerId and followee_id = :followeeId")
    boolean follows(String followerId, String followeeId);

    @Query("select count(*) > 0 from blocks where (blocker_id = :a and blocked_id = :b) or (blocker_id = :b and blocked_id = :a)")
    boolean blockedEitherWay(String a, String b);

    @Query("insert into blocks (blocker_id, blocked_id, created_at) values (:blockerId, :blockedId, :now) on conflict do nothing")
    int insertBlock(String blockerId, String blockedId, long now);

    @Query("delete from blocks where blocker_id = :blockerId and blocked_id = :blockedId")
    int deleteBlock(String blockerId, String blockedId);

    @Query("insert into room_marks (user_id, relation, room_id, created_at) values (:userId, :relation, :roomId, :now) "
            + "on conflict do nothing")
    int insertRoomMark(String userId, String relation, String roomId, long now);

    @Query("delete from room_marks where user_id = :userId and relation = :relation and room_id = :roomId")
    int deleteRoomMark(String userId, String relation, String roomId);

    /** Every mark on a room (index room_marks_by_room). */
    @Query("select user_id, relation from room_marks where room_id = :roomId")
    List<RoomMarkItem> roomMarksOf(String roomId);

    /** Followers of a user, newest first, after the keyset position (createdAt, followerId). */
    @Query("select u.id as user_id, u.username, u.display_name, u.avatar_url, f.created_at as since "
            + "from user_follows f join users u on u.id = f.follower_id "
            + "where f.followee_id = :userId and (f.created_at, f.follower_id) < (:beforeAt, :beforeId) "
            + "order by f.created_at desc, f.follower_id desc limit :limit")
    List<UserListItem> followers(String userId, long beforeAt, String beforeId, int limit);

    /** Users a user follows, newest first, after the keyset position (createdAt, followeeId). */
    @Query("select u.id as user_id, u.username, u.display_name, u.avatar_url, f.created_at as since "
            + "from user_follows f join users u on u.id = f.followee_id "
            + "where f.follower_id = :userId and (f.created_at, f.followee_id) < (:beforeAt, :beforeId) "
            + "order by f.created_at desc, f.followee_id desc limit :limit")
    List<UserListItem> following(String userId, long beforeAt, String beforeId, int limit);

    @Query("insert into invites (code, inviter_id, created_at) values (:code, :inviterId, :now)")
    void insertInvite(String code, String inviterId, long now);

    /** @return 1 if the invite existed unused and is now used by userId */
    @Query("update invites set used_by = :userId where code = :code and used_by is null")
    int redeemInvite(String code, String userId);
}
