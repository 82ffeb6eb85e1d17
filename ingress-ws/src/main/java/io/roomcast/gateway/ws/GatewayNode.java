package io.roomcast.gateway.ws;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.websocket.WebSocketSession;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.gateway.fanout.Fact;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.FanoutMetrics;
import io.roomcast.gateway.fanout.KeyInterestListener;
import io.roomcast.gateway.fanout.PartitionInterest;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.feed.FactFeed;
import io.roomcast.gateway.feed.KafkaCatchup;
import io.roomcast.gateway.protocol.ClientFrame;
import io.roomcast.gateway.protocol.CommandRateLimiter;
import io.roomcast.gateway.protocol.Commands;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.gateway.protocol.RateLimitVerdict;
import io.roomcast.gateway.protocol.SessionAction;
import io.roomcast.gateway.protocol.SessionProtocol;
import io.roomcast.gateway.protocol.ServerFrame;
import io.roomcast.gateway.protocol.SessionVerdict;
import io.roomcast.gateway.protocol.TokenVerifier;
import io.roomcast.gateway.rest.GatewayRedis;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RoomSnapshotText;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: its connections, the fan-out fed from room-events, the producers of commands
 * and heartbeats, and the snapshot-then-stream joins and resumes (docs/protocol.md). Snapshots come
 * from the Redis read model (the {@code snapshot} field of {@code room:{id}}).
 */
