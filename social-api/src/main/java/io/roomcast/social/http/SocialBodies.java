package io.roomcast.social.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.social.core.SocialRules;
import io.roomcast.social.store.ClubRow;
import io.roomcast.social.store.JoinRequestItem;
import io.roomcast.social.store.MemberItem;
import io.roomcast.social.store.TopicItem;
import io.roomcast.social.store.UserListItem;
import io.roomcast.social.store.SocialStore;
import io.roomcast.social.store.UserRow;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * JSON bodies of the user/club API. Field names lower snake case, times epoch ms, absent optional fields
 * left out (as the room API, docs/openapi.yml). Text fields follow the text rules (docs/protocol.md,
 * "Text rules"): refused, never altered; SQL or markup characters are stored as sent.
 */
public final class SocialBodies {
    private SocialBodies() {
    }

    /** {@code POST /users}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "Sign-up: the profile of the token's subject. Unknown fields are ignored.")
    public record SignUpRequest(
            @Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[a-z0-9_]{3,30}$",
                    description = "unique; 3 to 30 characters of a-z, 0-9 and _") @Nullable String username,
            @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = SocialRules.DISPLAY_NAME_MAX,
                    description = "text rules; at most 50 code points") @Nullable String displayName,
            @Schema(maxLength = SocialRules.BIO_MAX, description = "text rules; at most 300 code points")
            @Nullable String bio,
            @Schema(maxLength = SocialRules.AVATAR_URL_MAX, description = "an https URL") @Nullable String avatarUrl,
            @Schema(description = "required when sign-up is invite-only (setting roomcast.social.invite-only)")
            @Nullable String inviteCode) {
    }

    /** {@code PATCH /users/me}: an absent (or null) field is kept; an empty bio or avatar_url clears it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "Profile changes: an absent or null field is kept; \"\" clears bio or avatar_url.")
    public record ProfilePatch(
            @Schema(pattern = "^[a-z0-9_]{3,30}$") @Nullable String username,
            @Schema(minLength = 1, maxLength = SocialRules.DISPLAY_NAME_MAX) @Nullable String displayName,
            @Schema(maxLength = SocialRules.BIO_MAX) @Nullable String bio,
            @Schema(maxLength = SocialRules.AVATAR_URL_MAX) @Nullable String avatarUrl) {
    }

    /** A profile; {@code created_at} epoch ms, counts of users. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(
            @Schema(requiredMode = RequiredMode.REQUIRED) String userId,
            @Schema(requiredMode = RequiredMode.REQUIRED) String username,
            @Schema(requiredMode = RequiredMode.REQUIRED) String displayName,
            @Nullable String bio, @Nullable String avatarUrl,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long followerCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long followingCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long createdAt,
            @Schema(minimum = "0", description = "invites left to give; only in the caller's own profile")
            @Nullable Integer invitesLeft,
            @Schema(description = "whether the caller follows this user; only in another user's profile "
                    + "(GET /users/{id})") @Nullable Boolean followedByMe) {
        /** The caller's own profile: with {@code invites_left}, without {@code followed_by_me}. */
        static Profile own(UserRow user) {
            return of(user, user.invitesLeft(), null);
        }

        /**
         * A user's profile as the caller sees it (the caller's own, seen through its id, as {@link #own}).
         *
         * @param followed asked only for another user's profile
         */
        static Profile seenBy(UserRow user, String callerId, BooleanSupplier followed) {
            return user.id().equals(callerId) ? own(user) : of(user, null, followed.getAsBoolean());
        }

