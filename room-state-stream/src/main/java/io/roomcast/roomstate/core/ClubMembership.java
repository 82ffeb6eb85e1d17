package io.roomcast.roomstate.core;

/** Who belongs to which club, as materialized from the social-graph topic. */
@FunctionalInterface
public interface ClubMembership {
    /** A directory with no members at all. */
    ClubMembership NONE = (userId, clubId) -> false;

    /** @return true if {@code userId} is an active member (or moderator) of club {@code clubId} */
    boolean isMember(String userId, String clubId);
}
