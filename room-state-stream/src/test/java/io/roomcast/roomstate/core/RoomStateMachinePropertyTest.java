package io.roomcast.roomstate.core;

import static io.roomcast.roomstate.core.Commands.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.AcceptHand;
import io.roomcast.events.AcceptInvite;
import io.roomcast.events.Ban;
import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.CommandOutcome;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.DeclineInvite;
import io.roomcast.events.Demote;
import io.roomcast.events.DenyHand;
import io.roomcast.events.EndReason;
import io.roomcast.events.EndRoom;
import io.roomcast.events.HandLowered;
import io.roomcast.events.HandRaised;
import io.roomcast.events.HandRequest;
import io.roomcast.events.InviteSpeaker;
import io.roomcast.events.InviteToRoom;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Mute;
import io.roomcast.events.MuteAll;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.Promote;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomInviteSent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.ScheduleRoom;
import io.roomcast.events.StartRoom;
import io.roomcast.events.Unmute;
import io.roomcast.events.UpdateRoom;
import io.roomcast.events.Visibility;
import io.roomcast.events.ApproveJoin;
import io.roomcast.events.DenyJoin;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random command sequences (5 users, 2 rooms, every command type, random targets, repeated nonces,
 * timer ticks) run through the real {@link RoomStateMachine}, wrapped in the nonce deduplication of
 * the room processor, and through a small reference model written here from the rules of the issue.
 * After every step both must agree on the outcome (and rejection reason), participants and roles,
 * mutes, the hand queue, join requests, invitations and bans (with a fixed social graph: club members,
 * follows, blocks); the facts must replay to the snapshot; and the
 * invariants hold: speakers within the speaker limit, participants within capacity, an ENDED room
 * never changes, a rejection leaves the snapshot equal.
 */
class RoomStateMachinePropertyTest {
    private static final List<String> USERS = List.of("host", "u1", "u2", "u3", "u4");
    private static final List<String> ROOMS = List.of("r1", "r2");
    private static final String CLUB = "club-a";
    private static final Set<String> CLUB_MEMBERS = Set.of("host", "u1", "u2");
    /** Club members as above; host follows u1 and u2 (u1 follows u3); host blocks u4, u1 blocks u2. */
    private static final SocialGraph GRAPH = graph();
    private static final Duration DEDUP_WINDOW = Duration.ofHours(24);
    /** Small platform limits so that the sequences reach them. */
    private static final RoomLimits LIMITS = new RoomLimits(4, 3, 2, Duration.ofHours(12), Duration.ofMinutes(5),
        Duration.ofHours(24), Duration.ofHours(1));

    // ---- the generated steps --------------------------------------------------------------------

    enum Kind {
        CREATE, SCHEDULE, START, UPDATE, END, JOIN, LEAVE, RAISE_HAND, LOWER_HAND, ACCEPT_HAND, DENY_HAND,
        INVITE_SPEAKER, ACCEPT_INVITE, DECLINE_INVITE, INVITE_TO_ROOM, PROMOTE, DEMOTE, MUTE, UNMUTE, MUTE_ALL,
        KICK, BAN, APPROVE_JOIN, DENY_JOIN
    }

    /** Details of a create/schedule, or the fields of an update. */
    record Spec(Visibility visibility, Integer capacity, Integer speakerLimit, boolean handRaises, boolean blankTitle,
                int startsInSeconds, int updateMask, boolean approval) {}

    private static SocialGraph graph() {
        Graph graph = new Graph().follow("host", "u1").follow("host", "u2").follow("u1", "u3").follow("u2", "host")
            .block("host", "u4").block("u1", "u2");
        CLUB_MEMBERS.forEach(user -> graph.member(user, CLUB));
        return graph;
    }

    sealed interface Step permits Send, Tick {}

    /**
     * A command. When {@code aimed}, {@code actor} and {@code target} pick among the users that make
     * sense for the command in the room's current state (a moderator, a raised hand, a listener...),
     * so sequences reach deep states; otherwise they name any of the five users.
     */
    record Send(int room, int actor, Kind kind, int target, int nonce, int advanceMs, Spec spec, boolean aimed)
        implements Step {}

