package io.roomcast.ranking.core;

import io.roomcast.events.HallwayViewer;
import io.roomcast.events.Participant;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.RankingReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.ScoreTerms;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * One user's hallway from the rooms that exist now, a pure function (issue 13, point 3):
 * <ul>
 *   <li><b>live</b>: every LIVE room the viewer may see ({@link HallwayPrivacy}), scored by
 *       {@link HallwayScore}, best first (ties: more participants first, then room id), at most
 *       {@link Settings#liveLimit()}. <b>Cold start</b>: a viewer who follows fewer than
 *       {@link Settings#coldStartFollows()} users and clubs together gets the rooms of their topics first
 *       (topic term, highest first), then trending ones (joins per minute, highest first);</li>
 *   <li><b>upcoming</b>: SCHEDULED rooms the viewer may see whose host the viewer follows or whose club the
 *       viewer follows or belongs to, announced to start within {@link Settings#upcomingHorizon()} (or with
 *       no announced start), soonest first (no start last), at most {@link Settings#upcomingLimit()}.</li>
 * </ul>
 * Reasons of a room, in this order: FOLLOWED_SPEAKER (a followee on stage), FOLLOWED_CLUB (the viewer's
 * club, followed or joined), TOPIC_MATCH (topic term above 0), TRENDING (at least
 * {@link Settings#trendingJoinsPerMinute()} joins per minute), SCHEDULED (upcoming rooms).
 */
public final class HallwayRanker {
    /** Speakers and moderators a ranked room names for its card ({@code RankedRoom.speakerIds}), in join order. */
    static final int SHOWN_SPEAKERS = 5;
    private final Settings settings;
    private final HallwayScore score;

    /**
     * The hallway's settings (ranking-stream's {@code roomcast.hallway-*}).
     *
     * @param score                  the score's weights and constants
     * @param liveLimit              live rooms listed at most (count, default 50), at least 1
     * @param upcomingLimit          upcoming rooms listed at most (count, default 20), at least 0
     * @param upcomingHorizon        how far ahead an announced start may be (default 7 days)
     * @param trendingJoinsPerMinute joins per minute (short window) from which a room is TRENDING (default 1.0)
     * @param coldStartFollows       followed users plus clubs below which a viewer gets the cold-start order
     *                               (default 1: a viewer who follows nobody and no club)
     */
    public record Settings(HallwayScore.Settings score, int liveLimit, int upcomingLimit, Duration upcomingHorizon,
                           double trendingJoinsPerMinute, int coldStartFollows) {
        public static final Settings DEFAULTS = new Settings(HallwayScore.Settings.DEFAULTS, 50, 20, Duration.ofDays(7),
            1.0, 1);

        /** @throws IllegalArgumentException for a limit or threshold out of range */
        public Settings {
            Objects.requireNonNull(score);
            if (liveLimit < 1 || upcomingLimit < 0 || upcomingHorizon.isNegative() || trendingJoinsPerMinute < 0
                    || coldStartFollows < 0) {
                throw new IllegalArgumentException("hallway settings out of range: " + this);
            }
        }
    }

    /**
     * What the hallway keeps of a viewer beside the social graph.
     *
     * @param coListens followee userId -> rooms the viewer and the followee were in together (count; absent 0)
     * @param hidden    rooms the viewer hid (social-graph HIDES edges): never shown
     */
    public record Personal(Map<String, Integer> coListens, Set<String> hidden) {
        /** No co-listens, nothing hidden. */
        public static final Personal NONE = new Personal(Map.of(), Set.of());
    }

    /**
     * A computed hallway.
     *
     * @param coldStart true if ranked in the cold-start order
     * @param live      live rooms, best first
     * @param upcoming  upcoming rooms, soonest first
     * @param together  co-listening now: roomId -> the followees in that LIVE room with the viewer (any
     *                  visibility: a private room counts too), sorted; rooms without one are absent
     */
    public record Hallway(boolean coldStart, List<RankedRoom> live, List<RankedRoom> upcoming,
                          Map<String, List<String>> together) {
        /** Live then upcoming rooms, as HallwayRanking.rooms lists them. */
        public List<RankedRoom> rooms() {
            List<RankedRoom> all = new ArrayList<>(live);
            all.addAll(upcoming);
            return all;
        }

        /**
         * A hash of what the viewer is shown: cold start, and per room in order every field of {@link RankedRoom}
         * but {@code score} and {@code terms} (rooms, order, counts, reasons). Equal for the same listing in any
         * JVM ({@link #stableHash}), so it can be stored and compared after a restart; computed without copying the
         * rooms or converting their strings (Avro's {@code SpecificData.hashCode} made a {@code Utf8} of every
         * string: 6 % of ranking-stream's CPU at the scale).
         */
        public int fingerprint() {
            int hash = Boolean.hashCode(coldStart);
            for (List<RankedRoom> section : List.of(live, upcoming)) {
                for (RankedRoom room : section) {
                    for (Schema.Field field : SHOWN_FIELDS) {
                        hash = 31 * hash + stableHash(room.get(field.pos()));
                    }
                }
            }
            return hash;
        }
    }

    /**
     * A hash of a field's value that is the same in every JVM: a string by {@link String#hashCode} (defined by its
     * characters), an enum by ordinal (its own hash is the object's identity), a list element by element, anything
     * else (numbers, booleans, instants, Avro records) by its value's {@code hashCode}; null 0.
     */
    static int stableHash(Object value) {
        return switch (value) {
            case null -> 0;
            case CharSequence text -> text.toString().hashCode();
            case Enum<?> constant -> constant.ordinal();
            case List<?> list -> {
                int hash = 1;
                for (Object element : list) {
                    hash = 31 * hash + stableHash(element);
                }
                yield hash;
            }
            default -> value.hashCode();
        };
    }

    /** The fields of a ranked room a viewer sees change: all but the score and its terms. */
    private static final List<Schema.Field> SHOWN_FIELDS = RankedRoom.getClassSchema().getFields().stream()
        .filter(field -> !field.name().equals("score") && !field.name().equals("terms")).toList();

    public HallwayRanker(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.score = new HallwayScore(settings.score());
    }

    /** The weights this ranker scores with. */
    public HallwayScore.Weights weights() {
        return settings.score().weights();
    }

    /** A ranker like this one with other score weights (set at run time on ranking-config). */
    public HallwayRanker withWeights(HallwayScore.Weights weights) {
        return new HallwayRanker(new Settings(settings.score().withWeights(weights), settings.liveLimit(),
            settings.upcomingLimit(), settings.upcomingHorizon(), settings.trendingJoinsPerMinute(),
            settings.coldStartFollows()));
    }

    /**
     * The rooms that exist now, read once and shared by every ranking of a punctuator tick: per room what does not
     * depend on the viewer (privacy facts, momentum and speaker-quality terms, counts), where each participant is,
     * and indexes that let a ranking look at few rooms (see {@link #rank}). Costs O(P + R log R) per read (P
     * participants, R rooms).
     *
     * @param joinsPerMinute a room's joins per minute over the short window (RoomStats.joinsPerMinute1m; 0 if unknown)
     * @param speakerQuality userId -> quality 0 to 1 ({@link SpeakerQualityRules}); null for a speaker without history
     */
    public Rooms rooms(Iterable<RoomSnapshot> snapshots, ToDoubleFunction<String> joinsPerMinute,
                       Function<String, Double> speakerQuality) {
        List<Card> cards = new ArrayList<>();
        snapshots.forEach(room -> cards.add(card(room, joinsPerMinute, speakerQuality)));
        return indexed(cards);
    }

    /**
     * A read like {@code previous} but for some rooms, without decoding the others again: each of {@code changed}
     * replaces its room (same id) or is added, the rooms whose ids are in {@code gone} are left out, and every other
     * room is as {@code previous} read it (its counts, joins per minute and speakers' quality then). O(P + R log R)
     * to index, its terms computed for the changed rooms only.
     *
     * @param joinsPerMinute as for {@link #rooms(Iterable, ToDoubleFunction, Function)}, asked for the changed rooms
     * @param speakerQuality as for {@link #rooms(Iterable, ToDoubleFunction, Function)}, asked for the changed rooms
     */
    public Rooms rooms(Rooms previous, Iterable<RoomSnapshot> changed, Iterable<String> gone,
                       ToDoubleFunction<String> joinsPerMinute, Function<String, Double> speakerQuality) {
        Map<String, Card> byId = new LinkedHashMap<>();
        previous.cards.forEach(card -> byId.put(card.room().getRoomId(), card));
        gone.forEach(byId::remove);
        changed.forEach(room -> byId.put(room.getRoomId(), card(room, joinsPerMinute, speakerQuality)));
        return indexed(new ArrayList<>(byId.values()));
    }

    private Rooms indexed(List<Card> cards) {
        Rooms rooms = new Rooms(cards);
        rooms.byScore(score); // the usual weights' order, made here rather than by the first ranking
        return rooms;
    }

    private Card card(RoomSnapshot room, ToDoubleFunction<String> joinsPerMinute,
                      Function<String, Double> speakerQuality) {
        Set<String> onStage = new HashSet<>();
        List<String> shownSpeakers = new ArrayList<>(SHOWN_SPEAKERS);
        for (Participant p : room.getParticipants()) {
            if (onStage(p.getRole())) {
                onStage.add(p.getUserId());
                if (shownSpeakers.size() < SHOWN_SPEAKERS) {
                    shownSpeakers.add(p.getUserId());
                }
            }
        }
        double jpm = joinsPerMinute.applyAsDouble(room.getRoomId());
        return new Card(room, new RoomFacts(room), jpm, score.momentum(jpm),
            score.speakerQuality(onStage, speakerQuality), onStage.size(),
            room.getParticipants().size() - onStage.size(), List.copyOf(shownSpeakers));
    }

    /**
     * What {@link #rooms} read: a card per room; each LIVE room's participants' seats by userId; LIVE rooms by club;
     * SCHEDULED rooms by host and by club; and the LIVE PUBLIC and SOCIAL rooms grouped by topic, each group in two
     * orders: by the viewer-independent part of the score (per weights, made on first use) and by joins per minute
     * (the cold-start order). Thread-safe once made.
     */
    public static final class Rooms {
        private final List<Card> cards;
        private final Map<String, List<Seat>> seats = new HashMap<>();
        private final Map<String, Long> versions;
        private final Map<String, List<Integer>> liveByClub = new HashMap<>();
        private final Map<String, List<Integer>> scheduledByHost = new HashMap<>();
        private final Map<String, List<Integer>> scheduledByClub = new HashMap<>();
        /** Rooms any viewer may see without a club or a followee in them, by topic (a null topic is a group too). */
        private final Map<String, List<Integer>> open = new HashMap<>();
        private final List<Group> byTrend;
        private final Map<HallwayScore.Weights, List<Group>> byScore = new ConcurrentHashMap<>();

        private Rooms(List<Card> cards) {
            this.cards = cards;
            this.versions = cards.stream().collect(Collectors.toUnmodifiableMap(card -> card.room().getRoomId(),
                card -> card.room().getVersion(), Math::max));
            for (int i = 0; i < cards.size(); i++) {
                RoomSnapshot room = cards.get(i).room();
                String club = room.getDetails().getClubId();
                if (room.getLifecycle() == RoomLifecycle.SCHEDULED) {
                    scheduledByHost.computeIfAbsent(room.getCreatedBy(), host -> new ArrayList<>()).add(i);
                    if (club != null) {
                        scheduledByClub.computeIfAbsent(club, id -> new ArrayList<>()).add(i);
                    }
                } else if (room.getLifecycle() == RoomLifecycle.LIVE) {
                    for (Participant p : room.getParticipants()) {
                        seats.computeIfAbsent(p.getUserId(), user -> new ArrayList<>(1)).add(new Seat(i, onStage(p.getRole())));
                    }
                    if (club != null) {
                        liveByClub.computeIfAbsent(club, id -> new ArrayList<>()).add(i);
                    }
                    Visibility visibility = room.getDetails().getVisibility();
                    if (visibility == Visibility.PUBLIC || visibility == Visibility.SOCIAL) {
                        open.computeIfAbsent(room.getDetails().getTopic(), topic -> new ArrayList<>()).add(i);
                    }
                }
            }
            this.byTrend = groups(Comparator.comparingDouble((Integer card) -> cards.get(card).joinsPerMinute()).reversed());
        }

        /** The open rooms' groups, each sorted by {@code primary}, then more participants first, then room id. */
        private List<Group> groups(Comparator<Integer> primary) {
            Comparator<Integer> order = primary.thenComparing(tieBreak(card -> card, cards));
            List<Group> groups = new ArrayList<>(open.size());
            open.forEach((topic, members) -> groups.add(new Group(topic,
                members.stream().sorted(order).mapToInt(Integer::intValue).toArray())));
            return groups;
        }

        /** The groups in the order of the score's viewer-independent part (momentum and speaker quality terms). */
        private List<Group> byScore(HallwayScore score) {
            return byScore.computeIfAbsent(score.weights(), weights -> {
                double[] part = new double[cards.size()]; // computed once, not at each comparison
                for (int i = 0; i < part.length; i++) {
                    part[i] = score.combine(0, 0, cards.get(i).momentum(), cards.get(i).quality());
                }
                return groups(Comparator.comparingDouble((Integer card) -> part[card]).reversed());
            });
        }

        private List<Seat> of(String userId) {
            return seats.getOrDefault(userId, List.of());
        }

        private static List<Integer> of(Map<String, List<Integer>> index, String key) {
            return index.getOrDefault(key, List.of());
        }

        /** Whether {@code roomId} is a room that exists now (live or scheduled; an ended one is absent). */
        public boolean exists(String roomId) {
            return versions.containsKey(roomId);
        }

        /** Whether this read holds {@code roomId} at {@code version} or later. */
        public boolean holds(String roomId, long version) {
            return versions.getOrDefault(roomId, Long.MIN_VALUE) >= version;
        }
    }

    /** Open rooms of one topic (null: none), as card indexes in one order. */
    private record Group(String topic, int[] cards) {
    }

    /** A room as every viewer's ranking sees it. */
    private record Card(RoomSnapshot room, RoomFacts facts, double joinsPerMinute, double momentum, double quality,
                        int speakers, int listeners, List<String> shownSpeakers) {
    }

    /** A participant's place: the room's card, and whether they are on stage. */
    private record Seat(int card, boolean onStage) {
    }

    /** What a viewer's followees and clubs add to one room: the social sum s, and the followees on stage. */
    private static final class Touch {
        private double social;
        private final List<String> followedSpeakers = new ArrayList<>(1);
    }

    /**
     * Ranks without scoring every room: the live rooms where a followee is or of the viewer's clubs (the "touched"
     * ones) are scored in full; every other room the viewer may see is PUBLIC or SOCIAL, and its score is its
     * viewer-independent part plus the topic term of its topic, the same for every room of that topic. So each topic
     * group is walked in the order of that part, and the walk stops at the first room that is worse than the
     * {@link Settings#liveLimit()}-th best found so far (a bounded heap), as every room after it is too (Fagin's
     * threshold algorithm). The listing is the one that scoring and sorting every room gives. Cost per ranking
     * O(F + T + L log L) rooms looked at (F the followees' seats and the clubs' rooms, T topics, L the limit) at best,
     * O(R) at worst (most rooms hidden from the viewer).
     *
     * @param viewer          what the social graph says of the viewer
     * @param followedBy      whether a user follows the viewer (for SOCIAL rooms)
     * @param rooms           the rooms that exist now ({@link #rooms}: room-state; ended ones are absent)
     * @param personal        the viewer's co-listens and hidden rooms
     * @param now             the time follows' ages and the upcoming horizon are measured from
     */
    public Hallway rank(HallwayViewer viewer, Predicate<String> followedBy, Rooms rooms, Personal personal,
                        Instant now) {
        Set<String> clubs = new HashSet<>(viewer.getClubs());
        Set<String> anyClub = new HashSet<>(clubs);
        anyClub.addAll(viewer.getFollowedClubs());
        Set<String> blocked = new HashSet<>(viewer.getBlocks());
        blocked.addAll(viewer.getBlockedBy());
        Map<String, HallwayScore.Follow> follows = new HashMap<>();
        viewer.getFollows().forEach((user, since) -> follows.put(user, new HallwayScore.Follow(Instant.ofEpochMilli(since),
            personal.coListens().getOrDefault(user, 0))));
        HallwayScore.Viewer scored = new HallwayScore.Viewer(viewer.getUserId(), follows, viewer.getTopics(), anyClub);
        HallwayPrivacy.ViewerFacts privacy = new ViewerFacts(viewer.getUserId(), clubs, blocked, followedBy,
            personal.hidden());
        boolean coldStart = follows.size() + viewer.getFollowedClubs().size() + clubs.size() < settings.coldStartFollows();

        Set<Integer> viewersRooms = new HashSet<>();
        rooms.of(viewer.getUserId()).forEach(seat -> viewersRooms.add(seat.card()));
        Map<Integer, Touch> touched = new HashMap<>();
        Map<String, List<String>> together = new HashMap<>();
        for (Map.Entry<String, HallwayScore.Follow> follow : follows.entrySet()) {
            for (Seat seat : rooms.of(follow.getKey())) {
                Touch touch = touched.computeIfAbsent(seat.card(), card -> new Touch());
                touch.social += score.presence(seat.onStage(), follow.getValue(), now);
                if (seat.onStage()) {
                    touch.followedSpeakers.add(follow.getKey());
                }
                if (viewersRooms.contains(seat.card()) && !follow.getKey().equals(viewer.getUserId())) {
                    together.computeIfAbsent(rooms.cards.get(seat.card()).room().getRoomId(), id -> new ArrayList<>())
                        .add(follow.getKey());
                }
            }
        }
        together.values().forEach(followees -> followees.sort(null));
        anyClub.forEach(club -> Rooms.of(rooms.liveByClub, club).forEach(card -> touched.computeIfAbsent(card,
            c -> new Touch())));

        Comparator<Candidate> order = (coldStart
            ? Comparator.comparingDouble(Candidate::topic).reversed()
                .thenComparing(Comparator.comparingDouble((Candidate c) -> rooms.cards.get(c.card()).joinsPerMinute()).reversed())
            : Comparator.comparingDouble(Candidate::score).reversed())
            .thenComparing(tieBreak(Candidate::card, rooms.cards));
        PriorityQueue<Candidate> best = new PriorityQueue<>(settings.liveLimit() + 1, order.reversed()); // worst first
        touched.forEach((card, touch) -> {
            Card room = rooms.cards.get(card);
            if (HallwayPrivacy.mayAppear(room.facts(), privacy)) {
                offer(best, order, candidate(card, room, score.social(touch.social),
                    score.topic(room.room().getDetails().getTopic(), room.room().getDetails().getClubId(), scored)));
            }
        });
        for (Group group : coldStart ? rooms.byTrend : rooms.byScore(score)) {
            double topic = score.topic(group.topic(), null, scored); // untouched: no club of the viewer's
            for (int card : group.cards()) {
                if (touched.containsKey(card)) {
                    continue;
                }
                Card room = rooms.cards.get(card);
                Candidate candidate = candidate(card, room, 0, topic);
                if (best.size() == settings.liveLimit() && worse(candidate, best.peek(), coldStart, rooms)) {
                    break; // every later room of the group is worse still
                }
                if (HallwayPrivacy.mayAppear(room.facts(), privacy)) {
                    offer(best, order, candidate);
                }
            }
        }
        List<RankedRoom> shown = best.stream().sorted(order).map(c -> shown(rooms.cards.get(c.card()), c,
            touched.containsKey(c.card()) ? touched.get(c.card()).followedSpeakers : List.of(), scored)).toList();
        return new Hallway(coldStart, shown, upcoming(rooms, follows.keySet(), anyClub, privacy, now), together);
    }

    /** A live room's scores for one viewer (its card's index in {@link Rooms}). */
    private record Candidate(int card, double score, double social, double topic) {
    }

    private Candidate candidate(int card, Card room, double social, double topic) {
        return new Candidate(card, score.combine(social, topic, room.momentum(), room.quality()), social, topic);
    }

    /** Keeps the {@link Settings#liveLimit()} best candidates in {@code best} (its head: the worst kept). */
    private void offer(PriorityQueue<Candidate> best, Comparator<Candidate> order, Candidate candidate) {
        if (best.size() < settings.liveLimit()) {
            best.add(candidate);
        } else if (order.compare(candidate, best.peek()) < 0) {
            best.poll();
            best.add(candidate);
        }
    }

    /**
     * Whether an untouched room, and so every later room of its group, is below {@code worstKept} whatever the tie
     * break: by the score, with a margin for the rounding that makes a sum of the same terms differ in its last bits
     * between rooms (relative, as weights have no upper bound); or in the cold-start order by the topic term (equal
     * in a group), then joins per minute (exact).
     */
    private static boolean worse(Candidate candidate, Candidate worstKept, boolean coldStart, Rooms rooms) {
        if (!coldStart) {
            return candidate.score() < worstKept.score() - SCORE_MARGIN * Math.max(1, Math.abs(worstKept.score()));
        }
        double jpm = rooms.cards.get(candidate.card()).joinsPerMinute();
        return candidate.topic() < worstKept.topic()
            || candidate.topic() == worstKept.topic() && jpm < rooms.cards.get(worstKept.card()).joinsPerMinute();
    }

    /** Relative to the score: far above the rounding of a sum of four weighted terms, far below any real gap. */
    private static final double SCORE_MARGIN = 1e-9;

    /** The ranking's last keys: more participants first, then room id. */
    private static <T> Comparator<T> tieBreak(ToIntFunction<T> card, List<Card> cards) {
        return Comparator.comparingInt((T t) -> -(cards.get(card.applyAsInt(t)).listeners()
                + cards.get(card.applyAsInt(t)).speakers()))
            .thenComparing(t -> cards.get(card.applyAsInt(t)).room().getRoomId());
    }

    /** The SCHEDULED rooms of followed hosts and of the viewer's clubs it may see, soonest first (no start last). */
    private List<RankedRoom> upcoming(Rooms rooms, Set<String> follows, Set<String> anyClub,
                                      HallwayPrivacy.ViewerFacts privacy, Instant now) {
        Set<Integer> found = new HashSet<>();
        follows.forEach(host -> found.addAll(Rooms.of(rooms.scheduledByHost, host)));
        anyClub.forEach(club -> found.addAll(Rooms.of(rooms.scheduledByClub, club)));
        return found.stream().map(rooms.cards::get)
            .filter(card -> HallwayPrivacy.mayAppear(card.facts(), privacy) && announcedWithin(card.room(), now))
            .map(card -> ranked(card, 0, List.of(), scheduledReasons(card.room(), anyClub), null))
            .sorted(Comparator.comparing((RankedRoom r) -> r.getStartsAt() == null ? Instant.MAX : r.getStartsAt())
                .thenComparing(RankedRoom::getRoomId))
            .limit(settings.upcomingLimit()).toList();
    }

    /** A live room as listed, with its reasons and terms (built only for the rooms shown). */
    private RankedRoom shown(Card card, Candidate c, List<String> followedSpeakers, HallwayScore.Viewer viewer) {
        RoomSnapshot room = card.room();
        List<RankingReason> reasons = new ArrayList<>();
        if (!followedSpeakers.isEmpty()) {
            reasons.add(RankingReason.FOLLOWED_SPEAKER);
        }
        if (room.getDetails().getClubId() != null && viewer.clubs().contains(room.getDetails().getClubId())) {
            reasons.add(RankingReason.FOLLOWED_CLUB);
        }
        if (score.topic(room.getDetails().getTopic(), null, viewer) > 0) {
            reasons.add(RankingReason.TOPIC_MATCH);
        }
        if (card.joinsPerMinute() >= settings.trendingJoinsPerMinute() && card.joinsPerMinute() > 0) {
            reasons.add(RankingReason.TRENDING);
        }
        List<String> speakers = new ArrayList<>(followedSpeakers);
        speakers.sort(null);
        return ranked(card, c.score(), speakers, reasons,
            new ScoreTerms(c.social(), c.topic(), card.momentum(), card.quality()));
    }

    /** Whether a scheduled room has no announced start or one within {@link Settings#upcomingHorizon()}. */
    private boolean announcedWithin(RoomSnapshot room, Instant now) {
        return room.getStartsAt() == null || !room.getStartsAt().isAfter(now.plus(settings.upcomingHorizon()));
    }

    private static List<RankingReason> scheduledReasons(RoomSnapshot room, Set<String> clubs) {
        return room.getDetails().getClubId() != null && clubs.contains(room.getDetails().getClubId())
            ? List.of(RankingReason.SCHEDULED, RankingReason.FOLLOWED_CLUB) : List.of(RankingReason.SCHEDULED);
    }

    private static RankedRoom ranked(Card card, double score, List<String> followedSpeakers,
                                     List<RankingReason> reasons, ScoreTerms terms) {
        RoomSnapshot room = card.room();
        return RankedRoom.newBuilder().setRoomId(room.getRoomId()).setTitle(room.getDetails().getTitle())
            .setLifecycle(room.getLifecycle()).setScore(score)
            .setListenerCount(card.listeners()).setSpeakerCount(card.speakers())
            .setFollowedSpeakerIds(followedSpeakers).setReasons(reasons).setTopic(room.getDetails().getTopic())
            .setLanguage(room.getDetails().getLanguage()).setSpeakerIds(card.shownSpeakers())
            .setStartsAt(room.getLifecycle() == RoomLifecycle.SCHEDULED ? room.getStartsAt() : null)
            .setTerms(terms).build();
    }

    private static boolean onStage(Role role) {
        return role == Role.SPEAKER || role == Role.MODERATOR;
    }

    /** The privacy rule's view of a room snapshot. */
    private record RoomFacts(RoomSnapshot room) implements HallwayPrivacy.RoomFacts {
        @Override
        public String roomId() {
            return room.getRoomId();
        }

        @Override
        public Visibility visibility() {
            return room.getDetails().getVisibility();
        }

        @Override
        public String clubId() {
            return room.getDetails().getClubId();
        }

        @Override
        public String hostId() {
            return room.getCreatedBy();
        }

        @Override
        public boolean banned(String userId) {
            return room.getBannedUserIds().contains(userId);
        }

        @Override
        public boolean invited(String userId) {
            return room.getInvitedUserIds().contains(userId);
        }
    }

    /** The privacy rule's view of a viewer. */
    private record ViewerFacts(String userId, Set<String> clubs, Set<String> blocked, Predicate<String> followers,
                               Set<String> hidden) implements HallwayPrivacy.ViewerFacts {
        @Override
        public boolean memberOf(String clubId) {
            return clubs.contains(clubId);
        }

        @Override
        public boolean blockedWith(String userId) {
            return blocked.contains(userId);
        }

        @Override
        public boolean hid(String roomId) {
            return hidden.contains(roomId);
        }

        @Override
        public boolean followedBy(String userId) {
            return followers.test(userId);
        }
    }
}
