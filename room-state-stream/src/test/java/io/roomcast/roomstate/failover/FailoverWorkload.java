package io.roomcast.roomstate.failover;

import io.roomcast.events.AcceptHand;
import io.roomcast.events.AcceptInvite;
import io.roomcast.events.Ban;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.DeclineInvite;
import io.roomcast.events.Demote;
import io.roomcast.events.DenyHand;
import io.roomcast.events.HandRequest;
import io.roomcast.events.InviteSpeaker;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Mute;
import io.roomcast.events.MuteAll;
import io.roomcast.events.Participant;
import io.roomcast.events.Promote;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.Role;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Unmute;
import io.roomcast.events.Visibility;
import io.roomcast.roomstate.core.SocialGraph;
import io.roomcast.roomstate.core.Decision;
import io.roomcast.roomstate.core.RoomLimits;
import io.roomcast.roomstate.core.RoomStateMachine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * The fail-over test's workload and what the reference model expects from it.
 *
 * <p>Rooms {@code fo-<run>-<n>}, each with a host (creator, moderator) and seven guests of its own
 * (no user is in two rooms, so presence never issues room switches). Command k of every room is
 * in {@link #steps()}{@code .get(k)}: a CreateRoom, seven JoinRooms, then a seeded random mix of hand
 * raises, accepts, denies, mutes, invitations, promotions, leaves, rejoins, kicks and bans, some of
 * which the rules reject. Each command is chosen while the reference {@link RoomStateMachine} runs
 * along, so most of them apply.
 *
 * <p>Nothing the checks compare depends on time: the host never leaves and is never demoted (no
 * moderator hand-over by speaker seniority), the hand queue is kept in request order, and the
 * descriptions of facts and snapshots leave out every timestamp field. Fact and snapshot event ids
 * are derived from the command's eventId, so the expected ones are exact.
 */
final class FailoverWorkload {
    /** Guests per room, besides the host. */
    static final int GUESTS = 7;
    /** Speaker seats per room (room setting), small enough for some SPEAKER_LIMIT rejections. */
    static final int SPEAKER_LIMIT = 4;

    private static final Instant BASE = Instant.parse("2025-06-01T12:00:00Z");

    private final List<List<RoomCommand>> steps;
    private final Map<String, List<String>> expectedFacts;
    private final Map<String, RoomSnapshot> expectedStates;
    private final int rejections;

    private FailoverWorkload(List<List<RoomCommand>> steps, Map<String, List<String>> expectedFacts,
                             Map<String, RoomSnapshot> expectedStates, int rejections) {
        this.steps = steps;
        this.expectedFacts = expectedFacts;
        this.expectedStates = expectedStates;
        this.rejections = rejections;
    }

    /**
     * @param run             unique per test run: part of every room, user, nonce and command id
     * @param rooms           number of rooms
     * @param commandsPerRoom commands per room (at least 1 + {@link #GUESTS})
     * @param seed            seed of the random mix
     */
    static FailoverWorkload generate(String run, int rooms, int commandsPerRoom, long seed) {
        RoomStateMachine reference = new RoomStateMachine(RoomLimits.DEFAULTS);
        Random random = new Random(seed);
        List<List<RoomCommand>> steps = new ArrayList<>();
        for (int k = 0; k < commandsPerRoom; k++) {
            steps.add(new ArrayList<>());
        }
        Map<String, List<String>> expectedFacts = new LinkedHashMap<>();
        Map<String, RoomSnapshot> expectedStates = new LinkedHashMap<>();
        int rejections = 0;
        for (int r = 0; r < rooms; r++) {
            String roomId = "fo-" + run + "-" + r;
            String host = "host-" + run + "-" + r;
            List<String> guests = new ArrayList<>();
            for (int g = 1; g <= GUESTS; g++) {
                guests.add("guest" + g + "-" + run + "-" + r);
            }
            RoomSnapshot state = null;
            for (int k = 0; k < commandsPerRoom; k++) {
                Move move = k == 0 ? new Move(host, new CreateRoom(details(r)))
                    : k <= GUESTS ? new Move(guests.get(k - 1), new JoinRoom())
                    : randomMove(random, host, guests, state);
                RoomCommand command = command(run, roomId, k, move);
                Decision decision = reference.decide(state, command, SocialGraph.NONE, BASE.plusSeconds(r * 1000L + k));
                if (decision.facts().isEmpty()) {
                    throw new IllegalStateException("the reference gave no fact for " + command);
                }
                if (decision.rejection() != null) {
                    rejections++;
                }
                expectedFacts.put(command.getEventId().toString(), decision.facts().stream().map(FailoverWorkload::describe).toList());
                state = decision.state();
                steps.get(k).add(command);
            }
            expectedStates.put(roomId, state);
        }
        return new FailoverWorkload(steps, expectedFacts, expectedStates, rejections);
    }

    /** Command k of every room, at index k. */
    List<List<RoomCommand>> steps() {
        return steps;
    }

    int commandCount() {
        return expectedFacts.size();
    }

    /** @return how many of the commands the reference rejects */
    int rejections() {
        return rejections;
    }

    /** The expected facts of each command (by command eventId), described by {@link #describe}, in order. */
    Map<String, List<String>> expectedFacts() {
        return expectedFacts;
    }

    /** The expected last snapshot of each room (by room id). */
    Map<String, RoomSnapshot> expectedStates() {
        return expectedStates;
    }

    /**
     * A record as text, every field but timestamps (logical type timestamp-millis), nested records
     * and arrays included, e.g. {@code RoomEvent{eventId=..., fact=RoleChanged{participantId=u, from=LISTENER, to=SPEAKER}}}.
     */
    static String describe(IndexedRecord record) {
        return describe(record, record.getSchema());
    }

    private static String describe(Object value, Schema schema) {
        if (value == null) {
            return "null";
        }
        return switch (schema.getType()) {
            case UNION -> describe(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                StringBuilder text = new StringBuilder(schema.getName()).append('{');
                String separator = "";
                for (Schema.Field field : schema.getFields()) {
                    if (isTimestamp(field.schema())) {
                        continue;
                    }
                    text.append(separator).append(field.name()).append('=')
                        .append(describe(record.get(field.pos()), field.schema()));
                    separator = ", ";
                }
                yield text.append('}').toString();
            }
            case ARRAY -> ((Collection<?>) value).stream().map(v -> describe(v, schema.getElementType())).toList().toString();
            default -> String.valueOf(value);
        };
    }

    private static boolean isTimestamp(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().anyMatch(FailoverWorkload::isTimestamp);
        }
        return schema.getLogicalType() != null && schema.getLogicalType().getName().equals("timestamp-millis");
    }

    private record Move(String actor, Object intent) {
    }

    private static RoomDetails details(int room) {
        return new RoomDetails("Fail-over room " + room, "failover", Visibility.PUBLIC, null,
            new RoomSettings(true, null, SPEAKER_LIMIT, false), null);
    }

    private static RoomCommand command(String run, String roomId, int index, Move move) {
        String nonce = "n-" + run + "-" + roomId + "-" + index;
        return RoomCommand.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes(nonce.getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(BASE)
            .setRoomId(roomId)
            .setUserId(move.actor())
            .setNonce(nonce)
            .setSessionId(null)
            .setCommand(move.intent())
            .build();
    }

    /** A command chosen with the room's current state in view; the host is never removed nor demoted. */
    private static Move randomMove(Random random, String host, List<String> guests, RoomSnapshot state) {
        String guest = guests.get(random.nextInt(guests.size()));
        List<String> hands = state.getHandQueue().stream().map(HandRequest::getUserId).toList();
        List<String> present = guestsWhere(state, host, p -> true);
        List<String> listeners = guestsWhere(state, host, p -> p.getRole() == Role.LISTENER);
        List<String> speakers = guestsWhere(state, host, p -> p.getRole() == Role.SPEAKER || p.getRole() == Role.MODERATOR);
        List<String> invited = guestsWhere(state, host, p -> p.getRole() == Role.INVITED_SPEAKER);
        List<String> absent = guests.stream().filter(g -> !present.contains(g)).toList();
        int roll = random.nextInt(100);
        if (roll < 14) {
            return new Move(pick(random, listeners, guest), new RaiseHand());
        } else if (roll < 24) {
            String target = !hands.isEmpty() && random.nextInt(4) > 0 ? hands.getFirst() : guest;
            return new Move(host, new AcceptHand(target));
        } else if (roll < 28) {
            return new Move(host, new DenyHand(hands.isEmpty() ? guest : hands.getLast()));
        } else if (roll < 32) {
            return new Move(pick(random, hands, guest), new LowerHand());
        } else if (roll < 40) {
            String target = pick(random, speakers, guest);
            return new Move(random.nextBoolean() ? host : target, new Mute(target));
        } else if (roll < 45) {
            String target = pick(random, speakers, guest);
            return new Move(target, new Unmute(target));
        } else if (roll < 50) {
            return new Move(host, new InviteSpeaker(pick(random, listeners, guest)));
        } else if (roll < 55) {
            return new Move(pick(random, invited, guest), random.nextBoolean() ? new AcceptInvite() : new DeclineInvite());
        } else if (roll < 59) {
            return new Move(host, new Promote(pick(random, speakers, guest)));
        } else if (roll < 63) {
            return new Move(host, new Demote(pick(random, speakers, guest)));
        } else if (roll < 71) {
            return new Move(pick(random, present, guest), new LeaveRoom(LeaveReason.LEFT));
        } else if (roll < 82) {
            return new Move(pick(random, absent, guest), new JoinRoom());
        } else if (roll < 86) {
            return new Move(host, new Kick(guest));
        } else if (roll < 89) {
            return new Move(host, new Ban(guest));
        } else if (roll < 93) {
            return new Move(host, new MuteAll());
        } else {
            // Usually NOT_MODERATOR, unless that guest was promoted.
            return new Move(guest, new AcceptHand(pick(random, hands, guest)));
        }
    }

    private static List<String> guestsWhere(RoomSnapshot state, String host, Predicate<Participant> filter) {
        return state.getParticipants().stream()
            .filter(p -> !p.getUserId().equals(host) && filter.test(p))
            .map(Participant::getUserId)
            .toList();
    }

    /** A random element of candidates, or the fallback if there is none (mostly a rejected command then). */
    private static String pick(Random random, List<String> candidates, String fallback) {
        return candidates.isEmpty() ? fallback : candidates.get(random.nextInt(candidates.size()));
    }

    /** For messages: the room's participants as {@code user:ROLE[:muted]}, hand queue and bans. */
    static String summary(RoomSnapshot state) {
        if (state == null) {
            return "(no snapshot)";
        }
        return "v" + state.getVersion() + " participants=" + state.getParticipants().stream()
            .map(p -> p.getUserId() + ":" + p.getRole() + (p.getMuted() ? ":muted" : "")).toList()
            + " hands=" + state.getHandQueue().stream().map(HandRequest::getUserId).toList()
            + " banned=" + state.getBannedUserIds();
    }
}
