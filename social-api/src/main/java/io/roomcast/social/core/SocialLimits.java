package io.roomcast.social.core;

/**
 * The limits of the user/club API (settings {@code roomcast.social.*}, application.yml).
 *
 * @param inviteOnly        whether sign-up needs an invite code ({@code roomcast.social.invite-only}, default false)
 * @param invitesPerUser    invites each user gets at sign-up ({@code roomcast.social.invites-per-user}, default 5)
 * @param maxClubTopics     topics a club may list at most ({@code roomcast.social.max-club-topics}, default 5)
 * @param pageDefaultLimit  page size of lists without {@code limit} ({@code roomcast.social.page-default-limit}, 20)
 * @param pageMaxLimit      largest {@code limit} ({@code roomcast.social.page-max-limit}, default 100)
 */
public record SocialLimits(boolean inviteOnly, int invitesPerUser, int maxClubTopics, int pageDefaultLimit,
                           int pageMaxLimit) {
    /** @throws IllegalArgumentException for a negative or zero limit, or a default above the largest */
    public SocialLimits {
        if (invitesPerUser < 0 || maxClubTopics < 0 || pageDefaultLimit < 1 || pageMaxLimit < pageDefaultLimit) {
            throw new IllegalArgumentException("invalid roomcast.social limits");
        }
    }
}
