package io.roomcast.social.core;

import io.roomcast.schemas.validation.TextRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of the user/club API, pure (no I/O): what a valid username, profile and club look like, who may
 * follow whom, who may decide on join requests, change roles or leave, and what a block ends. Every
 * method either returns or throws {@link Refusal}; a refused request changes nothing.
 *
 * @param limits the API's limits (settings {@code roomcast.social.*})
 */
public record SocialRules(SocialLimits limits) {
    /** Usernames: 3 to 30 characters of {@code [a-z0-9_]}. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{3,30}");
    /** Longest display name, code points (and 3 bytes of UTF-8 each). */
    public static final int DISPLAY_NAME_MAX = 50;
    /** Longest bio, code points. */
    public static final int BIO_MAX = 300;
    /** Longest avatar URL, characters. */
    public static final int AVATAR_URL_MAX = 500;
    /** Longest club name, code points. */
    public static final int CLUB_NAME_MAX = 80;
    /** Longest club description, code points. */
    public static final int CLUB_DESCRIPTION_MAX = 1000;
    /** Longest club rules, code points. */
    public static final int CLUB_RULES_MAX = 2000;

    private static final TextRules DISPLAY_NAME = new TextRules("display_name", DISPLAY_NAME_MAX, DISPLAY_NAME_MAX * 3);
    private static final TextRules BIO = new TextRules("bio", BIO_MAX, BIO_MAX * 3);
    private static final TextRules CLUB_NAME = new TextRules("name", CLUB_NAME_MAX, CLUB_NAME_MAX * 3);
    private static final TextRules CLUB_DESCRIPTION = new TextRules("description", CLUB_DESCRIPTION_MAX, CLUB_DESCRIPTION_MAX * 3);
    private static final TextRules CLUB_RULES = new TextRules("rules", CLUB_RULES_MAX, CLUB_RULES_MAX * 3);

