package io.roomcast.social.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** {@code clubs} and what hangs on a club: members, join requests, follows; and the topic catalog. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClubRepository extends CrudRepository<ClubRow, String> {

    /** @return the club, its row locked until the transaction ends */
    @Query("select * from clubs where id = :id for update")
    Optional<ClubRow> findByIdForUpdate(String id);

    @Query("update clubs set name = :name, description = :description, topics = :topics, is_private = :isPrivate, "
            + "rules = :rules, version = version + 1 where id = :id")
    int updateClub(String id, String name, @Nullable String description, String[] topics, boolean isPrivate,
                   @Nullable String rules);

    @Query("update clubs set member_count = member_count + :delta, version = version + 1 where id = :id")
    int addMembers(String id, long delta);

    @Query("select role from club_members where club_id = :clubId and user_id = :userId")
    Optional<String> roleOf(String clubId, String userId);

    @Query("select count(*) from club_members where club_id = :clubId and role = 'admin'")
    long admins(String clubId);

    @Query("insert into club_members (club_id, user_id, role, joined_at) values (:clubId, :userId, :role, :now) "
            + "on conflict do nothing")
    int insertMember(String clubId, String userId, String role, long now);

    @Query("update club_members set role = :role where club_id = :clubId and user_id = :userId")
    int updateRole(String clubId, String userId, String role);

    @Query("delete from club_members where club_id = :clubId and user_id = :userId")
    int deleteMember(String clubId, String userId);

    /** Members of a club, earliest first, after the keyset position (joinedAt, userId). */
    @Query("select m.user_id, u.username, u.display_name, m.role, m.joined_at from club_members m "
            + "join users u on u.id = m.user_id where m.club_id = :clubId and (m.joined_at, m.user_id) > (:afterAt, :afterId) "
            + "order by m.joined_at, m.user_id limit :limit")
    List<MemberItem> members(String clubId, long afterAt, String afterId, int limit);

    @Query("insert into club_join_requests (club_id, user_id, requested_at) values (:clubId, :userId, :now) "
            + "on conflict do nothing")
    int insertJoinRequest(String clubId, String userId, long now);

    @Query("select count(*) > 0 from club_join_requests where club_id = :clubId and user_id = :userId")
    boolean hasJoinRequest(String clubId, String userId);

    @Query("select count(*) > 0 from club_follows where user_id = :userId and club_id = :clubId")
    boolean followsClub(String userId, String clubId);

    @Query("delete from club_join_requests where club_id = :clubId and user_id = :userId")
    int deleteJoinRequest(String clubId, String userId);

    @Query("select r.user_id, u.username, u.display_name, r.requested_at from club_join_requests r "
            + "join users u on u.id = r.user_id where r.club_id = :clubId order by r.requested_at, r.user_id limit :limit")
    List<JoinRequestItem> joinRequests(String clubId, int limit);

    @Query("insert into club_follows (user_id, club_id, created_at) values (:userId, :clubId, :now) on conflict do nothing")
    int insertClubFollow(String userId, String clubId, long now);

    @Query("delete from club_follows where user_id = :userId and club_id = :clubId")
    int deleteClubFollow(String userId, String clubId);

    @Query("select slug, category, name from topics order by category, slug")
    List<TopicItem> topics();

    @Query("select count(*) from topics where slug = any(:slugs)")
    long knownTopics(String[] slugs);

    /** @return the stored weight before the change, empty if the topic was not followed */
    @Query("select weight from topic_follows where user_id = :userId and topic_slug = :slug for update")
    Optional<Double> topicWeight(String userId, String slug);

    @Query("insert into topic_follows (user_id, topic_slug, weight, created_at) values (:userId, :slug, :weight, :now) "
            + "on conflict (user_id, topic_slug) do update set weight = excluded.weight")
    int upsertTopicFollow(String userId, String slug, double weight, long now);

    @Query("delete from topic_follows where user_id = :userId and topic_slug = :slug")
    int deleteTopicFollow(String userId, String slug);
}
