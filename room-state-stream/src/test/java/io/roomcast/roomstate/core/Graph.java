package io.roomcast.roomstate.core;

import java.util.HashSet;
import java.util.Set;

/** A social graph held in memory for the pure rules' tests: add edges, the rules read them. */
final class Graph implements SocialGraph {
    private final Set<String> members = new HashSet<>();
    private final Set<String> follows = new HashSet<>();
    private final Set<String> blocks = new HashSet<>();

    Graph member(String userId, String clubId) {
        members.add(userId + "|" + clubId);
        return this;
    }

    Graph follow(String userId, String targetUserId) {
        follows.add(userId + "|" + targetUserId);
        return this;
    }

    Graph unfollow(String userId, String targetUserId) {
        follows.remove(userId + "|" + targetUserId);
        return this;
    }

    Graph block(String userId, String targetUserId) {
        blocks.add(userId + "|" + targetUserId);
        return this;
    }

    @Override
    public boolean isMember(String userId, String clubId) {
        return members.contains(userId + "|" + clubId);
    }

    @Override
    public boolean follows(String userId, String targetUserId) {
        return follows.contains(userId + "|" + targetUserId);
    }

    @Override
    public boolean blocks(String userId, String targetUserId) {
        return blocks.contains(userId + "|" + targetUserId);
    }
}