    record Tick(Duration by) implements Step {}

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
            Tuple.of(3, Kind.CREATE), Tuple.of(1, Kind.SCHEDULE), Tuple.of(1, Kind.START), Tuple.of(1, Kind.UPDATE),
            Tuple.of(1, Kind.END), Tuple.of(12, Kind.JOIN), Tuple.of(4, Kind.LEAVE), Tuple.of(8, Kind.RAISE_HAND),
            Tuple.of(2, Kind.LOWER_HAND), Tuple.of(10, Kind.ACCEPT_HAND), Tuple.of(2, Kind.DENY_HAND),
            Tuple.of(4, Kind.INVITE_SPEAKER), Tuple.of(4, Kind.ACCEPT_INVITE), Tuple.of(2, Kind.DECLINE_INVITE),
            Tuple.of(2, Kind.INVITE_TO_ROOM), Tuple.of(3, Kind.PROMOTE), Tuple.of(3, Kind.DEMOTE),
            Tuple.of(4, Kind.MUTE), Tuple.of(3, Kind.UNMUTE), Tuple.of(2, Kind.MUTE_ALL), Tuple.of(2, Kind.KICK),
            Tuple.of(2, Kind.BAN), Tuple.of(6, Kind.APPROVE_JOIN), Tuple.of(2, Kind.DENY_JOIN));
        Arbitrary<Integer> nonces = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(5, 1_000_000)), Tuple.of(1, Arbitraries.integers().between(0, 4)));
        Arbitrary<Integer> actors = Arbitraries.frequency(
            Tuple.of(4, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(2, 3), Tuple.of(2, 4));
        Arbitrary<Step> sends = Combinators.combine(
                Arbitraries.frequency(Tuple.of(9, 0), Tuple.of(1, 1)), actors, kinds,
                Arbitraries.integers().between(0, USERS.size() - 1), nonces,
                Arbitraries.integers().between(0, 3000), specs(),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)))
            .as(Send::new);
        Arbitrary<Step> ticks = Arbitraries.frequency(Tuple.of(4, Duration.ofSeconds(30)), Tuple.of(3, Duration.ofMinutes(6)),
            Tuple.of(2, Duration.ofMinutes(61)), Tuple.of(1, Duration.ofHours(13)), Tuple.of(1, Duration.ofHours(25)))
            .map(Tick::new);
        return Arbitraries.frequencyOf(Tuple.of(25, sends), Tuple.of(1, ticks)).list().ofMinSize(1).ofMaxSize(40)
            .withSizeDistribution(RandomDistribution.uniform());
    }

    /** Details of the room {@code r1} that every sequence opens with (its host creates it, everyone tries to join). */
    @Provide
    Arbitrary<Spec> openings() {
        return specs().filter(spec -> !spec.blankTitle() && (spec.speakerLimit() == null
            || spec.speakerLimit() <= LIMITS.speakerLimit()));
    }

    private static Arbitrary<Spec> specs() {
        Arbitrary<Integer> limit = Arbitraries.integers().between(1, 4).injectNull(0.3);
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(5, Visibility.PUBLIC), Tuple.of(2, Visibility.PRIVATE),
                    Tuple.of(2, Visibility.CLUB), Tuple.of(2, Visibility.SOCIAL)),
                limit, limit,
                Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)),
                Arbitraries.frequency(Tuple.of(12, false), Tuple.of(1, true)),
                Arbitraries.integers().between(-60, 3 * 3600),
                Arbitraries.integers().between(0, 7),
                Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true)))
            .as(Spec::new);
    }

    // ---- the property ---------------------------------------------------------------------------

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void machineAgreesWithTheReferenceModel(@ForAll("openings") Spec opening,
                                            @ForAll("sequences") List<Step> sequence) {
        Machine machine = new Machine();
        Model model = new Model();
        Instant now = T0;
        List<Step> steps = new ArrayList<>();
        steps.add(new Send(0, 0, Kind.CREATE, 0, 99, 0, opening, false));
        for (int user = 1; user < USERS.size(); user++) {
            steps.add(new Send(0, user, Kind.JOIN, 0, 99, 0, opening, false));
        }
        steps.addAll(sequence);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String at = "step " + i + " " + step;
            switch (step) {
                case Send send -> {
                    now = now.plusMillis(send.advanceMs());
                    sendBoth(machine, model, send, i, now, at);
                }
                case Tick tick -> {
                    now = now.plus(tick.by());
                    tickBoth(machine, model, now, at);
                }
            }
            assertSameRooms(machine, model, at);
        }
    }

    private static void sendBoth(Machine machine, Model model, Send send, int index, Instant now, String step) {
        String roomId = ROOMS.get(send.room());
        List<String> aimed = model.aim(roomId, send);
        String actor = aimed.get(0);
        String target = aimed.get(1);
        String at = step + " as " + actor + " on " + target;
        String nonce = "n" + send.nonce();
        RoomCommand command = Commands.command(
            UUID.nameUUIDFromBytes(("step-" + index).getBytes(StandardCharsets.UTF_8)), roomId, actor, nonce, now,
            intent(send, target, now));
        RoomSnapshot before = machine.rooms.get(roomId);
        RoomSnapshot beforeCopy = before == null ? null : RoomSnapshot.newBuilder(before).build();

        Decision decision = machine.handle(command, now);
        Model.Outcome expected = model.handle(roomId, actor, target, nonce, send, now);

        if (expected.duplicateOf() != null) {
            Model.Seen original = expected.duplicateOf();
            assertThat(decision.changed()).as(at).isFalse();
            assertThat(decision.facts()).as(at).singleElement().satisfies(fact ->
                assertThat(fact.getFact()).as(at).isEqualTo(new CommandDuplicate(command.getCommand().getClass()
                    .getSimpleName(), original.reason() == null ? CommandOutcome.APPLIED : CommandOutcome.REJECTED,
                    original.reason(), command.getSessionId())));
        } else if (expected.rejection() != null) {
            assertThat(decision.rejection()).as("%s: %s", at, payloads(decision)).isEqualTo(expected.rejection());
            assertThat(decision.changed()).as(at).isFalse();
            assertThat(decision.facts()).as(at).singleElement().satisfies(fact -> {
                assertThat(fact.getNonce()).isEqualTo(nonce);
                assertThat(fact.getUserId()).isEqualTo(actor);
                assertThat(fact.getFact()).isInstanceOfSatisfying(CommandRejected.class,
                    rejected -> assertThat(rejected.getReason()).isEqualTo(expected.rejection()));
            });
        } else {
            assertThat(decision.rejection()).as("%s: %s", at, payloads(decision)).isNull();
            assertThat(decision.changed()).as(at).isTrue();
            assertThat(decision.facts()).as(at).isNotEmpty();
            RoomSnapshot after = decision.state();
            assertThat(after.getVersion()).as(at).isEqualTo(before == null ? 1 : before.getVersion() + 1);
            assertThat(Projection.of(before).apply(decision.facts(), at)).as("%s: facts replay to the snapshot", at)
                .isEqualTo(Projection.of(after));
        }
        if (!decision.changed()) {
            assertThat(decision.state()).as(at).isSameAs(before);
            assertThat(before).as("%s: a rejected or repeated command leaves the snapshot equal", at)
                .isEqualTo(beforeCopy);
        }
        if (before != null && before.getLifecycle() == RoomLifecycle.ENDED) {
            assertThat(machine.rooms.get(roomId)).as("%s: an ENDED room never changes", at).isEqualTo(beforeCopy);
        }
        assertThat(machine.machine.decide(before, command, GRAPH, now))
            .as("%s: deciding again gives the same facts and ids", at)
            .isEqualTo(machine.machine.decide(beforeCopy, command, GRAPH, now));
    }

    private static void tickBoth(Machine machine, Model model, Instant now, String at) {
        for (String roomId : ROOMS) {
            RoomSnapshot before = machine.rooms.get(roomId);
            Model.Expiry expected = model.expire(roomId, now);
            if (before == null) {
                assertThat(expected).as(at).isEqualTo(Model.Expiry.NONE);
                continue;
            }
            Decision decision = machine.expire(roomId, now);
            switch (expected.kind()) {
                case NONE -> {
                    assertThat(decision.changed()).as("%s %s: nothing due", at, roomId).isFalse();
                    assertThat(decision.facts()).isEmpty();
                }
                case FORGET -> {
                    assertThat(decision.changed()).as("%s %s: forgotten", at, roomId).isTrue();
                    assertThat(decision.state()).isNull();
                    assertThat(decision.facts()).isEmpty();
                }
                case END -> {
                    assertThat(decision.changed()).as("%s %s: ends", at, roomId).isTrue();
                    List<Object> facts = payloads(decision);
                    List<Object> leaves = new ArrayList<>();
                    before.getParticipants()
                        .forEach(p -> leaves.add(new ParticipantLeft(p.getUserId(), LeaveReason.ROOM_ENDED)));
                    leaves.add(new RoomEnded(expected.reason()));
                    assertThat(facts).as("%s %s", at, roomId).isEqualTo(leaves);
                    assertThat(Projection.of(before).apply(decision.facts(), at)).isEqualTo(
                        Projection.of(decision.state()));
                }
            }
        }
    }

    private static List<Object> payloads(Decision decision) {
        return Commands.payloads(decision.facts());
    }

    /** Compares every room of the machine with the model's, and checks the invariants on the snapshots. */
    private static void assertSameRooms(Machine machine, Model model, String at) {
        assertThat(machine.rooms.keySet()).as("%s: rooms", at).isEqualTo(model.rooms.keySet());
        for (Map.Entry<String, RoomSnapshot> entry : machine.rooms.entrySet()) {
            RoomSnapshot snapshot = entry.getValue();
            Model.Room expected = model.rooms.get(entry.getKey());
            String where = at + " room " + entry.getKey();
            assertThat(snapshot.getLifecycle()).as("%s: lifecycle", where).isEqualTo(expected.lifecycle);
            assertThat(snapshot.getParticipants().stream()
                .map(p -> p.getUserId() + ":" + p.getRole() + (p.getMuted() ? ":muted" : "")
                    + (p.getSpeakerSince() == null ? "" : ":since=" + p.getSpeakerSince().toEpochMilli()))
                .toList())
                .as("%s: participants in join order", where)
                .isEqualTo(expected.participants.entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue().role + (e.getValue().muted ? ":muted" : "")
                        + (e.getValue().speakerSince == null ? "" : ":since=" + e.getValue().speakerSince.toEpochMilli()))
                    .toList());
            assertThat(snapshot.getHandQueue().stream().map(HandRequest::getUserId).toList())
                .as("%s: hand queue", where).isEqualTo(expected.hands);
            assertThat(new TreeSet<>(snapshot.getBannedUserIds())).as("%s: bans", where)
                .isEqualTo(new TreeSet<>(expected.banned));
            assertThat(new TreeSet<>(snapshot.getInvitedUserIds())).as("%s: invitations", where)
                .isEqualTo(new TreeSet<>(expected.invited));
            assertThat(snapshot.getJoinRequests().stream().map(JoinRequest::getUserId).toList())
                .as("%s: join requests", where).isEqualTo(expected.requests);
            assertThat(snapshot.getJoinRequests()).as("%s: nobody in the room or banned is asking to join", where)
                .noneMatch(r -> expected.participants.containsKey(r.getUserId()) || expected.banned.contains(r.getUserId()));
            assertThat(snapshot.getDetails().getTitle()).as("%s: title", where).isEqualTo(expected.title);
            assertThat(snapshot.getDetails().getSettings().getHandRaisesEnabled()).as("%s: hand raises", where)
                .isEqualTo(expected.handRaises);
            assertThat(snapshot.getLastActivityAt()).as("%s: last activity", where).isEqualTo(expected.lastActivity);

            RoomSettings settings = snapshot.getDetails().getSettings();
            long speakers = snapshot.getParticipants().stream()
                .filter(p -> p.getRole() == Role.SPEAKER || p.getRole() == Role.MODERATOR).count();
            assertThat(speakers).as("%s: speakers within the speaker limit, %s", where, snapshot.getParticipants())
                .isLessThanOrEqualTo(effective(settings.getSpeakerLimit(), LIMITS.speakerLimit()));
            assertThat(snapshot.getParticipants().size()).as("%s: participants within capacity", where)
                .isLessThanOrEqualTo(effective(settings.getCapacity(), LIMITS.capacity()));
            assertThat(snapshot.getParticipants()).extracting(Participant::getUserId).as(where).doesNotHaveDuplicates();
            assertThat(snapshot.getHandQueue()).as("%s: only listeners in the room have hands up", where)
                .allSatisfy(hand -> assertThat(expected.participants.get(hand.getUserId()))
                    .isNotNull().extracting(p -> p.role).isEqualTo(Role.LISTENER));
            assertThat(snapshot.getParticipants()).as("%s: nobody banned is in the room", where)
                .noneMatch(p -> snapshot.getBannedUserIds().contains(p.getUserId()));
        }
    }

    private static int effective(Integer own, int platform) {
        return own == null ? platform : Math.min(own, platform);
    }

    private static Object intent(Send send, String target, Instant now) {
        Spec spec = send.spec();
        return switch (send.kind()) {
            case CREATE -> new CreateRoom(details(spec));
            case SCHEDULE -> new ScheduleRoom(details(spec), now.plusSeconds(spec.startsInSeconds()));
            case START -> new StartRoom();
            case UPDATE -> new UpdateRoom(
                (spec.updateMask() & 1) == 0 ? null : spec.blankTitle() ? " " : "Retitled " + spec.startsInSeconds(),
                (spec.updateMask() & 2) == 0 ? null : "topic-" + spec.startsInSeconds(),
                (spec.updateMask() & 4) == 0 ? null : settings(null, null, spec), null, false);
            case END -> new EndRoom();
            case JOIN -> new JoinRoom();
            case LEAVE -> new LeaveRoom(LeaveReason.LEFT);
            case RAISE_HAND -> new RaiseHand();
            case LOWER_HAND -> new LowerHand();
            case ACCEPT_HAND -> new AcceptHand(target);
            case DENY_HAND -> new DenyHand(target);
            case INVITE_SPEAKER -> new InviteSpeaker(target);
            case ACCEPT_INVITE -> new AcceptInvite();
            case DECLINE_INVITE -> new DeclineInvite();
            case INVITE_TO_ROOM -> new InviteToRoom(target);
            case PROMOTE -> new Promote(target);
            case DEMOTE -> new Demote(target);
            case MUTE -> new Mute(target);
            case UNMUTE -> new Unmute(target);
            case MUTE_ALL -> new MuteAll();
            case KICK -> new Kick(target);
            case BAN -> new Ban(target);
            case APPROVE_JOIN -> new ApproveJoin(target);
            case DENY_JOIN -> new DenyJoin(target);
        };
    }

    private static RoomDetails details(Spec spec) {
        return RoomDetails.newBuilder()
            .setTitle(spec.blankTitle() ? "" : "Room " + spec.startsInSeconds())
            .setTopic("jazz")
            .setVisibility(spec.visibility())
            .setClubId(spec.visibility() == Visibility.CLUB ? CLUB : null)
            .setSettings(settings(spec.capacity(), spec.speakerLimit(), spec))
            .build();
    }

    private static RoomSettings settings(Integer capacity, Integer speakerLimit, Spec spec) {
        RoomSettings settings = Commands.settings(capacity, speakerLimit, spec.handRaises());
        settings.setApprovalRequired(spec.approval());
        return settings;
    }

    // ---- the system under test: the machine with the room processor's nonce deduplication -------

    private static final class Machine {
        final RoomStateMachine machine = new RoomStateMachine(LIMITS);
        final Map<String, RoomSnapshot> rooms = new HashMap<>();
        /** room|user|nonce -> "APPLIED" or the rejection reason, and when (the command-outcomes store). */
        final Map<String, Map.Entry<String, Instant>> outcomes = new HashMap<>();

        Decision handle(RoomCommand command, Instant now) {
            RoomSnapshot current = rooms.get(command.getRoomId());
            String key = command.getRoomId() + "|" + command.getUserId() + "|" + command.getNonce();
            Map.Entry<String, Instant> previous = outcomes.get(key);
            Decision decision;
            if (previous != null && !previous.getValue().isBefore(now.minus(DEDUP_WINDOW))) {
                boolean applied = previous.getKey().equals("APPLIED");
                decision = machine.duplicate(current, command, applied ? CommandOutcome.APPLIED : CommandOutcome.REJECTED,
                    applied ? null : RejectionReason.valueOf(previous.getKey()), now);
            } else {
                decision = machine.decide(current, command, GRAPH, now);
                outcomes.put(key, Map.entry(decision.rejection() == null ? "APPLIED" : decision.rejection().name(), now));
            }
            store(command.getRoomId(), decision);
            return decision;
        }

        Decision expire(String roomId, Instant now) {
            Decision decision = machine.expire(rooms.get(roomId), now);
            store(roomId, decision);
            return decision;
        }

        private void store(String roomId, Decision decision) {
            if (!decision.changed()) {
                return;
            }
            if (decision.state() == null) {
                rooms.remove(roomId);
            } else {
                rooms.put(roomId, decision.state());
            }
        }
    }

    // ---- what the facts say: a projection replayed from facts alone -----------------------------

    /** Participants (role, muted), hand queue, invitations, bans and lifecycle, as the facts tell them. */
    record Projection(Map<String, String> participants, List<String> hands, Set<String> invited, Set<String> banned,
                      RoomLifecycle lifecycle, List<String> requests) {

        static Projection of(RoomSnapshot snapshot) {
            Projection projection = new Projection(new LinkedHashMap<>(), new ArrayList<>(), new TreeSet<>(),
                new TreeSet<>(), snapshot == null ? null : snapshot.getLifecycle(), new ArrayList<>());
            if (snapshot != null) {
                snapshot.getParticipants().forEach(p -> projection.participants.put(p.getUserId(),
                    p.getRole() + (p.getMuted() ? ":muted" : "")));
                snapshot.getHandQueue().forEach(h -> projection.hands.add(h.getUserId()));
                projection.invited.addAll(snapshot.getInvitedUserIds());
                projection.banned.addAll(snapshot.getBannedUserIds());
                snapshot.getJoinRequests().forEach(r -> projection.requests.add(r.getUserId()));
            }
            return projection;
        }

        Projection apply(List<RoomEvent> facts, String at) {
            RoomLifecycle lifecycle = this.lifecycle;
            for (RoomEvent event : facts) {
                switch (event.getFact()) {
                    case RoomCreated c -> lifecycle = c.getLifecycle();
                    case RoomStarted s -> lifecycle = RoomLifecycle.LIVE;
                    case RoomEnded e -> {
                        lifecycle = RoomLifecycle.ENDED;
                        hands.clear();
                        requests.clear();
                    }
                    case JoinRequested r -> {
                        assertThat(requests).as("%s: asked twice", at).doesNotContain(r.getParticipantId());
                        requests.add(r.getParticipantId());
                    }
                    case JoinRequestClosed c -> assertThat(requests.remove(c.getParticipantId()))
                        .as("%s: closed a request that was not pending", at).isTrue();
                    case ParticipantJoined j -> {
                        assertThat(participants).as("%s: joined twice", at).doesNotContainKey(j.getParticipantId());
                        participants.put(j.getParticipantId(), j.getRole().name());
                    }
                    case ParticipantLeft l -> {
                        assertThat(participants).as("%s: left without being in", at).containsKey(l.getParticipantId());
                        participants.remove(l.getParticipantId());
                        hands.remove(l.getParticipantId());
                    }
                    case HandRaised h -> hands.add(h.getParticipantId());
                    case HandLowered h -> assertThat(hands.remove(h.getParticipantId()))
                        .as("%s: lowered a hand that was not up", at).isTrue();
                    case RoleChanged r -> {
                        String current = participants.get(r.getParticipantId());
                        assertThat(current).as("%s: role change of %s", at, r.getParticipantId())
                            .startsWith(r.getFrom().name());
                        boolean speaking = r.getTo() == Role.SPEAKER || r.getTo() == Role.MODERATOR;
                        participants.put(r.getParticipantId(),
                            r.getTo() + (speaking && current.endsWith(":muted") ? ":muted" : ""));
                    }
                    case ParticipantMuted m -> participants.computeIfPresent(m.getParticipantId(),
                        (id, role) -> role.replace(":muted", "") + ":muted");
                    case ParticipantUnmuted u -> participants.computeIfPresent(u.getParticipantId(),
                        (id, role) -> role.replace(":muted", ""));
                    case ParticipantBanned b -> {
                        banned.add(b.getParticipantId());
                        invited.remove(b.getParticipantId());
                    }
                    case RoomInviteSent i -> invited.add(i.getParticipantId());
                    default -> { }
                }
            }
            return new Projection(participants, hands, invited, banned, lifecycle, requests);
        }
    }

    // ---- the reference model --------------------------------------------------------------------

    /** The rules of the issue, written plainly over maps: one Room per id, and the nonces seen. */
    private static final class Model {
        final Map<String, Room> rooms = new HashMap<>();
        final Map<String, Seen> seen = new HashMap<>();

        /** What happened to a command the first time: reason null means applied. */
        record Seen(RejectionReason reason, Instant at) {}

        /** The expected outcome: a duplicate of an earlier command, a rejection, or applied (both null). */
        record Outcome(Seen duplicateOf, RejectionReason rejection) {}

        enum ExpiryKind { NONE, END, FORGET }

        record Expiry(ExpiryKind kind, EndReason reason) {
            static final Expiry NONE = new Expiry(ExpiryKind.NONE, null);
        }

        static final class Member {
            Role role;
            boolean muted;
            Instant speakerSince;

            Member(Role role, Instant now) {
                this.role = role;
                this.speakerSince = speaking(role) ? now : null;
            }

            Member(Member other) {
                role = other.role;
                muted = other.muted;
                speakerSince = other.speakerSince;
            }
        }

        static final class Room {
            RoomLifecycle lifecycle;
            String host;
            Visibility visibility;
            Integer capacity;
            Integer speakerLimit;
            boolean handRaises;
            boolean approval;
            String title;
            Instant startsAt;
            Instant startedAt;
            Instant lastActivity;
            LinkedHashMap<String, Member> participants = new LinkedHashMap<>();
            List<String> hands = new ArrayList<>();
            Set<String> invited = new LinkedHashSet<>();
            Set<String> banned = new LinkedHashSet<>();
            List<String> requests = new ArrayList<>();

            Room copy() {
                Room copy = new Room();
                copy.lifecycle = lifecycle;
                copy.host = host;
                copy.visibility = visibility;
                copy.capacity = capacity;
                copy.speakerLimit = speakerLimit;
                copy.handRaises = handRaises;
                copy.approval = approval;
                copy.title = title;
                copy.startsAt = startsAt;
                copy.startedAt = startedAt;
                copy.lastActivity = lastActivity;
                participants.forEach((id, m) -> copy.participants.put(id, new Member(m)));
                copy.hands = new ArrayList<>(hands);
                copy.invited = new LinkedHashSet<>(invited);
                copy.banned = new LinkedHashSet<>(banned);
                copy.requests = new ArrayList<>(requests);
                return copy;
            }

            Role role(String user) {
                Member m = participants.get(user);
                return m == null ? null : m.role;
            }

            long count(Role role) {
                return participants.values().stream().filter(m -> m.role == role).count();
            }

            long speakers() {
                return count(Role.SPEAKER) + count(Role.MODERATOR);
            }

            int capacityLimit() {
                return effective(capacity, LIMITS.capacity());
            }

            int speakerSeats() {
                return effective(speakerLimit, LIMITS.speakerLimit());
            }
        }

        private static final class Refused extends RuntimeException {
            final RejectionReason reason;

            Refused(RejectionReason reason) {
                super(reason.name(), null, false, false);
                this.reason = reason;
            }
        }

        private static void check(boolean holds, RejectionReason otherwise) {
            if (!holds) {
                throw new Refused(otherwise);
            }
        }

        private static boolean speaking(Role role) {
            return role == Role.SPEAKER || role == Role.MODERATOR;
        }

        /** The actor and target of {@code send}: see {@link Send}. */
        List<String> aim(String roomId, Send send) {
            String actor = USERS.get(send.actor());
            String target = USERS.get(send.target());
            Room room = rooms.get(roomId);
            if (!send.aimed() || room == null) {
                return List.of(actor, target);
            }
            List<String> moderators = having(room, m -> m.role == Role.MODERATOR);
            List<String> listeners = having(room, m -> m.role == Role.LISTENER);
            List<String> speaking = having(room, m -> speaking(m.role));
            List<String> outside = USERS.stream().filter(u -> !room.participants.containsKey(u)).toList();
            List<String> everyone = List.copyOf(room.participants.keySet());
            List<String> inOrAsking = new ArrayList<>(everyone);
            inOrAsking.addAll(room.requests);
            switch (send.kind()) {
                case START -> actor = room.host;
                case JOIN -> actor = pick(outside, send.actor(), actor);
                case LEAVE -> actor = pick(send.actor() % 2 == 0 ? moderators : inOrAsking, send.actor() / 2, actor);
                case RAISE_HAND -> actor = pick(listeners, send.actor(), actor);
                case LOWER_HAND -> actor = pick(room.hands, send.actor(), actor);
                case ACCEPT_INVITE, DECLINE_INVITE ->
                    actor = pick(having(room, m -> m.role == Role.INVITED_SPEAKER), send.actor(), actor);
                case UNMUTE -> {
                    actor = pick(having(room, m -> m.muted), send.actor(), actor);
                    target = actor;
                }
                case MUTE -> {
                    target = pick(having(room, m -> speaking(m.role) && !m.muted), send.target(), target);
                    actor = send.actor() % 2 == 0 ? target : pick(moderators, send.actor(), actor);
                }
                default -> {
                    actor = pick(moderators, send.actor(), actor);
                    target = switch (send.kind()) {
                        case ACCEPT_HAND, DENY_HAND -> pick(room.hands, send.target(), target);
                        case INVITE_SPEAKER -> pick(listeners, send.target(), target);
                        case PROMOTE -> pick(having(room, m -> m.role == Role.SPEAKER), send.target(), target);
                        case DEMOTE -> pick(send.target() % 2 == 0 ? having(room, m -> m.role == Role.SPEAKER) : speaking,
                            send.target() / 2, target);
                        case KICK, BAN -> pick(everyone, send.target(), target);
                        case INVITE_TO_ROOM -> pick(outside, send.target(), target);
                        case APPROVE_JOIN, DENY_JOIN -> pick(room.requests, send.target(), target);
                        default -> target;
                    };
                }
            }
            return List.of(actor, target);
        }

        private static List<String> having(Room room, java.util.function.Predicate<Member> test) {
            return room.participants.entrySet().stream().filter(e -> test.test(e.getValue())).map(Map.Entry::getKey)
                .toList();
        }

        private static String pick(List<String> among, int index, String otherwise) {
            return among.isEmpty() ? otherwise : among.get(index % among.size());
        }

        Outcome handle(String roomId, String actor, String target, String nonce, Send send, Instant now) {
            String key = roomId + "|" + actor + "|" + nonce;
            Seen previous = seen.get(key);
            if (previous != null && !previous.at().isBefore(now.minus(DEDUP_WINDOW))) {
                return new Outcome(previous, null);
            }
            RejectionReason reason = null;
            try {
                Room next = decide(rooms.get(roomId), actor, target, send, now);
                next.lastActivity = now;
                rooms.put(roomId, next);
            } catch (Refused refused) {
                reason = refused.reason;
            }
            seen.put(key, new Seen(reason, now));
            return new Outcome(null, reason);
        }

        private Room decide(Room current, String actor, String target, Send send, Instant now) {
            Spec spec = send.spec();
            if (send.kind() == Kind.CREATE || send.kind() == Kind.SCHEDULE) {
                boolean scheduled = send.kind() == Kind.SCHEDULE;
                check(current == null || current.lifecycle != RoomLifecycle.ENDED, RejectionReason.ROOM_ENDED);
                check(current == null, RejectionReason.ROOM_EXISTS);
                check(!scheduled || spec.startsInSeconds() > 0, RejectionReason.INVALID_COMMAND);
                check(!spec.blankTitle(), RejectionReason.INVALID_COMMAND);
                checkLimits(spec.capacity(), spec.speakerLimit());
                check(spec.visibility() != Visibility.CLUB || CLUB_MEMBERS.contains(actor), RejectionReason.NOT_CLUB_MEMBER);
                Room room = new Room();
                room.host = actor;
                room.visibility = spec.visibility();
                room.capacity = spec.capacity();
                room.speakerLimit = spec.speakerLimit();
                room.handRaises = spec.handRaises();
                room.approval = spec.approval();
                room.title = "Room " + spec.startsInSeconds();
                if (scheduled) {
                    room.lifecycle = RoomLifecycle.SCHEDULED;
                    room.startsAt = now.plusSeconds(spec.startsInSeconds());
                } else {
                    room.lifecycle = RoomLifecycle.LIVE;
                    room.startedAt = now;
                    room.participants.put(actor, new Member(Role.MODERATOR, now));
                }
                return room;
            }
            check(current != null, RejectionReason.UNKNOWN_ROOM);
            check(current.lifecycle != RoomLifecycle.ENDED, RejectionReason.ROOM_ENDED);
            Room room = current.copy();
            boolean scheduled = room.lifecycle == RoomLifecycle.SCHEDULED;
            boolean host = actor.equals(room.host);
            boolean moderator = room.role(actor) == Role.MODERATOR;
            boolean manager = scheduled ? host : moderator;
            switch (send.kind()) {
                case START -> {
                    check(scheduled, RejectionReason.INVALID_TRANSITION);
                    check(host, RejectionReason.NOT_MODERATOR);
                    room.lifecycle = RoomLifecycle.LIVE;
                    room.startedAt = now;
                    room.participants.put(actor, new Member(Role.MODERATOR, now));
                    return room;
                }
                case END -> {
                    check(manager, RejectionReason.NOT_MODERATOR);
                    room.participants.clear();
                    room.hands.clear();
                    room.requests.clear();
                    room.lifecycle = RoomLifecycle.ENDED;
                    return room;
                }
                case UPDATE -> {
                    check(manager, RejectionReason.NOT_MODERATOR);
                    int mask = spec.updateMask();
                    check(!((mask & 1) != 0 && spec.blankTitle()), RejectionReason.INVALID_COMMAND);
                    check(mask != 0, RejectionReason.INVALID_COMMAND);
                    if ((mask & 1) != 0) {
                        room.title = "Retitled " + spec.startsInSeconds();
                    }
                    if ((mask & 4) != 0) {
                        room.capacity = null;
                        room.speakerLimit = null;
                        room.handRaises = spec.handRaises();
                        room.approval = spec.approval();
                    }
                    return room;
                }
                default -> check(!scheduled, RejectionReason.ROOM_NOT_LIVE);
            }
            Role role = room.role(actor);
            switch (send.kind()) {
                case JOIN -> {
                    boolean invited = room.invited.contains(actor);
                    check(role == null, RejectionReason.INVALID_TRANSITION);
                    check(!room.requests.contains(actor), RejectionReason.INVALID_TRANSITION);
                    check(!room.banned.contains(actor), RejectionReason.BANNED);
                    check(!GRAPH.blocks(room.host, actor), RejectionReason.BLOCKED);
                    check(room.visibility != Visibility.PRIVATE || host || invited, RejectionReason.NOT_INVITED);
                    check(room.visibility != Visibility.CLUB || host || CLUB_MEMBERS.contains(actor),
                        RejectionReason.NOT_CLUB_MEMBER);
                    check(room.visibility != Visibility.SOCIAL || host || invited || GRAPH.follows(room.host, actor),
                        RejectionReason.NOT_FOLLOWED);
                    check(room.participants.size() < room.capacityLimit(), RejectionReason.ROOM_FULL);
                    if (room.approval && !host && !invited) {
                        check(room.requests.size() < LIMITS.handQueueLimit(), RejectionReason.ROOM_FULL);
                        room.requests.add(actor);
                    } else {
                        room.participants.put(actor, new Member(
                            host && room.speakers() < room.speakerSeats() ? Role.MODERATOR : Role.LISTENER, now));
                    }
                }
                case LEAVE -> {
                    if (!room.requests.remove(actor)) {
                        check(role != null, RejectionReason.NOT_IN_ROOM);
                        leave(room, actor);
                    }
                }
                case APPROVE_JOIN -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.requests.contains(target), RejectionReason.JOIN_NOT_REQUESTED);
                    check(room.participants.size() < room.capacityLimit(), RejectionReason.ROOM_FULL);
                    room.requests.remove(target);
                    room.participants.put(target, new Member(Role.LISTENER, now));
                }
                case DENY_JOIN -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.requests.remove(target), RejectionReason.JOIN_NOT_REQUESTED);
                }
                case RAISE_HAND -> {
                    check(role != null, RejectionReason.NOT_IN_ROOM);
                    check(role == Role.LISTENER, RejectionReason.INVALID_TRANSITION);
                    check(room.handRaises, RejectionReason.HAND_RAISES_DISABLED);
                    check(!room.hands.contains(actor), RejectionReason.INVALID_TRANSITION);
                    check(room.hands.size() < LIMITS.handQueueLimit(), RejectionReason.HAND_QUEUE_FULL);
                    room.hands.add(actor);
                }
                case LOWER_HAND -> {
                    check(role != null, RejectionReason.NOT_IN_ROOM);
                    check(room.hands.remove(actor), RejectionReason.HAND_NOT_RAISED);
                }
                case ACCEPT_HAND -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.hands.contains(target), RejectionReason.HAND_NOT_RAISED);
                    check(room.speakers() < room.speakerSeats(), RejectionReason.SPEAKER_LIMIT);
                    room.hands.remove(target);
                    setRole(room, target, Role.SPEAKER, now);
                }
                case DENY_HAND -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.hands.remove(target), RejectionReason.HAND_NOT_RAISED);
                }
                case INVITE_SPEAKER -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.role(target) != null, RejectionReason.NOT_IN_ROOM);
                    check(room.role(target) == Role.LISTENER, RejectionReason.INVALID_TRANSITION);
                    room.hands.remove(target);
                    setRole(room, target, Role.INVITED_SPEAKER, now);
                }
                case ACCEPT_INVITE -> {
                    check(role == Role.INVITED_SPEAKER, RejectionReason.NOT_INVITED);
                    check(room.speakers() < room.speakerSeats(), RejectionReason.SPEAKER_LIMIT);
                    setRole(room, actor, Role.SPEAKER, now);
                }
                case DECLINE_INVITE -> {
                    check(role == Role.INVITED_SPEAKER, RejectionReason.NOT_INVITED);
                    setRole(room, actor, Role.LISTENER, now);
                }
                case INVITE_TO_ROOM -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.role(target) == null, RejectionReason.INVALID_TRANSITION);
                    check(!room.banned.contains(target), RejectionReason.BANNED);
                    check(room.invited.add(target), RejectionReason.INVALID_TRANSITION);
                }
                case PROMOTE -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(room.role(target) != null, RejectionReason.NOT_IN_ROOM);
                    check(room.role(target) == Role.SPEAKER, RejectionReason.NOT_SPEAKER);
                    setRole(room, target, Role.MODERATOR, now);
                }
                case DEMOTE -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    Role targetRole = room.role(target);
                    check(targetRole != null, RejectionReason.NOT_IN_ROOM);
                    check(speaking(targetRole), RejectionReason.INVALID_TRANSITION);
                    check(targetRole != Role.MODERATOR || room.count(Role.MODERATOR) > 1, RejectionReason.INVALID_TRANSITION);
                    setRole(room, target, targetRole == Role.MODERATOR ? Role.SPEAKER : Role.LISTENER, now);
                }
                case MUTE -> {
                    check(target.equals(actor) || moderator, RejectionReason.NOT_MODERATOR);
                    check(room.role(target) != null, RejectionReason.NOT_IN_ROOM);
                    check(speaking(room.role(target)), RejectionReason.NOT_SPEAKER);
                    check(!room.participants.get(target).muted, RejectionReason.INVALID_TRANSITION);
                    room.participants.get(target).muted = true;
                }
                case UNMUTE -> {
                    check(target.equals(actor), RejectionReason.INVALID_TRANSITION);
                    check(role != null, RejectionReason.NOT_IN_ROOM);
                    check(speaking(role), RejectionReason.NOT_SPEAKER);
                    check(room.participants.get(actor).muted, RejectionReason.INVALID_TRANSITION);
                    room.participants.get(actor).muted = false;
                }
                case MUTE_ALL -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    List<Member> unmuted = room.participants.values().stream()
                        .filter(m -> m.role == Role.SPEAKER && !m.muted).toList();
                    check(!unmuted.isEmpty(), RejectionReason.INVALID_TRANSITION);
                    unmuted.forEach(m -> m.muted = true);
                }
                case KICK -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(!target.equals(actor), RejectionReason.INVALID_TRANSITION);
                    check(room.role(target) != null, RejectionReason.NOT_IN_ROOM);
                    leave(room, target);
                }
                case BAN -> {
                    check(moderator, RejectionReason.NOT_MODERATOR);
                    check(!target.equals(actor), RejectionReason.INVALID_TRANSITION);
                    check(room.banned.add(target), RejectionReason.INVALID_TRANSITION);
                    room.invited.remove(target);
                    room.requests.remove(target);
                    if (room.role(target) != null) {
                        leave(room, target);
                    }
                }
                default -> throw new IllegalStateException(send.kind().name());
            }
            return room;
        }

        private static void checkLimits(Integer capacity, Integer speakerLimit) {
            check(capacity == null || (capacity >= 1 && capacity <= LIMITS.capacity()), RejectionReason.INVALID_COMMAND);
            check(speakerLimit == null || (speakerLimit >= 1 && speakerLimit <= LIMITS.speakerLimit()),
                RejectionReason.INVALID_COMMAND);
        }

        private static void setRole(Room room, String user, Role role, Instant now) {
            Member member = room.participants.get(user);
            if (speaking(role) && !speaking(member.role)) {
                member.speakerSince = now;
            }
            if (!speaking(role)) {
                member.speakerSince = null;
                member.muted = false;
            }
            member.role = role;
        }

        /** Leaves; the last moderator hands the room to the speaker who has been one the longest. */
        private static void leave(Room room, String user) {
            boolean lastModerator = room.role(user) == Role.MODERATOR && room.count(Role.MODERATOR) == 1;
            room.hands.remove(user);
            room.participants.remove(user);
            if (lastModerator) {
                room.participants.entrySet().stream()
                    .filter(e -> e.getValue().role == Role.SPEAKER)
                    .min(Comparator.comparing(e -> e.getValue().speakerSince))
                    .ifPresent(e -> e.getValue().role = Role.MODERATOR);
            }
        }

        Expiry expire(String roomId, Instant now) {
            Room room = rooms.get(roomId);
            if (room == null) {
                return Expiry.NONE;
            }
            if (room.lifecycle == RoomLifecycle.ENDED) {
                if (!now.isBefore(room.lastActivity.plus(LIMITS.idleExpiry()))) {
                    rooms.remove(roomId);
                    return new Expiry(ExpiryKind.FORGET, null);
                }
                return Expiry.NONE;
            }
            EndReason reason = null;
            if (room.lifecycle == RoomLifecycle.SCHEDULED) {
                if (!now.isBefore(room.startsAt.plus(LIMITS.scheduledStartTimeout()))) {
                    reason = EndReason.NEVER_STARTED;
                }
            } else if (!now.isBefore(room.startedAt.plus(LIMITS.maxDuration()))) {
                reason = EndReason.MAX_DURATION;
            } else if (room.participants.isEmpty() && !now.isBefore(room.lastActivity.plus(LIMITS.emptyTimeout()))) {
                reason = EndReason.EMPTY_TIMEOUT;
            } else if (!now.isBefore(room.lastActivity.plus(LIMITS.idleExpiry()))) {
                reason = EndReason.IDLE_EXPIRY;
            }
            if (reason == null) {
                return Expiry.NONE;
            }
            room.participants.clear();
            room.hands.clear();
            room.requests.clear();
            room.lifecycle = RoomLifecycle.ENDED;
            room.lastActivity = now;
            return new Expiry(ExpiryKind.END, reason);
        }
    }
}