@Singleton
public class GatewayNode {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);
    /** Between two reads of a snapshot not yet showing the join: 50 ms. */
    static final Duration SNAPSHOT_RETRY = Duration.ofMillis(50);

    private final ProtocolSettings settings;
    private final SessionOutbox.Limits outboxLimits;
    private final FrameCodec codec;
    private volatile BiConsumer<Connection, String> roomEntered = (connection, room) -> { };
    private final TokenVerifier verifier;
    private final CommandRateLimiter rateLimiter;
    private final RedisSessionRegistry sessions;
    private final String nodeId;
    private final PartitionInterest interest = new PartitionInterest(FactFeed::partitionOf);
    private final Fanout fanout;
    private final FactFeed feed;
    private final KafkaCatchup catchupReader;
    private final ResumeCatchups catchups;
    private final KafkaProducer<String, RoomCommand> commands;
    private final PresencePublisher presence;
    private final RoomSnapshots snapshots;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
        Thread.ofPlatform().name("gateway-", 0).daemon().factory());
    /**
     * Publishes commands and heartbeats, in the order the connections hand them over. Never on a
     * WebSocket event loop: the registry serde may block on its first lookup, and its HTTP client
     * answers on a Netty event loop (a deadlock if that is the loop waiting for it).
     */
    private final java.util.concurrent.ExecutorService publisher = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("gateway-publisher").daemon().factory());
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** READY connections by user, for user events: each value an immutable set, replaced on change. */
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    /** Told when a user gets a first READY connection here and when it loses the last ({@link #followUsers}). */
    private final List<KeyInterestListener> userInterest = new CopyOnWriteArrayList<>();
    private final GatewayMetrics metrics;

    /**
     * @param settings      client protocol limits and timers ({@code roomcast.gateway.protocol.*})
     * @param outboxLimits  bounds of each session's outbound queue ({@code roomcast.gateway.outbox.*})
     * @param fanoutSettings room log bounds and linger ({@code roomcast.gateway.room-log.*})
     * @param resumeLimits  how far back RESUME is served from Kafka ({@code roomcast.gateway.resume-from-kafka.*})
     * @param presenceTickInterval how often this node writes its tick into every partition of presence-heartbeats
     *                      ({@code roomcast.gateway.presence-tick-interval}, 1 s; see {@link PresencePublisher})
     */
    public GatewayNode(ProtocolSettings settings, SessionOutbox.Limits outboxLimits, Fanout.Settings fanoutSettings,
                       KafkaCatchup.Limits resumeLimits,
                       TokenVerifier verifier, CommandRateLimiter rateLimiter, RedisSessionRegistry sessions,
                       MeterRegistry meters,
                       @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                       @Value("${roomcast.registry-url}") String registryUrl,
                       GatewayRedis redis,
                       @Value("${roomcast.gateway.node-id:}") String nodeId,
                       @Value("${roomcast.gateway.feed.fetch-max-wait}") Duration fetchMaxWait,
                       @Value("${roomcast.gateway.presence-tick-interval:1s}") Duration presenceTickInterval) {
        this.settings = settings;
        this.outboxLimits = outboxLimits;
        this.codec = new FrameCodec(settings);
        this.fanout = new Fanout(fanoutSettings, System::currentTimeMillis, FanoutMetrics.NONE, interest);
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.sessions = sessions;
        this.nodeId = nodeId.isBlank() ? "gateway-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
        Map<String, Object> serdes = EventSerdes.config(registryUrl);
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 2);
        this.commands = new KafkaProducer<>(producer, EventSerdes.key(Topics.ROOM_COMMANDS).serializer(),
            EventSerdes.value(Topics.ROOM_COMMANDS, serdes).serializer());
        this.presence = new PresencePublisher(producer, serdes, this.nodeId, publisher);
        this.snapshots = new RoomSnapshots(redis, codec, scheduler, SNAPSHOT_RETRY);
        this.metrics = new GatewayMetrics(meters, connections::size);
        this.feed = new FactFeed(bootstrapServers, serdes, fanout, interest, codec,
            Duration.ofMillis(fanoutSettings.roomLog().maxAgeMs()), fetchMaxWait);
        this.catchupReader = new KafkaCatchup(bootstrapServers, serdes, codec, resumeLimits);
        this.catchups = new ResumeCatchups(fanout, catchupReader, scheduler);
        scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(presence::tick, 0, presenceTickInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(fanout::expireIdleRooms, 10, 10, TimeUnit.SECONDS);
    }

    /** A new client connection over {@code channel} (its Netty channel, see {@link ConnectionChannels}). */
    Connection open(WebSocketSession socket, io.netty.channel.Channel channel) {
        Connection connection = new Connection(socket, channel,
            new SessionProtocol(settings, codec, verifier, UUID::randomUUID, nodeId), this);
        connections.add(connection);
        connection.start();
        return connection;
    }

    /**
     * The open connections of {@code userId} on this node that are READY (after IDENTIFY, or a RESUME the
     * registry granted): one map lookup, whatever the number of connections, so the user-topic feeds can ask
     * for every record they read.
     */
    Set<Connection> connectionsOf(String userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    /**
     * {@code connection}'s session is READY for {@code userId}: it gets that user's events from now on (those its
     * node reads: see {@link UserTopicFeed} for the first user of a partition). The user's first READY connection
     * here tells the {@link #followUsers} listeners.
     */
    void listen(Connection connection, String userId) {
        byUser.compute(userId, (user, listed) -> {
            if (listed == null) {
                userInterest.forEach(listener -> listener.keyAdded(user));
            }
            Set<Connection> now = new HashSet<>(listed == null ? Set.of() : listed);
            now.add(connection);
            return Set.copyOf(now);
        });
    }

    /**
     * From now on, tells {@code listener} each user that gets a first READY connection on this node ({@code keyAdded})
     * and each that loses the last ({@code keyRemoved}); first {@code keyAdded} for the users READY now. Calls for
     * one user are ordered (made under its entry of the READY map), on the thread that opened or closed the
     * connection (possibly a Netty event loop): the listener must be fast and must not block.
     */
    void followUsers(KeyInterestListener listener) {
        userInterest.add(listener);
        for (String user : byUser.keySet()) {
            byUser.computeIfPresent(user, (u, listed) -> {
                listener.keyAdded(u); // a repeat of a keyAdded made since add() above: a no-op for a listener counting keys
                return listed;
            });
        }
    }

    void closed(Connection connection) {
        connection.onClosed();
        connections.remove(connection);
        String user = connection.registeredUser();
        if (user != null) {
            byUser.computeIfPresent(user, (u, listed) -> {
                Set<Connection> now = new HashSet<>(listed);
                now.remove(connection);
                if (now.isEmpty()) {
                    userInterest.forEach(listener -> listener.keyRemoved(u));
                    return null;
                }
                return Set.copyOf(now);
            });
        }
    }

    FrameCodec codec() {
        return codec;
    }

    Fanout fanout() {
        return fanout;
    }

    FactFeed feed() {
        return feed;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    SessionOutbox.Limits outboxLimits() {
        return outboxLimits;
    }

    void execute(Runnable task) {
        scheduler.execute(task);
    }

    /**
     * Counts a command against its user's rate limits without blocking the calling event loop; the
     * verdict (completed on a Lettuce thread) goes back to the connection on this node's scheduler.
     */
    void checkRateLimit(Connection connection, SessionAction.CheckRateLimit check) {
        rateLimiter.check(check.userId(), check.op()).whenCompleteAsync((verdict, error) ->
            connection.rateLimitChecked(check.ticket(), error == null ? verdict
                : new RateLimitVerdict.Unavailable(error.getClass().getSimpleName())), scheduler);
    }

    /**
     * Asks the session registry about a RESUME's session without blocking the calling event loop; the
     * verdict (completed on a Lettuce thread) goes back to the connection on this node's scheduler.
     */
    void lookUpSession(Connection connection, SessionAction.LookUpSession lookUp) {
        sessions.check(lookUp.sessionId(), lookUp.userId()).whenCompleteAsync((verdict, error) ->
            connection.sessionLookedUp(error == null ? verdict
                : new SessionVerdict.Unavailable(error.getClass().getSimpleName())), scheduler);
    }

    /** Writes or refreshes a session in the registry (for its TTL from now); never blocks. */
    void registerSession(String sessionId, String userId) {
        sessions.register(sessionId, userId);
    }

    /**
     * Publishes a client command (key roomId). It first registers as awaiting the command's decision
     * ({@link Fanout#awaitDecision}): a session that does not receive the room's facts (a join, or any command
     * for a room it is not in), or that stops receiving them before the decision (its user kicked or banned
     * meanwhile), gets that one answer from {@link #joinDecided} for a join, {@link #decided} for the others;
     * a session streaming the room gets it as facts come. No decision within {@code join-timeout}: ERROR.
     */
    void publish(Connection connection, RoomCommand command) {
        SessionOutbox outbox = connection.openOutbox();
        String room = command.getRoomId();
        String nonce = command.getNonce();
        boolean join = command.getCommand() instanceof JoinRoom;
        Duration wait = settings.joinTimeout();
        long deadline = System.nanoTime() + wait.toNanos();
        // Also for a session streaming the room: if the fact removing its user passes first, it awaits as a joiner.
        fanout.awaitDecision(outbox, room, nonce, decision -> scheduler.execute(() -> {
            if (join) {
                joinDecided(connection, outbox, room, nonce, decision, deadline);
            } else {
                decided(connection, outbox, room, nonce, decision);
            }
        }));
        // What became of the write, for the log when no decision comes: the command's fate tells a lost or late
        // write from a decision that did not reach this node.
        AtomicReference<String> write = new AtomicReference<>("not written to " + Topics.ROOM_COMMANDS.name() + " yet");
        long sentAt = System.nanoTime();
        scheduler.schedule(() -> {
            if (fanout.cancelDecision(outbox, room, nonce)) {
                LOG.warn("{} of session {} in room {} (nonce {}) not decided within {} ms: no fact carrying its nonce "
                    + "reached this node; the command was {}", command.getCommand().getClass().getSimpleName(),
                    outbox.sessionId(), room, nonce, wait.toMillis(), write.get());
                connection.execute(connection.unanswered(room, nonce, wait));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        Callback written = (at, error) -> {
            long ms = (System.nanoTime() - sentAt) / 1_000_000;
            if (error != null) {
                write.set("not written (" + error + ", " + ms + " ms after publishing)");
                LOG.warn("command of session {} in room {} (nonce {}) not written to {}: {}", outbox.sessionId(), room,
                    nonce, Topics.ROOM_COMMANDS.name(), error.toString());
            } else {
                write.set("written to " + at.topic() + "-" + at.partition() + "@" + at.offset() + " " + ms
                    + " ms after publishing");
            }
        };
        publisher.execute(() -> {
            try {
                commands.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), room, command), written);
            } catch (RuntimeException e) { // serialization (registry), buffer full past max.block.ms, closed
                written.onCompletion(null, e);
            }
        });
        metrics.commandPublished(Commands.opOf(command.getCommand().getClass().getSimpleName()));
    }

    /** The decision on a command (not a join) for a room the session does not receive: its one answer, nothing more. */
    private void decided(Connection connection, SessionOutbox outbox, String room, String nonce, Fact decision) {
        fanout.leave(outbox, room);
        if (isAnswer(decision)) {
            connection.send(decision.frame());
        } else {
            connection.execute(connection.commandApplied(room, nonce));
        }
    }

    /** True for the JoinRequested fact: the join was applied as a request for a moderator's approval. */
    private static boolean isJoinRequest(Fact decision) {
        return ((Outgoing) decision.frame().payload()).frame() instanceof ServerFrame.Dispatch d
            && "join_requested".equals(d.type());
    }

    /** True for a CommandRejected / CommandDuplicate (a COMMAND_RESULT frame), false for an applied fact. */
    private static boolean isAnswer(Fact decision) {
        return ((Outgoing) decision.frame().payload()).frame() instanceof ServerFrame.CommandResult;
    }

    void publish(PresenceHeartbeat heartbeat) {
        presence.heartbeat(heartbeat);
    }

    /**
     * The state machine decided the session's join (docs/protocol.md, "Joining a room"). Applied: once
     * the read model holds a snapshot at or after the decision, SNAPSHOT, COMMAND_RESULT applied, then the
     * facts after the snapshot; a join applied as a request (JoinRequested, approval rooms) likewise, with
     * COMMAND_RESULT applied {@code pending} and the room's facts until the request is approved (the user
     * then streams on as a participant), denied or withdrawn. Rejected or duplicate: that COMMAND_RESULT at once; the session gets the
     * room (SNAPSHOT, then its facts) only if the snapshot at or after the decision has the user in it
     * (e.g. a join of a room the user is in by its creation or another session) and the session does not stream
     * the room by then (a RESUME naming it finished meanwhile: the answer is all). Never an answer inferred from a
     * snapshot.
     */
    private void joinDecided(Connection connection, SessionOutbox outbox, String room, String nonce, Fact decision,
                             long deadline) {
        boolean applied = !isAnswer(decision);
        boolean pending = isJoinRequest(decision);
        if (!applied) {
            connection.send(decision.frame());
        }
        Long version = decision.roomVersion();
        if (version == null) {
            fanout.leave(outbox, room); // no such room: nothing to subscribe to
            return;
        }
        String user = outbox.userId();
        snapshots.await(room, new RoomSnapshots.Waiter(s -> s.snapshot().getVersion() >= version, s -> {
            boolean member = s.receives(user);
            if (!applied && !member) {
                fanout.leave(outbox, room);
                return true;
            }
            // A rejected or duplicate join was answered above: the snapshot of a room the user is in is not a second answer.
            Runnable answer = applied ? () -> connection.execute(connection.commandApplied(room, nonce, pending)) : () -> { };
            if (fanout.streams(outbox, room)) {
                // A RESUME naming the room finished meanwhile: the answer only. A SNAPSHOT here would be a second one,
                // maybe older than facts already sent (found by the chaos run, issue 19).
                answer.run();
                return true;
            }
            return sendSnapshot(connection, outbox, s, false, member, answer);
        }, deadline, outbox::isDead, () -> {
            fanout.leave(outbox, room);
            if (applied && !outbox.isDead()) {
                LOG.warn("join of session {} in room {} (nonce {}) decided at version {}, but the read model had no snapshot "
                    + "at or after it within {} ms of the join", outbox.sessionId(), room, nonce, version,
                    settings.joinTimeout().toMillis());
            }
            if (applied) {
                connection.execute(connection.unanswered(room, nonce, settings.joinTimeout()));
            }
        }));
    }

    /**
     * SNAPSHOT, then {@code afterSnapshot} (e.g. the join's COMMAND_RESULT), then the facts after it if the
     * user is in the room, else nothing more of the room.
     *
     * @return false if the fan-out needs a newer snapshot first (the caller fetches one and calls again)
     */
    private boolean sendSnapshot(Connection connection, SessionOutbox outbox, RoomSnapshots.Fetched fetched,
                                 boolean fresh, boolean member, Runnable afterSnapshot) {
        connection.send(fetched.frame(fresh));
        afterSnapshot.run();
        String room = fetched.snapshot().getRoomId();
        if (!member) {
            fanout.leave(outbox, room);
            return true;
        }
        boolean joined = fanout.join(outbox, room, fetched.snapshot().getVersion()) instanceof Fanout.Catchup.Replayed;
        roomEntered.accept(connection, room);
        return joined;
    }

    /**
     * Has {@code listener} told each time a session enters a room's stream on this node: after the SNAPSHOT of a join
     * (or of a resume too far behind), and after RESUMED for each room resumed; on the thread that sent them. One
     * listener (the media fail-over watch, for sessions that were away at a lapse).
     */
    void onRoomEntered(BiConsumer<Connection, String> listener) {
        this.roomEntered = listener;
    }

    /**
     * RESUME accepted (RESUMED sent): per room exactly the missed facts (from the room log, else from Kafka by
     * offset), or a fresh snapshot when they are no longer kept.
     */
    void resume(Connection connection, SessionAction.ResumeSession resume) {
        SessionOutbox outbox = connection.openOutbox();
        long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
        resume.rooms().forEach((room, at) -> {
            Fanout.ResumePoint point = point(at);
            long atLeast = Math.max(point.version(), fanout.seenVersion(room));
            authorizeResume(outbox, room, atLeast, deadline, () -> resumeRoom(connection, outbox, room, point, atLeast));
        });
    }

    /**
     * RESUME names rooms as join does, so each is authorized as a join would be: it goes on only if the
     * read model shows the user in the room, judged on a state at least as new as {@code atLeastVersion}
     * (the newer of what the client says it holds and what this node's stream has seen: a read model
     * lagging behind a ban the client was already sent must not let it back in); a room the user is
     * not in (never was, was refused, left, or was removed while away) is dropped silently before
     * anything of it is sent (docs/protocol.md, "Resume").
     */
    private void authorizeResume(SessionOutbox outbox, String room, long atLeastVersion, long deadline,
                                 Runnable resumeRoom) {
        snapshots.await(room, new RoomSnapshots.Waiter(s -> s.snapshot().getVersion() >= atLeastVersion, s -> {
            if (s.receives(outbox.userId())) {
                resumeRoom.run();
            } else {
                LOG.debug("resume of {} in room {} dropped: not a participant", outbox.sessionId(), room);
            }
            return true;
        }, deadline, outbox::isDead, () -> LOG.debug("resume of {} in room {} dropped: no state of version {} in time",
            outbox.sessionId(), room, atLeastVersion)));
    }

    private void resumeRoom(Connection connection, SessionOutbox outbox, String room, Fanout.ResumePoint point,
                            long atLeastVersion) {
        fanout.resumeFrom(outbox, Map.of(room, point)).forEach((r, catchup) -> {
            // as new as what the client held, and what a catch-up from Kafka sent it before giving up (the node's stream)
            Runnable fresh = () -> awaitFreshSnapshot(connection, outbox, room,
                Math.max(atLeastVersion, fanout.seenVersion(room)), System.nanoTime() + settings.joinTimeout().toNanos());
            switch (catchup) {
                case Fanout.Catchup.SnapshotNeeded s -> fresh.run(); // its SNAPSHOT tells roomEntered
                case Fanout.Catchup.FromKafka k -> {
                    catchups.start(outbox, room, k, fresh);
                    roomEntered.accept(connection, room);
                }
                case Fanout.Catchup.Replayed replayed -> roomEntered.accept(connection, room);
            }
        });
    }

    /**
     * RESUME too far behind: a fresh SNAPSHOT, at least as new as {@code atLeastVersion} (what the client holds and
     * what this node's stream has seen: a read model behind them, as while it is rebuilt after Redis lost its data,
     * would take the client back, and the stream after it would skip or repeat facts; found by the chaos run, issue
     * 19); the room's facts follow only if the user is still in it. No such state within the join timeout: the room
     * is dropped, as a resume not authorized in time is.
     */
    private void awaitFreshSnapshot(Connection connection, SessionOutbox outbox, String room, long atLeastVersion,
                                    long deadline) {
        snapshots.await(room, new RoomSnapshots.Waiter(s -> s.snapshot().getVersion() >= atLeastVersion,
            s -> sendSnapshot(connection, outbox, s, true, s.receives(outbox.userId()), () -> { }),
            deadline, outbox::isDead, () -> fanout.leave(outbox, room)));
    }

    private static Fanout.ResumePoint point(ClientFrame.RoomPosition at) {
        return new Fanout.ResumePoint(at.epoch() == null ? -1 : at.epoch(), at.seq() == null ? -1 : at.seq(),
            at.version() == null ? -1 : at.version());
    }

    private void tick() {
        for (Connection connection : List.copyOf(connections)) {
            try {
                connection.tick();
            } catch (RuntimeException e) {
                LOG.warn("session tick failed: {}", e.toString());
            }
        }
    }

    /** Asks every client to reconnect elsewhere (RECONNECT, close 4012), then stops. */
    @PreDestroy
    void close() throws InterruptedException {
        List.copyOf(connections).forEach(Connection::shutdown);
        scheduler.shutdownNow();
        publisher.shutdown();
        publisher.awaitTermination(5, TimeUnit.SECONDS);
        feed.close();
        catchupReader.close();
        commands.close();
        presence.close();
    }

    /** @return this node's id ({@code roomcast.gateway.node-id}, or a random {@code gateway-xxxxxxxx}) */
    public String nodeId() {
        return nodeId;
    }
}
