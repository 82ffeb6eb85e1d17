package io.roomcast.social.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.roomcast.events.Club;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.UserProfile;
import io.roomcast.schemas.Topics;
import io.roomcast.social.core.ClubRole;
import io.roomcast.social.core.Refusal;
import io.roomcast.social.core.SocialRules;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The user/club API's changes and reads on PostgreSQL. Every change runs in one transaction that also adds
 * its Kafka records to the outbox ({@link Outbox}), after the rows it reports on: so a change and its
 * records are committed together or not at all, and two changes of one key are ordered by the row lock.
 * A {@link Refusal} rolls the whole transaction back: nothing is changed and no record is written.
 *
 * <p>Records: follows, memberships, roles, topic interests and blocks go to {@code social-graph}
 * ({@link Topics#SOCIAL_GRAPH}, never a tombstone: an ended edge is written with {@code active=false});
 * every change of a profile (follower/following counts too) to {@code user-profiles}; every change of a
 * club (member count too) to {@code clubs}. A request that changes nothing (following someone already
 * followed) writes nothing.
 */
@Singleton
public class SocialStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final ClubRepository clubs;
    private final Outbox outbox;
    private final SocialRules rules;

    public SocialStore(UserRepository users, ClubRepository clubs, Outbox outbox, SocialRules rules) {
        this.users = users;
        this.clubs = clubs;
        this.outbox = outbox;
        this.rules = rules;
    }

    /** What a join did: became a member, asked to join a private club, or was already either. */
    public enum JoinOutcome { MEMBER, REQUESTED }

    // ---- users

    /**
     * Sign-up: the profile of the token's subject.
     *
     * @throws Refusal 400 bad fields, 403 invite-only without invite code, 404 unknown or used invite,
     *                 409 username taken or a profile exists for userId
     */
    @Transactional
    public UserRow signUp(String userId, String username, String displayName, @Nullable String bio,
                          @Nullable String avatarUrl, @Nullable String inviteCode) {
        SocialRules.username(username);
        SocialRules.displayName(displayName);
        SocialRules.bio(bio);
        SocialRules.avatarUrl(avatarUrl);
        boolean invited = rules.needsInvite(inviteCode);
        if (users.existsById(userId)) {
            throw Refusal.conflict("this user has a profile already");
        }
        if (users.existsByUsername(username)) {
            throw Refusal.conflict("username taken");
        }
        long now = System.currentTimeMillis();
        UserRow user = users.save(new UserRow(userId, username, displayName, bio, avatarUrl, now, 0, 0,
                rules.limits().invitesPerUser(), 1));
        if (invited && users.redeemInvite(inviteCode, userId) != 1) {
            throw Refusal.notFound("no unused invite with this code");
        }
        outbox.add(Topics.USER_PROFILES, profile(user, now), now);
        return user;
    }

    /** @throws Refusal 404 if the user has no profile */
    @Transactional(readOnly = true)
    public UserRow user(String userId) {
        return users.findById(userId).orElseThrow(() -> Refusal.notFound("no such user"));
    }

    /**
     * PATCH of the caller's profile: a null argument keeps the field; an empty bio or avatar URL clears it.
     *
     * @throws Refusal 400 bad fields, 403 no profile, 409 username taken
     */
    @Transactional
    public UserRow updateProfile(String userId, @Nullable String username, @Nullable String displayName,
                                 @Nullable String bio, @Nullable String avatarUrl) {
        UserRow current = users.findByIdForUpdate(userId).orElseThrow(SocialStore::noProfile);
        String newUsername = username == null ? current.username() : SocialRules.username(username);
        String newName = displayName == null ? current.displayName() : SocialRules.displayName(displayName);
        String newBio = bio == null ? current.bio() : bio.isEmpty() ? null : SocialRules.bio(bio);
        String newAvatar = avatarUrl == null ? current.avatarUrl() : avatarUrl.isEmpty() ? null : SocialRules.avatarUrl(avatarUrl);
        if (!newUsername.equals(current.username()) && users.existsByUsername(newUsername)) {
            throw Refusal.conflict("username taken");
        }
        users.updateProfile(userId, newUsername, newName, newBio, newAvatar);
        return emitProfile(userId, System.currentTimeMillis());
    }

    /**
     * @return a new invite code of the caller (one of their invites used)
     * @throws Refusal 403 no profile or no invites left
     */
    @Transactional
    public String createInvite(String userId) {
        UserRow user = users.findByIdForUpdate(userId).orElseThrow(SocialStore::noProfile);
        SocialRules.mayInvite(user.invitesLeft());
        users.takeInvite(userId);
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String code = HexFormat.of().formatHex(bytes);
        users.insertInvite(code, userId, System.currentTimeMillis());
        return code;
    }

    // ---- follows and blocks of users

    /**
     * @return whether a follow was made (false: it existed)
     * @throws Refusal 400 self, 403 no profile or blocked, 404 no such user
     */
    @Transactional
    public boolean followUser(String userId, String targetId) {
        requireOtherUser(userId, targetId, "follow");
        SocialRules.mayFollow(users.blockedEitherWay(userId, targetId));
        long now = System.currentTimeMillis();
        if (users.insertFollow(userId, targetId, now) == 0) {
            return false;
        }
        changeFollowCounts(userId, targetId, 1, now);
        return true;
    }

    /** @return whether {@code userId} follows {@code targetId} now */
    public boolean follows(String userId, String targetId) {
        return users.follows(userId, targetId);
    }

    /**
     * @return whether a follow was ended (false: there was none)
     * @throws Refusal 400 self, 403 no profile, 404 no such user
     */
    @Transactional
    public boolean unfollowUser(String userId, String targetId) {
        requireOtherUser(userId, targetId, "unfollow");
        long now = System.currentTimeMillis();
        return endFollow(userId, targetId, now);
    }

    /**
     * Blocks a user; ends the follows between the two, both ways.
     *
     * @return whether the block was made (false: it existed)
     * @throws Refusal 400 self, 403 no profile, 404 no such user
     */
    @Transactional
    public boolean block(String userId, String targetId) {
        requireOtherUser(userId, targetId, "block");
        long now = System.currentTimeMillis();
        if (users.insertBlock(userId, targetId, now) == 0) {
            return false;
        }
        for (List<String> follow : SocialRules.followsEndedByBlock(userId, targetId)) {
            endFollow(follow.get(0), follow.get(1), now);
        }
        emitEdge(userId, SocialRelation.BLOCKS, SocialTargetType.USER, targetId, true, null, now);
        return true;
    }

    /**
     * @return whether a block was ended (false: there was none)
     * @throws Refusal 400 self, 403 no profile, 404 no such user
     */
    @Transactional
    public boolean unblock(String userId, String targetId) {
        requireOtherUser(userId, targetId, "unblock");
        long now = System.currentTimeMillis();
        if (users.deleteBlock(userId, targetId) == 0) {
            return false;
        }
        emitEdge(userId, SocialRelation.BLOCKS, SocialTargetType.USER, targetId, false, null, now);
        return true;
    }

    /**
     * Marks a room for the user, or ends the mark: HIDES (hidden from their hallway) or REMINDS (reminded before it
     * starts), as a social-graph ROOM edge. Whether the room exists is the caller's check (rooms are not here).
     *
     * @param on true to mark, false to end the mark
     * @return whether anything changed (a record is written only then)
     * @throws IllegalArgumentException for a relation other than HIDES or REMINDS
     * @throws Refusal 403 no profile
     */
    @Transactional
    public boolean markRoom(String userId, SocialRelation relation, String roomId, boolean on) {
        if (relation != SocialRelation.HIDES && relation != SocialRelation.REMINDS) {
            throw new IllegalArgumentException("not a room mark: " + relation);
        }
        requireProfile(userId);
        long now = System.currentTimeMillis();
        int changed = on ? users.insertRoomMark(userId, relation.name(), roomId, now)
            : users.deleteRoomMark(userId, relation.name(), roomId);
        if (changed == 0) {
            return false;
        }
        emitEdge(userId, relation, SocialTargetType.ROOM, roomId, on, null, now);
        return true;
    }

    /**
     * Forgets every mark on a room that ended (HIDES and REMINDS alike: an ended room never comes back), each as
     * an inactive social-graph ROOM edge, so the services that keep marks forget them too. Idempotent: a second call,
     * or one racing another node's, finds nothing left to delete and writes nothing.
     *
     * @return the marks ended
     */
    @Transactional
    public int forgetRoomMarks(String roomId) {
        long now = System.currentTimeMillis();
        int ended = 0;
        for (RoomMarkItem mark : users.roomMarksOf(roomId)) {
            if (users.deleteRoomMark(mark.userId(), mark.relation(), roomId) == 1) {
                emitEdge(mark.userId(), SocialRelation.valueOf(mark.relation()), SocialTargetType.ROOM, roomId, false,
                    null, now);
                ended++;
            }
        }
        return ended;
    }

    /** A page of a user's followers, newest first, after (beforeAt, beforeId); @throws Refusal 404 no such user */
    @Transactional(readOnly = true)
    public List<UserListItem> followers(String userId, long beforeAt, String beforeId, int limit) {
        user(userId);
        return users.followers(userId, beforeAt, beforeId, limit);
    }

    /** A page of the users a user follows, newest first; @throws Refusal 404 no such user */
    @Transactional(readOnly = true)
    public List<UserListItem> following(String userId, long beforeAt, String beforeId, int limit) {
        user(userId);
        return users.following(userId, beforeAt, beforeId, limit);
    }

    // ---- follows of clubs and topics

    /** @throws Refusal 403 no profile, 404 no such club */
    @Transactional
    public boolean followClub(String userId, String clubId) {
        requireProfile(userId);
        club(clubId);
        long now = System.currentTimeMillis();
        if (clubs.insertClubFollow(userId, clubId, now) == 0) {
            return false;
        }
        emitEdge(userId, SocialRelation.FOLLOWS, SocialTargetType.CLUB, clubId, true, null, now);
        return true;
    }

    /** @throws Refusal 403 no profile, 404 no such club */
    @Transactional
    public boolean unfollowClub(String userId, String clubId) {
        requireProfile(userId);
        club(clubId);
        long now = System.currentTimeMillis();
        if (clubs.deleteClubFollow(userId, clubId) == 0) {
            return false;
        }
        emitEdge(userId, SocialRelation.FOLLOWS, SocialTargetType.CLUB, clubId, false, null, now);
        return true;
    }

    /**
     * Follows a topic with an interest weight, or changes the weight.
     *
     * @return whether anything changed
     * @throws Refusal 400 weight outside (0, 1], 403 no profile, 404 no such topic
     */
    @Transactional
    public boolean followTopic(String userId, String slug, @Nullable Double weight) {
        double w = SocialRules.topicWeight(weight);
        requireProfile(userId);
        requireTopics(List.of(slug), Refusal.Kind.NOT_FOUND);
        Optional<Double> before = clubs.topicWeight(userId, slug);
        if (before.isPresent() && before.get() == w) {
            return false;
        }
        long now = System.currentTimeMillis();
        clubs.upsertTopicFollow(userId, slug, w, now);
        emitEdge(userId, SocialRelation.FOLLOWS, SocialTargetType.TOPIC, slug, true, w, now);
        return true;
    }

    /** @throws Refusal 403 no profile, 404 no such topic */
    @Transactional
    public boolean unfollowTopic(String userId, String slug) {
        requireProfile(userId);
        requireTopics(List.of(slug), Refusal.Kind.NOT_FOUND);
        long now = System.currentTimeMillis();
        if (clubs.deleteTopicFollow(userId, slug) == 0) {
            return false;
        }
        emitEdge(userId, SocialRelation.FOLLOWS, SocialTargetType.TOPIC, slug, false, null, now);
        return true;
    }

    /** @return the seeded topic catalog, by category and slug */
    @Transactional(readOnly = true)
    public List<TopicItem> topics() {
        return clubs.topics();
    }

    // ---- clubs

    /**
     * Creates a club; its creator is its first admin (and member).
     *
     * @throws Refusal 400 bad fields or unknown topic, 403 no profile
     */
    @Transactional
    public ClubRow createClub(String userId, String name, @Nullable String description, @Nullable List<String> topics,
                              boolean isPrivate, @Nullable String clubRules) {
        SocialRules.clubName(name);
        SocialRules.clubDescription(description);
        SocialRules.clubRules(clubRules);
        List<String> slugs = rules.clubTopics(topics);
        requireTopics(slugs, Refusal.Kind.INVALID);
        requireProfile(userId);
        long now = System.currentTimeMillis();
        String clubId = "c-" + UUID.randomUUID();
        clubs.save(new ClubRow(clubId, name, description, slugs.toArray(String[]::new), isPrivate, clubRules, userId,
                now, 0, 0));
        clubs.insertMember(clubId, userId, ClubRole.ADMIN.wire(), now);
        clubs.addMembers(clubId, 1);
        emitClub(clubId, now);
        emitEdge(userId, SocialRelation.MEMBER, SocialTargetType.CLUB, clubId, true, null, now);
        emitEdge(userId, SocialRelation.CLUB_ADMIN, SocialTargetType.CLUB, clubId, true, null, now);
        return club(clubId);
    }

    /** @throws Refusal 404 no such club */
    @Transactional(readOnly = true)
    public ClubRow club(String clubId) {
        return clubs.findById(clubId).orElseThrow(SocialStore::noSuchClub);
    }

    /**
     * The caller's relation to a club, as {@code GET /clubs/{id}} shows it.
     *
     * @param membership {@code admin}, {@code moderator}, {@code member}, {@code requested} (a pending join request)
     *                   or {@code none}
     * @param followed   whether the caller follows the club
     */
    public record ClubRelation(String membership, boolean followed) {}

    /** @return {@code userId}'s relation to the club (no check that either exists) */
    @Transactional(readOnly = true)
    public ClubRelation relation(String userId, String clubId) {
        String membership = role(clubId, userId).map(ClubRole::wire)
            .orElse(clubs.hasJoinRequest(clubId, userId) ? "requested" : "none");
        return new ClubRelation(membership, clubs.followsClub(userId, clubId));
    }

    /**
     * PATCH of a club by an admin: a null argument keeps the field; an empty description or rules clears it.
     *
     * @throws Refusal 400 bad fields, 403 not an admin, 404 no such club
     */
    @Transactional
    public ClubRow updateClub(String userId, String clubId, @Nullable String name, @Nullable String description,
                              @Nullable List<String> topics, @Nullable Boolean isPrivate, @Nullable String clubRules) {
        ClubRow current = clubs.findByIdForUpdate(clubId).orElseThrow(SocialStore::noSuchClub);
        SocialRules.mustBeAdmin(role(clubId, userId), "change the club");
        String newName = name == null ? current.name() : SocialRules.clubName(name);
        String newDescription = description == null ? current.description()
                : description.isEmpty() ? null : SocialRules.clubDescription(description);
        String newRules = clubRules == null ? current.rules() : clubRules.isEmpty() ? null : SocialRules.clubRules(clubRules);
        String[] newTopics = current.topics();
        if (topics != null) {
            List<String> slugs = rules.clubTopics(topics);
            requireTopics(slugs, Refusal.Kind.INVALID);
            newTopics = slugs.toArray(String[]::new);
        }
        clubs.updateClub(clubId, newName, newDescription, newTopics, isPrivate == null ? current.isPrivate() : isPrivate,
                newRules);
        long now = System.currentTimeMillis();
        emitClub(clubId, now);
        return club(clubId);
    }

    /**
     * Joins a public club, or asks to join a private one (a pending request; no record until an admin approves).
     *
     * @throws Refusal 403 no profile, 404 no such club
     */
    @Transactional
    public JoinOutcome join(String userId, String clubId) {
        requireProfile(userId);
        ClubRow club = clubs.findByIdForUpdate(clubId).orElseThrow(SocialStore::noSuchClub);
        long now = System.currentTimeMillis();
        if (role(clubId, userId).isPresent()) {
            return JoinOutcome.MEMBER;
        }
        if (club.isPrivate()) {
            clubs.insertJoinRequest(clubId, userId, now);
            return JoinOutcome.REQUESTED;
        }
        addMember(clubId, userId, now);
        return JoinOutcome.MEMBER;
    }

    /** Pending join requests, oldest first; @throws Refusal 403 not an admin, 404 no such club */
    @Transactional(readOnly = true)
    public List<JoinRequestItem> joinRequests(String userId, String clubId, int limit) {
        club(clubId);
        SocialRules.mustBeAdmin(role(clubId, userId), "see join requests");
        return clubs.joinRequests(clubId, limit);
    }

    /**
     * An admin's decision on a pending join request: approve makes the user a member, deny drops the request.
     *
     * @throws Refusal 403 not an admin, 404 no such club or no pending request of that user
     */
    @Transactional
    public void decideJoinRequest(String userId, String clubId, String applicantId, boolean approve) {
        clubs.findByIdForUpdate(clubId).orElseThrow(SocialStore::noSuchClub);
        SocialRules.mustBeAdmin(role(clubId, userId), approve ? "approve join requests" : "deny join requests");
        if (clubs.deleteJoinRequest(clubId, applicantId) == 0) {
            throw Refusal.notFound("no pending join request of this user");
        }
        if (approve) {
            addMember(clubId, applicantId, System.currentTimeMillis());
        }
    }

    /**
     * An admin sets a member's role.
     *
     * @throws Refusal 400 bad role, 403 not an admin, 404 no such club or member, 409 the last admin demoted
     */
    @Transactional
    public void setRole(String userId, String clubId, String memberId, ClubRole newRole) {
        clubs.findByIdForUpdate(clubId).orElseThrow(SocialStore::noSuchClub);
        SocialRules.mustBeAdmin(role(clubId, userId), "change roles");
        ClubRole current = role(clubId, memberId).orElseThrow(SocialStore::notMember);
        if (current == newRole) {
            return;
        }
        SocialRules.keepsAnAdmin(current, Optional.of(newRole), clubs.admins(clubId));
        clubs.updateRole(clubId, memberId, newRole.wire());
        long now = System.currentTimeMillis();
        roleEdge(current).ifPresent(r -> emitEdge(memberId, r, SocialTargetType.CLUB, clubId, false, null, now));
        roleEdge(newRole).ifPresent(r -> emitEdge(memberId, r, SocialTargetType.CLUB, clubId, true, null, now));
    }

    /** The caller leaves a club; @throws Refusal 404 no such club or not a member, 409 the last admin */
    @Transactional
    public void leave(String userId, String clubId) {
        clubs.findByIdForUpdate(clubId).orElseThrow(SocialStore::noSuchClub);
        ClubRole current = role(clubId, userId).orElseThrow(SocialStore::notMember);
        SocialRules.keepsAnAdmin(current, Optional.empty(), clubs.admins(clubId));
        clubs.deleteMember(clubId, userId);
        clubs.addMembers(clubId, -1);
        long now = System.currentTimeMillis();
        emitClub(clubId, now);
        emitEdge(userId, SocialRelation.MEMBER, SocialTargetType.CLUB, clubId, false, null, now);
        roleEdge(current).ifPresent(r -> emitEdge(userId, r, SocialTargetType.CLUB, clubId, false, null, now));
    }

    /** A page of a club's members, earliest first, after (afterAt, afterId); @throws Refusal 404 no such club */
    @Transactional(readOnly = true)
    public List<MemberItem> members(String clubId, long afterAt, String afterId, int limit) {
        club(clubId);
        return clubs.members(clubId, afterAt, afterId, limit);
    }

    // ---- helpers

    private void addMember(String clubId, String userId, long now) {
        if (clubs.insertMember(clubId, userId, ClubRole.MEMBER.wire(), now) == 0) {
            return;
        }
        clubs.addMembers(clubId, 1);
        emitClub(clubId, now);
        emitEdge(userId, SocialRelation.MEMBER, SocialTargetType.CLUB, clubId, true, null, now);
    }

    private boolean endFollow(String followerId, String followeeId, long now) {
        if (users.deleteFollow(followerId, followeeId) == 0) {
            return false;
        }
        changeFollowCounts(followerId, followeeId, -1, now);
        return true;
    }

    /** Updates both users' counts, the lower id first (so concurrent follows of a pair cannot deadlock). */
    private void changeFollowCounts(String followerId, String followeeId, long delta, long now) {
        if (followerId.compareTo(followeeId) < 0) {
            users.addFollowing(followerId, delta);
            users.addFollowers(followeeId, delta);
        } else {
            users.addFollowers(followeeId, delta);
            users.addFollowing(followerId, delta);
        }
        emitEdge(followerId, SocialRelation.FOLLOWS, SocialTargetType.USER, followeeId,
                delta > 0, null, now);
        emitProfile(followerId, now);
        emitProfile(followeeId, now);
    }

    private Optional<ClubRole> role(String clubId, String userId) {
        return clubs.roleOf(clubId, userId).map(ClubRole::ofWire);
    }

    private static Optional<SocialRelation> roleEdge(ClubRole role) {
        return switch (role) {
            case ADMIN -> Optional.of(SocialRelation.CLUB_ADMIN);
            case MODERATOR -> Optional.of(SocialRelation.CLUB_MODERATOR);
            case MEMBER -> Optional.empty();
        };
    }

    private void requireProfile(String userId) {
        if (!users.existsById(userId)) {
            throw noProfile();
        }
    }

    private static Refusal noProfile() {
        return Refusal.forbidden("no profile: sign up first (POST /users)");
    }

    /**
     * The checks of a change between the caller and another user, in this order.
     *
     * @param verb the change, for the message ("follow", "block", ...)
     * @throws Refusal 400 the caller names themselves, 403 the caller has no profile, 404 no such user
     */
    private void requireOtherUser(String userId, String targetId, String verb) {
        SocialRules.notSelf(userId, targetId, verb);
        requireProfile(userId);
        user(targetId);
    }

    private static Refusal noSuchClub() {
        return Refusal.notFound("no such club");
    }

    private static Refusal notMember() {
        return Refusal.notFound("not a member of this club");
    }

    private void requireTopics(List<String> slugs, Refusal.Kind kind) {
        if (!slugs.isEmpty() && clubs.knownTopics(slugs.toArray(String[]::new)) != slugs.size()) {
            throw new Refusal(kind, "unknown topic: see GET /topics");
        }
    }

    private UserRow emitProfile(String userId, long now) {
        UserRow user = users.findById(userId).orElseThrow();
        outbox.add(Topics.USER_PROFILES, profile(user, now), now);
        return user;
    }

    private void emitClub(String clubId, long now) {
        ClubRow club = clubs.findById(clubId).orElseThrow();
        outbox.add(Topics.CLUBS, Club.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setClubId(club.id())
                .setVersion(club.version())
                .setName(club.name())
                .setDescription(club.description())
                .setTopics(new ArrayList<>(Arrays.asList(club.topics())))
                .setPrivate$(club.isPrivate())
                .setRules(club.rules())
                .setCreatedBy(club.createdBy())
                .setMemberCount(club.memberCount())
                .setCreatedAt(Instant.ofEpochMilli(club.createdAt()))
                .build(), now);
    }

    private static UserProfile profile(UserRow user, long now) {
        return UserProfile.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setUserId(user.id())
                .setVersion(user.version())
                .setUsername(user.username())
                .setDisplayName(user.displayName())
                .setBio(user.bio())
                .setAvatarUrl(user.avatarUrl())
                .setFollowerCount(user.followerCount())
                .setFollowingCount(user.followingCount())
                .setCreatedAt(Instant.ofEpochMilli(user.createdAt()))
                .build();
    }

    /** Adds a {@code social-graph} record of the edge to the outbox (an ended edge: active=false). */
    private void emitEdge(String userId, SocialRelation relation, SocialTargetType type, String targetId,
                          boolean active, @Nullable Double weight, long now) {
        outbox.add(Topics.SOCIAL_GRAPH, edge(userId, relation, type, targetId, active, weight, now), now);
    }

    private static SocialEdge edge(String userId, SocialRelation relation, SocialTargetType type, String targetId,
                                   boolean active, @Nullable Double weight, long now) {
        return SocialEdge.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setUserId(userId)
                .setRelation(relation)
                .setTargetType(type)
                .setTargetId(targetId)
                .setActive(active)
                .setWeight(weight)
                .build();
    }
}
