package io.roomcast.roomstate.core;

/**
 * What the room rules need from the social graph, as materialized from the social-graph topic
 * (schemas' SocialEdge: the latest record per edge wins, {@code active=false} ends an edge). Pure
 * reads; implementations answer from a local copy of the graph and never block on I/O.
 */
public interface SocialGraph {
    /** A graph with no edges at all: nobody is a member, follows or blocks anyone. */
    SocialGraph NONE = new SocialGraph() {
        @Override
        public boolean isMember(String userId, String clubId) {
            return false;
        }

        @Override
        public boolean follows(String userId, String targetUserId) {
            return false;
        }

        @Override
        public boolean blocks(String userId, String targetUserId) {
            return false;
        }
    };

    /** @return true if {@code userId} is an active member of club {@code clubId} (an active MEMBER edge) */
    boolean isMember(String userId, String clubId);

    /** @return true if {@code userId} follows user {@code targetUserId} (an active FOLLOWS edge to a USER) */
    boolean follows(String userId, String targetUserId);

    /** @return true if {@code userId} blocks user {@code targetUserId} (an active BLOCKS edge to a USER) */
    boolean blocks(String userId, String targetUserId);
}