        private static Profile of(UserRow user, @Nullable Integer invitesLeft, @Nullable Boolean followedByMe) {
            return new Profile(user.id(), user.username(), user.displayName(), user.bio(), user.avatarUrl(),
                    user.followerCount(), user.followingCount(), user.createdAt(), invitesLeft, followedByMe);
        }
    }

    /** {@code POST /users/me/invites}: a code for one sign-up. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Invite(@Schema(requiredMode = RequiredMode.REQUIRED, description = "pass as invite_code to POST /users")
                         String code) {
    }

    /** A page of users (followers or following), newest follow first. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserPage(@Schema(requiredMode = RequiredMode.REQUIRED) List<UserListItemBody> users,
                           @Schema(description = "pass as `cursor` for the next page (opaque, signed); absent on "
                                   + "the last page") @Nullable String nextCursor) {
    }

    /** One user of a list; {@code since} when the follow was made, epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserListItemBody(@Schema(requiredMode = RequiredMode.REQUIRED) String userId,
                                   @Schema(requiredMode = RequiredMode.REQUIRED) String username,
                                   @Schema(requiredMode = RequiredMode.REQUIRED) String displayName,
                                   @Nullable String avatarUrl,
                                   @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long since) {
        static UserListItemBody of(UserListItem item) {
            return new UserListItemBody(item.userId(), item.username(), item.displayName(), item.avatarUrl(), item.since());
        }
    }

    /** {@code PUT /users/me/following/topics/{slug}}: the interest weight. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "Interest in a topic; an absent body or weight means 1.")
    public record TopicInterest(@Schema(minimum = "0", exclusiveMinimum = true, maximum = "1",
            description = "in (0, 1], default 1") @Nullable Double weight) {
    }

    /** {@code POST /clubs}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "A club to create; its creator becomes its first admin. Unknown fields are ignored.")
    public record CreateClubRequest(
            @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = SocialRules.CLUB_NAME_MAX)
            @Nullable String name,
            @Schema(maxLength = SocialRules.CLUB_DESCRIPTION_MAX) @Nullable String description,
            @Schema(description = "slugs of GET /topics, at most 5 (setting roomcast.social.max-club-topics)")
            @Nullable List<String> topics,
            @Schema(defaultValue = "false", description = "true: joining takes an admin's approval") @JsonProperty("private") @Nullable Boolean private_,
            @Schema(maxLength = SocialRules.CLUB_RULES_MAX) @Nullable String rules) {
    }

    /** {@code PATCH /clubs/{id}}: an absent field is kept; "" clears description or rules. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "Club changes (admins only): an absent or null field is kept; \"\" clears description or rules.")
    public record ClubPatch(
            @Schema(minLength = 1, maxLength = SocialRules.CLUB_NAME_MAX) @Nullable String name,
            @Schema(maxLength = SocialRules.CLUB_DESCRIPTION_MAX) @Nullable String description,
            @Nullable List<String> topics,
            @JsonProperty("private") @Nullable Boolean private_,
            @Schema(maxLength = SocialRules.CLUB_RULES_MAX) @Nullable String rules) {
    }

    /** A club; {@code created_at} epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClubBody(
            @Schema(requiredMode = RequiredMode.REQUIRED) String clubId,
            @Schema(requiredMode = RequiredMode.REQUIRED) String name,
            @Nullable String description,
            @Schema(requiredMode = RequiredMode.REQUIRED) List<String> topics,
            @JsonProperty("private") @Schema(requiredMode = RequiredMode.REQUIRED) boolean private_,
            @Nullable String rules,
            @Schema(requiredMode = RequiredMode.REQUIRED) String createdBy,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long memberCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long createdAt,
            @Schema(description = "the caller's membership; only in GET /clubs/{id}", allowableValues = {"admin",
                    "moderator", "member", "requested", "none"}) @Nullable String membership,
            @Schema(description = "whether the caller follows the club; only in GET /clubs/{id}")
            @Nullable Boolean followedByMe) {
        static ClubBody of(ClubRow club) {
            return of(club, null, null);
        }

        /** The club as {@code GET /clubs/{id}} shows it to a caller with that relation. */
        static ClubBody seenWith(ClubRow club, SocialStore.ClubRelation relation) {
            return of(club, relation.membership(), relation.followed());
        }

        private static ClubBody of(ClubRow club, @Nullable String membership, @Nullable Boolean followedByMe) {
            return new ClubBody(club.id(), club.name(), club.description(), Arrays.asList(club.topics()), club.isPrivate(),
                    club.rules(), club.createdBy(), club.memberCount(), club.createdAt(), membership, followedByMe);
        }
    }

    /** {@code POST /clubs/{id}/join}: member (public club, or already a member) or requested (private club). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record JoinBody(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"member", "requested"})
                           String status) {
    }

    /** {@code PUT /clubs/{id}/members/{userId}/role}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RoleBody(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"admin", "moderator", "member"})
                           @Nullable String role) {
    }

    /** A page of members, earliest first. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberPage(@Schema(requiredMode = RequiredMode.REQUIRED) List<MemberBody> members,
                             @Nullable String nextCursor) {
    }

    /** A member; {@code joined_at} epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record MemberBody(@Schema(requiredMode = RequiredMode.REQUIRED) String userId,
                             @Schema(requiredMode = RequiredMode.REQUIRED) String username,
                             @Schema(requiredMode = RequiredMode.REQUIRED) String displayName,
                             @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"admin", "moderator", "member"})
                             String role,
                             @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long joinedAt) {
        static MemberBody of(MemberItem m) {
            return new MemberBody(m.userId(), m.username(), m.displayName(), m.role(), m.joinedAt());
        }
    }

    /** Pending join requests of a private club, oldest first. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record JoinRequests(@Schema(requiredMode = RequiredMode.REQUIRED) List<JoinRequestBody> requests) {
    }

    /** A pending join request; {@code requested_at} epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record JoinRequestBody(@Schema(requiredMode = RequiredMode.REQUIRED) String userId,
                                  @Schema(requiredMode = RequiredMode.REQUIRED) String username,
                                  @Schema(requiredMode = RequiredMode.REQUIRED) String displayName,
                                  @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long requestedAt) {
        static JoinRequestBody of(JoinRequestItem r) {
            return new JoinRequestBody(r.userId(), r.username(), r.displayName(), r.requestedAt());
        }
    }

    /** {@code GET /topics}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TopicList(@Schema(requiredMode = RequiredMode.REQUIRED) List<TopicBody> topics) {
    }

    /** A topic of the catalog: slug {@code <category>.<name>}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TopicBody(@Schema(requiredMode = RequiredMode.REQUIRED) String slug,
                            @Schema(requiredMode = RequiredMode.REQUIRED) String category,
                            @Schema(requiredMode = RequiredMode.REQUIRED) String name) {
        static TopicBody of(TopicItem t) {
            return new TopicBody(t.slug(), t.category(), t.name());
        }
    }
}
