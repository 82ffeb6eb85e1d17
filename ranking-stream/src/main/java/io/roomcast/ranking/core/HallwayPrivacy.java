package io.roomcast.ranking.core;

import io.roomcast.events.Visibility;

/**
 * Whether a room may appear in a viewer's hallway at all (issue 13: private, blocked and hidden rooms
 * never; a SOCIAL or club room only to those who may join it). Pure; the facts come through two small
 * interfaces.
 *
 * <p>Rule, in order: a room the viewer hid, whose host blocked the viewer or is blocked by the viewer,
 * or that banned the viewer, never appears; PRIVATE never; PUBLIC always; CLUB only to the club's
 * members; SOCIAL ("friends-only") only to its host, the users the host follows and the users invited
 * to it (room-state-stream's join rule); any visibility this rule does not know never, until its rule is
 * written here: fail closed. A room that asks for approval ({@code approvalRequired}) is listed as its
 * visibility says: anyone it lists may ask to join.
 */
public final class HallwayPrivacy {
    private HallwayPrivacy() {}

    /** What the rule needs of a room. */
    public interface RoomFacts {
        String roomId();

        Visibility visibility();

        /** The hosting club, or null. */
        String clubId();

        /** The room's creator. */
        String hostId();

        /** True if {@code userId} is banned from the room. */
        boolean banned(String userId);

        /** True if {@code userId} is invited to the room. */
        boolean invited(String userId);
    }

    /** What the rule needs of a viewer. */
    public interface ViewerFacts {
        String userId();

        boolean memberOf(String clubId);

        /** True if either of the viewer and {@code userId} blocks the other (a BLOCKS edge). */
        boolean blockedWith(String userId);

        /** True if the viewer hid this room from their hallway. */
        boolean hid(String roomId);

        /** True if {@code userId} follows the viewer (a FOLLOWS edge of a USER). */
        boolean followedBy(String userId);
    }

    /** @return true if {@code room} may be listed in {@code viewer}'s hallway */
    public static boolean mayAppear(RoomFacts room, ViewerFacts viewer) {
        if (viewer.hid(room.roomId()) || viewer.blockedWith(room.hostId()) || room.banned(viewer.userId())) {
            return false;
        }
        return switch (room.visibility()) {
            case PUBLIC -> true;
            case PRIVATE -> false;
            case CLUB -> room.clubId() != null && viewer.memberOf(room.clubId());
            case SOCIAL -> viewer.userId().equals(room.hostId()) || viewer.followedBy(room.hostId())
                || room.invited(viewer.userId());
            case null, default -> false;
        };
    }
}
