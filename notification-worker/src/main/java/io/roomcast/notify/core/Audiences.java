package io.roomcast.notify.core;

import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;

/**
 * Audiences of the fan-out, from the social graph: a user's followers ({@code USER:<id>}), a club's members and
 * followers ({@code CLUB:<id>}), the users who asked to be reminded before a scheduled room starts
 * ({@code ROOM:<id>}, their REMINDS edges). Each edge is kept under {@code <audience>|<member>|<relation>}, so an audience is
 * one prefix scan ({@link #prefix}).
 */
public final class Audiences {
    private Audiences() {}

    /**
     * The audience an edge puts its user in, or null when the edge makes no one an audience member (topics, blocks,
     * club roles other than MEMBER, a user's MEMBER edge, a room's HIDES edge).
     */
    public static String audienceOf(SocialEdge edge) {
        SocialRelation relation = edge.getRelation();
        if (edge.getTargetType() == SocialTargetType.USER && relation == SocialRelation.FOLLOWS) {
            return Routed.userAudience(edge.getTargetId());
        }
        if (edge.getTargetType() == SocialTargetType.CLUB
            && (relation == SocialRelation.FOLLOWS || relation == SocialRelation.MEMBER)) {
            return Routed.clubAudience(edge.getTargetId());
        }
        if (edge.getTargetType() == SocialTargetType.ROOM && relation == SocialRelation.REMINDS) {
            return Routed.roomAudience(edge.getTargetId());
        }
        return null;
    }

    /** The store key of an audience member: {@code <audience>|<member>|<relation>}. */
    public static String memberKey(String audience, String member, SocialRelation relation) {
        return prefix(audience) + member + "|" + relation;
    }

    /** The prefix of every member key of an audience. */
    public static String prefix(String audience) {
        return audience + "|";
    }

    /** The member named by a member key. */
    public static String memberOf(String memberKey) {
        int start = memberKey.indexOf('|') + 1;
        return memberKey.substring(start, memberKey.indexOf('|', start));
    }

    /**
     * The candidate for one audience member, or null when the member is the actor (no one is told of their own
     * room) or the audience is limited to one relation ({@link NotifyWork#getRelation()}: MEMBER for a CLUB-only
     * room, whose club's followers may not join) that the member's edge is not.
     *
     * @param memberKey the member's store key ({@link #memberKey})
     */
    public static NotifyWork candidate(NotifyWork audience, String memberKey) {
        String member = memberOf(memberKey);
        if (member.equals(audience.getActorId())
            || (audience.getRelation() != null && !memberKey.endsWith("|" + audience.getRelation()))) {
            return null;
        }
        return NotifyWork.newBuilder(audience).setStep(NotifyStep.CANDIDATE).setRelation(null).build();
    }
}
