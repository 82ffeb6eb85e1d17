package io.roomcast.schemas.validation;

import io.roomcast.events.HandRequest;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules a record of a Roomcast topic must meet beyond its Avro schema, in one place: producers
 * call {@link #requireValid} before writing, consumers {@link #violation} after decoding, so a
 * limit holds whoever writes the record.
 *
 * <ul>
 *   <li>Ids (room, user, participant, target, club, creator) meet {@link IdRules}: non-empty, at most
 *       {@link RecordLimits#maxIdChars()} characters, no control, format (bidirectional, zero-width)
 *       or space character; a session id and a command id at most that long.</li>
 *   <li>A command's nonce is non-empty and at most {@link RecordLimits#maxNonceChars()}; a fact's or
 *       snapshot's nonce at most that.</li>
 *   <li>Required fields (eventId, occurredAt, the command or fact, a snapshot's details) are set.</li>
 *   <li>A presence heartbeat names a user and a session; a gateway node's tick (no user, see
 *       {@code PresenceTicks}) names no session, room or client time, only its node.</li>
 * </ul>
 * Values of other types (rankings, notifications, dead letters) have no rules beyond their schema yet.
 * Text rules for titles and topics are not here (issue 11, "Input hygiene").
 */
public final class RecordValidator {
    /** The validator with the platform's limits. */
    public static final RecordValidator DEFAULT = new RecordValidator(RecordLimits.DEFAULT);

    private static final String TARGET = "targetUserId";
    private static final String PARTICIPANT = "participantId";

    private final RecordLimits limits;

    public RecordValidator(RecordLimits limits) {
        this.limits = limits;
    }

    /**
     * @param record a decoded or about-to-be-written value
     * @return why it is invalid (e.g. {@code userId is empty}), or null if it is valid
     */
    public String violation(SpecificRecord record) {
        return switch (record) {
            case null -> "no value";
            case RoomCommand c -> command(c);
            case RoomEvent e -> event(e);
            case RoomSnapshot s -> snapshot(s);
            case PresenceHeartbeat h -> heartbeat(h);
            case SocialEdge e -> edge(e);
            default -> null;
        };
    }

    /**
     * For producers: the record itself if it is valid.
     *
     * @throws IllegalArgumentException with the violation, if it is not
     */
    public <T extends SpecificRecord> T requireValid(T record) {
        String violation = violation(record);
        if (violation != null) {
            throw new IllegalArgumentException("invalid " + (record == null ? "record" : record.getSchema().getName())
                + ": " + violation);
        }
        return record;
    }

    private String command(RoomCommand c) {
        return first(
            envelope(c.getEventId(), c.getOccurredAt()),
            id("roomId", c.getRoomId()),
            id("userId", c.getUserId()),
            bounded("nonce", c.getNonce(), limits.maxNonceChars(), false),
            bounded("sessionId", c.getSessionId(), limits.maxIdChars(), true),
            c.getCommand() == null ? "command is missing" : null,
            c.getCommand() instanceof SpecificRecord payload ? payload(payload) : null);
    }

    private String payload(SpecificRecord payload) {
        Schema.Field target = payload.getSchema().getField(TARGET);
        String targetViolation = target == null ? null : id(TARGET, (CharSequence) payload.get(target.pos()));
        Schema.Field details = payload.getSchema().getField("details");
        return first(targetViolation, details == null ? null : details((RoomDetails) payload.get(details.pos())));
    }

    private String details(RoomDetails details) {
        if (details == null) {
            return "details are missing";
        }
        return first(details.getTitle() == null ? "title is missing" : null,
            details.getVisibility() == null ? "visibility is missing" : null,
            details.getSettings() == null ? "settings are missing" : null,
            optionalId("clubId", details.getClubId()));
    }

    private String event(RoomEvent e) {
        String factViolation = null;
        if (e.getFact() == null) {
            factViolation = "fact is missing";
        } else if (e.getFact() instanceof SpecificRecord fact) {
            Schema.Field participant = fact.getSchema().getField(PARTICIPANT);
            factViolation = participant == null ? null : id(PARTICIPANT, (CharSequence) fact.get(participant.pos()));
        }
        return first(
            envelope(e.getEventId(), e.getOccurredAt()),
            id("roomId", e.getRoomId()),
            optionalId("userId", e.getUserId()),
            bounded("nonce", e.getNonce(), limits.maxNonceChars(), true),
            bounded("commandId", e.getCommandId(), limits.maxIdChars(), true),
            factViolation);
    }

    private String snapshot(RoomSnapshot s) {
        return first(
            envelope(s.getEventId(), s.getOccurredAt()),
            id("roomId", s.getRoomId()),
            optionalId("userId", s.getUserId()),
            bounded("nonce", s.getNonce(), limits.maxNonceChars(), true),
            id("createdBy", s.getCreatedBy()),
            details(s.getDetails()),
            s.getLifecycle() == null ? "lifecycle is missing" : null,
            participants(s.getParticipants()),
            hands(s.getHandQueue()),
            s.getJoinRequests() == null ? "joinRequests are missing"
                : ids("joinRequests.userId", s.getJoinRequests().stream().map(JoinRequest::getUserId).toList()),
            ids("invitedUserIds", s.getInvitedUserIds()),
            ids("bannedUserIds", s.getBannedUserIds()));
    }

    /** A user's heartbeat, or a gateway node's tick (no user: no session, room or client time either). */
    private String heartbeat(PresenceHeartbeat h) {
        if (h.getUserId() == null) {
            return first(
                envelope(h.getEventId(), h.getOccurredAt()),
                h.getSessionId() != null || h.getRoomId() != null || h.getClientTime() != null
                    ? "a tick (no userId) names a sessionId, roomId or clientTime" : null,
                bounded("gatewayNode", h.getGatewayNode(), limits.maxGatewayChars(), false));
        }
        return first(
            envelope(h.getEventId(), h.getOccurredAt()),
            id("userId", h.getUserId()),
            optionalId("roomId", h.getRoomId()),
            bounded("sessionId", h.getSessionId(), limits.maxIdChars(), false),
            bounded("gatewayNode", h.getGatewayNode(), limits.maxGatewayChars(), false));
    }

    private String edge(SocialEdge e) {
        return first(
            envelope(e.getEventId(), e.getOccurredAt()),
            id("userId", e.getUserId()),
            id("targetId", e.getTargetId()),
            bounded("nonce", e.getNonce(), limits.maxNonceChars(), true));
    }

    private String participants(List<Participant> participants) {
        if (participants == null) {
            return "participants are missing";
        }
        for (Participant p : participants) {
            String violation = p == null ? "a participant is missing" : id("participants.userId", p.getUserId());
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private String hands(List<HandRequest> hands) {
        if (hands == null) {
            return "handQueue is missing";
        }
        for (HandRequest h : hands) {
            String violation = h == null ? "a hand request is missing" : id("handQueue.userId", h.getUserId());
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private String ids(String name, List<? extends CharSequence> ids) {
        if (ids == null) {
            return name + " are missing";
        }
        for (CharSequence id : ids) {
            String violation = id(name, id);
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    private static String envelope(Object eventId, Object occurredAt) {
        return eventId == null ? "eventId is missing" : occurredAt == null ? "occurredAt is missing" : null;
    }

    private String id(String name, CharSequence value) {
        return IdRules.violation(name, value, limits.maxIdChars());
    }

    private String optionalId(String name, CharSequence value) {
        return value == null ? null : id(name, value);
    }

    /** A text of at most {@code max} chars; empty only if {@code mayBeEmpty}; null only if {@code optional}. */
    private static String bounded(String name, CharSequence value, int max, boolean optional) {
        if (value == null) {
            return optional ? null : name + " is missing";
        }
        if (value.isEmpty() && !optional) {
            return name + " is empty";
        }
        if (value.length() > max) {
            return name + " is " + value.length() + " characters, more than " + max;
        }
        return null;
    }

    private static String first(String... violations) {
        for (String v : violations) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
