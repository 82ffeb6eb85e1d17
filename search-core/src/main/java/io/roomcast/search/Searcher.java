package io.roomcast.search;

import java.util.Set;

/**
 * Who searches, as far as the results depend on it (read by the gateway from the user/club API's database).
 *
 * @param userId    the caller
 * @param followees users the caller follows (boost: rooms where they speak or host)
 * @param followers users who follow the caller (SOCIAL rooms of a host who follows the caller are visible)
 * @param blocked   users the caller blocked or who blocked the caller: never returned, nor their rooms
 * @param clubs     clubs the caller is a member of (their CLUB rooms are visible)
 */
public record Searcher(String userId, Set<String> followees, Set<String> followers, Set<String> blocked,
                       Set<String> clubs) {

    public Searcher {
        followees = Set.copyOf(followees);
        followers = Set.copyOf(followers);
        blocked = Set.copyOf(blocked);
        clubs = Set.copyOf(clubs);
    }
}