    /** @throws Refusal (INVALID) unless username is 3 to 30 characters of {@code [a-z0-9_]} */
    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw Refusal.invalid("username must be 3 to 30 characters of a-z, 0-9 and _");
        }
        return username;
    }

    /** @throws Refusal (INVALID) unless a display name by the text rules, at most 50 code points */
    public static String displayName(String name) {
        return text(DISPLAY_NAME, name);
    }

    /** @return null for null; @throws Refusal (INVALID) unless a bio by the text rules, at most 300 code points */
    public static String bio(String bio) {
        return bio == null ? null : text(BIO, bio);
    }

    /**
     * @return null for null
     * @throws Refusal (INVALID) unless an absolute {@code https} URL with a host, at most 500 characters,
     *                 no white space or control characters
     */
    public static String avatarUrl(String url) {
        if (url == null) {
            return null;
        }
        if (url.length() > AVATAR_URL_MAX || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw Refusal.invalid("avatar_url must be an https URL of at most " + AVATAR_URL_MAX + " characters");
        }
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw Refusal.invalid("avatar_url must be an https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw Refusal.invalid("avatar_url is not a URL");
        }
        return url;
    }

    /** @throws Refusal (INVALID) unless a club name by the text rules, at most 80 code points */
    public static String clubName(String name) {
        return text(CLUB_NAME, name);
    }

    /** @return null for null; @throws Refusal (INVALID) unless at most 1000 code points by the text rules */
    public static String clubDescription(String description) {
        return description == null ? null : text(CLUB_DESCRIPTION, description);
    }

    /** @return null for null; @throws Refusal (INVALID) unless at most 2000 code points by the text rules */
    public static String clubRules(String rules) {
        return rules == null ? null : text(CLUB_RULES, rules);
    }

    /**
     * @param topics topic slugs (their existence is checked against the catalog by the caller)
     * @return them without repeats, in order; empty for null
     * @throws Refusal (INVALID) for more than {@link SocialLimits#maxClubTopics()} distinct slugs or a null slug
     */
    public List<String> clubTopics(List<String> topics) {
        if (topics == null) {
            return List.of();
        }
        if (topics.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw Refusal.invalid("topics must be topic slugs of GET /topics");
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(topics));
        if (distinct.size() > limits.maxClubTopics()) {
            throw Refusal.invalid("a club has at most " + limits.maxClubTopics() + " topics");
        }
        return distinct;
    }

    /**
     * A topic interest weight: null means 1.
     *
     * @throws Refusal (INVALID) unless in (0, 1]
     */
    public static double topicWeight(Double weight) {
        if (weight == null) {
            return 1.0;
        }
        if (!(weight > 0 && weight <= 1)) {
            throw Refusal.invalid("weight must be in (0, 1]");
        }
        return weight;
    }

    /**
     * Following or blocking another user.
     *
     * @throws Refusal (INVALID) when the user names themselves
     */
    public static void notSelf(String userId, String targetId, String action) {
        if (userId.equals(targetId)) {
            throw Refusal.invalid("you cannot " + action + " yourself");
        }
    }

    /**
     * A follow of a user is refused while either blocks the other.
     *
     * @param blockedEitherWay whether the follower blocks the target or the target blocks the follower
     * @throws Refusal (FORBIDDEN) if blocked
     */
    public static void mayFollow(boolean blockedEitherWay) {
        if (blockedEitherWay) {
            throw Refusal.forbidden("blocked: one of you blocks the other");
        }
    }

    /**
     * The follows a block of {@code blocked} by {@code blocker} ends: both directions.
     *
     * @return (follower, followee) pairs
     */
    public static List<List<String>> followsEndedByBlock(String blocker, String blocked) {
        return List.of(List.of(blocker, blocked), List.of(blocked, blocker));
    }

    /**
     * Approving or denying a join request, or changing a member's role: admins only.
     *
     * @param actorRole the caller's role in the club, empty if not a member
     * @throws Refusal (FORBIDDEN) unless the caller is an admin of the club
     */
    public static void mustBeAdmin(Optional<ClubRole> actorRole, String action) {
        if (actorRole.orElse(null) != ClubRole.ADMIN) {
            throw Refusal.forbidden("only a club admin may " + action);
        }
    }

    /**
     * A club keeps at least one admin: demoting or removing its last admin is refused.
     *
     * @param currentRole the member's role now
     * @param newRole     the role after the change, empty when the member leaves
     * @param admins      the club's admins now (count)
     * @throws Refusal (CONFLICT) if the change would leave the club without an admin
     */
    public static void keepsAnAdmin(ClubRole currentRole, Optional<ClubRole> newRole, long admins) {
        if (currentRole == ClubRole.ADMIN && newRole.orElse(null) != ClubRole.ADMIN && admins <= 1) {
            throw Refusal.conflict("a club needs an admin: make another member admin first");
        }
    }

    /**
     * Sign-up in invite-only mode needs an unused invite; without it, none.
     *
     * @param inviteCode the code given at sign-up, may be null
     * @return whether an invite must be redeemed
     * @throws Refusal (FORBIDDEN) when invites are required and none was given
     */
    public boolean needsInvite(String inviteCode) {
        if (limits.inviteOnly() && (inviteCode == null || inviteCode.isBlank())) {
            throw Refusal.forbidden("sign-up is by invitation: invite_code required");
        }
        return limits.inviteOnly();
    }

    /**
     * @param invitesLeft the inviter's remaining invites
     * @throws Refusal (FORBIDDEN) when none is left
     */
    public static void mayInvite(int invitesLeft) {
        if (invitesLeft <= 0) {
            throw Refusal.forbidden("no invites left");
        }
    }

    /**
     * @param limit the requested page size, null for the default
     * @return the page size
     * @throws Refusal (INVALID) outside 1 to {@link SocialLimits#pageMaxLimit()}
     */
    public int pageSize(Integer limit) {
        if (limit == null) {
            return limits.pageDefaultLimit();
        }
        if (limit < 1 || limit > limits.pageMaxLimit()) {
            throw Refusal.invalid("limit must be 1 to " + limits.pageMaxLimit());
        }
        return limit;
    }

    private static String text(TextRules rules, String value) {
        if (value == null) {
            throw Refusal.invalid(rules.field() + " is required");
        }
        rules.violation(value).ifPresent(problem -> {
            throw Refusal.invalid(problem);
        });
        return value;
    }
}
