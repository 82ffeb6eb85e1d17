package io.roomcast.gateway.protocol;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.gateway.protocol.ClientFrame.Command;
import io.roomcast.gateway.protocol.ClientFrame.Heartbeat;
import io.roomcast.gateway.protocol.ClientFrame.Identify;
import io.roomcast.gateway.protocol.ClientFrame.Resume;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.protocol.SessionAction.CheckRateLimit;
import io.roomcast.gateway.protocol.SessionAction.Close;
import io.roomcast.gateway.protocol.SessionAction.LookUpSession;
import io.roomcast.gateway.protocol.SessionAction.PublishCommand;
import io.roomcast.gateway.protocol.SessionAction.PublishHeartbeat;
import io.roomcast.gateway.protocol.SessionAction.RegisterSession;
import io.roomcast.gateway.protocol.SessionAction.ResumeSession;
import io.roomcast.gateway.protocol.SessionAction.Send;
import io.roomcast.gateway.protocol.ServerFrame.CommandResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The protocol of one client connection as a pure state machine: frames and clock ticks in, actions
 * out ({@link SessionAction}: send a frame, close, publish a command or a heartbeat, register or look up a session
 * to resume). No I/O, no clock of its own, no threads: one instance per connection, called from that
 * connection's thread only.
 *
 * <pre>
 *   AWAITING_IDENTIFY --IDENTIFY ok--> READY
 *   AWAITING_IDENTIFY --RESUME ok----> RESUMING --session owned------------> READY (RESUMED)
 *                                      RESUMING --unknown / another user's--> AWAITING_IDENTIFY (INVALID_SESSION)
 *   any --close / error that closes--> CLOSED
 * </pre>
 *
 * <p>Rules (docs/protocol.md): before authentication any refused frame closes the connection with its
 * code (a command closes with 4003); once READY a refused frame gets an ERROR and the session stays
 * open. IDENTIFY or RESUME on an authenticated session closes with 4005. A command is published only
 * after the per-user rate limits allowed it ({@link SessionAction.CheckRateLimit}, answered through
 * {@link #rateLimitChecked}); commands leave in the order they arrived, whatever order the verdicts
 * come back in; one over a limit gets ERROR 4008 with {@code retry_after_ms} and is not published. No heartbeat for more than
 * {@link ProtocolSettings#heartbeatDeadline()} closes with 4009; no IDENTIFY or RESUME within
 * {@link ProtocolSettings#identifyTimeout()} closes with 4003. Nothing is published for a frame that
 * is refused or arrives before authentication.
 */
public final class SessionProtocol {

    /** INVALID_SESSION reason: the session is unknown or expired. */
    public static final String INVALID_UNKNOWN = "unknown_session";
    /** INVALID_SESSION reason: the session is another user's. */
    public static final String INVALID_NOT_YOURS = "not_your_session";

    /** Where the session is. */
    public enum State { AWAITING_IDENTIFY, RESUMING, READY, CLOSED }

    private record Pending(String room, String command, Instant sentAt) {}

    /** A command waiting for its rate-limit verdict; released in arrival order. */
    private static final class Admitting {
        final long ticket;
        final Command command;
        final RoomCommand avro;
        final Instant receivedAt;
        RateLimitVerdict verdict;

        Admitting(long ticket, Command command, RoomCommand avro, Instant receivedAt) {
            this.ticket = ticket;
            this.command = command;
            this.avro = avro;
            this.receivedAt = receivedAt;
        }
    }

    private final ProtocolSettings settings;
    private final FrameCodec codec;
    private final TokenVerifier verifier;
    private final Supplier<UUID> ids;
    private final String gatewayNode;

    private State state = State.AWAITING_IDENTIFY;
    private Instant awaitingSince;
    private boolean resumeRefused;
    private String userId;
    private String sessionId;
    private Instant lastHeartbeat;
    private Instant lastPublishedHeartbeat;
    /** A join's rejection when the user is in the room or has asked to join it (room-state-stream's reason). */
    private static final String INVALID_TRANSITION = "invalid_transition";
    private String currentRoom;
    private Map<String, ClientFrame.RoomPosition> resumeRooms = Map.of();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Deque<Admitting> admitting = new ArrayDeque<>();
    private long lastTicket;

    /**
     * @param settings    limits and timers
     * @param codec       the node's frame codec (thread-safe, shared by every session: one JSON mapper per node)
     * @param verifier    checks IDENTIFY / RESUME tokens
     * @param ids         source of session ids and record event ids (random UUIDs in production)
     * @param gatewayNode this node's id, written into heartbeats
     */
    public SessionProtocol(ProtocolSettings settings, FrameCodec codec, TokenVerifier verifier, Supplier<UUID> ids,
                           String gatewayNode) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.gatewayNode = Objects.requireNonNull(gatewayNode, "gatewayNode");
    }

    /** The connection opened: send HELLO and start the identify timer. */
    public List<SessionAction> start(Instant now) {
        awaitingSince = now;
        return List.of(new Send(new ServerFrame.Hello(settings.heartbeatInterval().toMillis(), settings.maxFrameBytes())));
    }

    /** A text frame arrived: decodes it (see {@link FrameCodec#decode}) and handles it or the decode error. */
    public List<SessionAction> onText(String text, Instant now) {
        if (state == State.CLOSED) {
            return List.of();
        }
        ClientFrame frame;
        try {
            frame = codec.decode(text);
        } catch (ProtocolException e) {
            return refuse(e.code(), e.getMessage(), e.nonce());
        }
        return onFrame(frame, now);
    }

    /** A decoded client frame arrived. */
    public List<SessionAction> onFrame(ClientFrame frame, Instant now) {
        return switch (state) {
            case CLOSED -> List.of();
            case AWAITING_IDENTIFY -> switch (frame) {
                case Identify i -> identify(i, now);
                case Resume r -> resumeRefused
                    ? close(CloseCode.INVALID_RESUME, "session cannot be resumed; IDENTIFY instead")
                    : resume(r, now);
                case Heartbeat h -> List.of(ack(now));
                case Command c -> close(CloseCode.NOT_AUTHENTICATED, c.wireOp() + " before IDENTIFY");
            };
            case RESUMING -> switch (frame) {
                case Identify i -> close(CloseCode.ALREADY_AUTHENTICATED, "IDENTIFY while resuming");
                case Resume r -> close(CloseCode.ALREADY_AUTHENTICATED, "RESUME while resuming");
                case Heartbeat h -> {
                    lastHeartbeat = now;
                    yield List.of(ack(now));
                }
                case Command c -> close(CloseCode.NOT_AUTHENTICATED, c.wireOp() + " before RESUMED");
            };
            case READY -> switch (frame) {
                case Identify i -> close(CloseCode.ALREADY_AUTHENTICATED, "IDENTIFY on an authenticated session");
                case Resume r -> close(CloseCode.ALREADY_AUTHENTICATED, "RESUME on an authenticated session");
                case Heartbeat h -> heartbeat(h, now);
                case Command c -> command(c, now);
            };
        };
    }

    /**
     * Clock tick (the adapter calls it every second or so): closes a session without IDENTIFY in time
     * (4003) or without heartbeat for more than the deadline (4009), and forgets commands that waited
     * longer than {@link ProtocolSettings#pendingCommandTtl()} for their outcome.
     */
    public List<SessionAction> onTick(Instant now) {
        switch (state) {
            case AWAITING_IDENTIFY -> {
                if (awaitingSince != null && now.isAfter(awaitingSince.plus(settings.identifyTimeout()))) {
                    return close(CloseCode.NOT_AUTHENTICATED,
                        "no IDENTIFY within " + settings.identifyTimeout().toMillis() + " ms");
                }
            }
            case RESUMING, READY -> {
                if (now.isAfter(lastHeartbeat.plus(settings.heartbeatDeadline()))) {
                    return close(CloseCode.SESSION_TIMED_OUT,
                        "no heartbeat for " + settings.heartbeatDeadline().toMillis() + " ms");
                }
                expirePending(now);
            }
            case CLOSED -> { }
        }
        return List.of();
    }

    /**
     * The session registry's verdict on the session of {@link SessionAction.LookUpSession}:
     * <ul>
     *   <li>{@link SessionVerdict.Owned}: READY again; RESUMED, the session refreshed in the registry,
     *       then its rooms replayed ({@link ResumeSession}).</li>
     *   <li>{@link SessionVerdict.Unknown} / {@link SessionVerdict.OtherUsers}: INVALID_SESSION with reason
     *       {@code unknown_session} / {@code not_your_session}; the client may IDENTIFY on this
     *       connection within the identify timeout; another RESUME closes with 4011.</li>
     *   <li>{@link SessionVerdict.Unavailable}: close 4000 (the client retries later).</li>
     * </ul>
     *
     * @return the actions, in order; nothing if the session is not resuming
     */
    public List<SessionAction> sessionLookedUp(SessionVerdict verdict, Instant now) {
        Objects.requireNonNull(verdict, "verdict");
        if (state != State.RESUMING) {
            return List.of();
        }
        return switch (verdict) {
            case SessionVerdict.Owned owned -> {
                state = State.READY;
                Map<String, ClientFrame.RoomPosition> rooms = resumeRooms;
                resumeRooms = Map.of();
                yield List.of(new Send(new ServerFrame.Resumed(sessionId)), new RegisterSession(sessionId, userId),
                    new ResumeSession(sessionId, userId, rooms));
            }
            case SessionVerdict.Unknown unknown -> resumeRefused(INVALID_UNKNOWN, now);
            case SessionVerdict.OtherUsers other -> resumeRefused(INVALID_NOT_YOURS, now);
            case SessionVerdict.Unavailable u -> close(CloseCode.UNKNOWN_ERROR, "session registry unavailable: " + u.detail());
        };
    }

    private List<SessionAction> resumeRefused(String reason, Instant now) {
        if (state != State.RESUMING) {
            return List.of();
        }
        state = State.AWAITING_IDENTIFY;
        resumeRefused = true;
        awaitingSince = now;
        userId = null;
        sessionId = null;
        lastHeartbeat = null;
        resumeRooms = Map.of();
        return List.of(new Send(new ServerFrame.InvalidSession(reason)));
    }

    /**
     * The fan-out wrote this DISPATCH to the session. If it answers a command of this session still
     * awaiting its outcome (same actor and nonce), returns the COMMAND_RESULT {@code applied} to send
     * after it (once per command, however many facts it caused). Also follows which room the user is in
     * (for heartbeats).
     */
    public List<SessionAction> onDispatchSent(ServerFrame.Dispatch dispatch) {
        if (state != State.READY) {
            return List.of();
        }
        if (isSelf(dispatch)) {
            if ("participant_joined".equals(dispatch.type())) {
                currentRoom = dispatch.room();
            } else if (leaves(dispatch) && dispatch.room().equals(currentRoom)) {
                currentRoom = null;
            }
        }
        if (dispatch.nonce() != null && userId.equals(dispatch.actor())) {
            Pending p = pending.remove(dispatch.nonce());
            if (p != null) {
                return List.of(new Send(CommandResult.applied(dispatch.nonce(), dispatch.room(), p.command())));
            }
        }
        return List.of();
    }

    /**
     * The session's command {@code nonce} for {@code room}, which the session did not receive the room's
     * facts for, was applied: the fact carrying its nonce said so (for a join, the SNAPSHOT at or after
     * that fact was just sent: the participant_joined fact is inside it, so no DISPATCH of it follows;
     * the user is now in that room).
     *
     * @return the COMMAND_RESULT {@code applied} to send, or nothing if the nonce is not pending
     */
    public List<SessionAction> commandApplied(String room, String nonce) {
        return commandApplied(room, nonce, false);
    }

    /**
     * As {@link #commandApplied(String, String)}; {@code pendingJoin} when the applied command is a join
     * that became a join request (COMMAND_RESULT {@code applied} with {@code pending: true}). A pending
     * requester counts as in the room for heartbeats, so presence keeps (or times out) its request.
     */
    public List<SessionAction> commandApplied(String room, String nonce, boolean pendingJoin) {
        if (state != State.READY) {
            return List.of();
        }
        Pending p = pending.remove(nonce);
        if (p == null) {
            return List.of();
        }
        if (CommandOp.JOIN.wireName().equals(p.command())) {
            currentRoom = room;
        }
        return List.of(new Send(pendingJoin ? CommandResult.pendingJoin(nonce, room)
            : CommandResult.applied(nonce, room, p.command())));
    }

    /**
     * The gateway gave up waiting for the decision on a command for a room the session does not receive
     * (or, for a join applied, for the read model's snapshot at or after it). If the command still awaits
     * its outcome, it is answered with ERROR {@link CloseCode#UNKNOWN_ERROR} and its nonce, so the client
     * knows to send it again (the same nonce is safe: a second copy is answered {@code duplicate}); a
     * command already answered gets nothing more.
     *
     * @param waited how long the gateway waited, for the message
     */
    public List<SessionAction> unanswered(String room, String nonce, Duration waited) {
        if (state != State.READY) {
            return List.of();
        }
        Pending p = pending.remove(nonce);
        if (p == null) {
            return List.of();
        }
        return List.of(new Send(new ServerFrame.Error(CloseCode.UNKNOWN_ERROR,
            p.command() + " in room " + room + " not answered within " + waited.toMillis() + " ms; send it again", nonce)));
    }

    /**
     * A command answer addressed to a sender ({@link Dispatches.Audience.Sender}). It is this session's
     * if it names this session, or names no session but this user and a nonce this session awaits. A join
     * of this session rejected as {@code invalid_transition} (already in the room, or asked already) makes
     * the heartbeats name that room, as an applied join does.
     *
     * @return the COMMAND_RESULT to send, or nothing if it is not this session's
     */
    public List<SessionAction> onCommandResult(CommandResult result, Dispatches.Audience.Sender to) {
        if (state != State.READY) {
            return List.of();
        }
        boolean mine = to.sessionId() != null
            ? to.sessionId().equals(sessionId)
            : userId.equals(to.userId()) && pending.containsKey(result.nonce());
        if (!mine) {
            return List.of();
        }
        Pending p = pending.remove(result.nonce());
        if (p != null && CommandOp.JOIN.wireName().equals(p.command()) && result.outcome() == ServerFrame.Outcome.REJECTED
                && INVALID_TRANSITION.equals(result.reason())) {
            // The user is in the room already (its creator, or from another tab) or has asked to join it: the
            // session's heartbeats name the room, else presence times the user out of a room it has open.
            currentRoom = result.room();
        }
        return List.of(new Send(result));
    }

    /**
     * The verdict on the command of {@link CheckRateLimit} {@code ticket}. Releases, in arrival order,
     * every command at the head of the queue that has its verdict: allowed ones are published (and
     * await their outcome), limited ones get ERROR 4008 {@code rate_limited} with
     * {@code retry_after_ms}, unchecked ones ERROR 4000. A command still waiting holds back those
     * after it, so a {@code join} followed by a {@code raise_hand} reaches Kafka in that order.
     *
     * @return the actions, in order; nothing if the session is closed or the ticket unknown
     */
    public List<SessionAction> rateLimitChecked(long ticket, RateLimitVerdict verdict) {
        Objects.requireNonNull(verdict, "verdict");
        if (state != State.READY) {
            return List.of();
        }
        for (Admitting a : admitting) {
            if (a.ticket == ticket && a.verdict == null) {
                a.verdict = verdict;
                break;
            }
        }
        List<SessionAction> actions = new ArrayList<>();
        while (!admitting.isEmpty() && admitting.peekFirst().verdict != null) {
            actions.add(release(admitting.pollFirst()));
        }
        return actions;
    }

    /** The node is going away: RECONNECT, then close 4012; the client reconnects elsewhere and RESUMEs. */
    public List<SessionAction> reconnect() {
        if (state == State.CLOSED) {
            return List.of();
        }
        List<SessionAction> actions = new ArrayList<>();
        actions.add(new Send(new ServerFrame.Reconnect()));
        actions.addAll(close(CloseCode.RECONNECT, "server restarting"));
        return actions;
    }

    /** Closes the session for a reason found outside the protocol (e.g. 4010 slow consumer). */
    public List<SessionAction> close(CloseCode code, String detail) {
        if (state == State.CLOSED) {
            return List.of();
        }
        state = State.CLOSED;
        return List.of(new Close(code, closeReason(code, detail)));
    }

    /** The transport closed (by the client or the network): nothing more is done for this session. */
    public void onClosed() {
        state = State.CLOSED;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The authenticated user, or null before IDENTIFY / RESUME. */
    public String userId() {
        return userId;
    }

    /** The session id (new on IDENTIFY, the old one on RESUME), or null before. */
    public String sessionId() {
        return sessionId;
    }

    /** The room the user joined through this session (from its own participant_joined), or null. */
    public String currentRoom() {
        return currentRoom;
    }

    /** Commands awaiting their outcome or their rate-limit verdict (count). */
    public int pendingCommands() {
        return pending.size() + admitting.size();
    }

    // ---- transitions

    private List<SessionAction> identify(Identify i, Instant now) {
        String user;
        try {
            user = verify(i.token());
        } catch (InvalidTokenException e) {
            return close(CloseCode.AUTHENTICATION_FAILED, e.getMessage());
        } catch (RuntimeException e) {
            return close(CloseCode.UNKNOWN_ERROR, "token verification failed");
        }
        userId = user;
        sessionId = ids.get().toString();
        lastHeartbeat = now;
        state = State.READY;
        return List.of(new Send(new ServerFrame.Ready(sessionId, userId)), new RegisterSession(sessionId, userId));
    }

    private List<SessionAction> resume(Resume r, Instant now) {
        String user;
        try {
            user = verify(r.token());
        } catch (InvalidTokenException e) {
            return close(CloseCode.AUTHENTICATION_FAILED, e.getMessage());
        } catch (RuntimeException e) {
            return close(CloseCode.UNKNOWN_ERROR, "token verification failed");
        }
        userId = user;
        sessionId = r.sessionId();
        lastHeartbeat = now;
        state = State.RESUMING;
        resumeRooms = r.rooms();
        return List.of(new LookUpSession(r.sessionId(), user));
    }

    private String verify(String token) throws InvalidTokenException {
        String user = verifier.verify(token);
        if (user == null || user.isBlank()) {
            throw new InvalidTokenException("token names no user");
        }
        return user;
    }

    private List<SessionAction> heartbeat(Heartbeat h, Instant now) {
        lastHeartbeat = now;
        if (lastPublishedHeartbeat != null
            && now.isBefore(lastPublishedHeartbeat.plus(settings.heartbeatPublishInterval()))) {
            return List.of(ack(now));
        }
        lastPublishedHeartbeat = now;
        PresenceHeartbeat beat = PresenceHeartbeat.newBuilder()
            .setEventId(ids.get())
            .setOccurredAt(now)
            .setUserId(userId)
            .setRoomId(currentRoom)
            .setSessionId(sessionId)
            .setClientTime(h.clientTime())
            .setGatewayNode(gatewayNode)
            .build();
        return List.of(ack(now), new PublishHeartbeat(beat), new RegisterSession(sessionId, userId));
    }

    private List<SessionAction> command(Command c, Instant now) {
        expirePending(now);
        int max = settings.maxPendingCommands();
        if (admitting.size() >= max || !pending.containsKey(c.nonce()) && pendingCommands() >= max) {
            return List.of(new Send(new ServerFrame.Error(CloseCode.RATE_LIMITED,
                "more than " + max + " commands awaiting their outcome", c.nonce())));
        }
        long ticket = ++lastTicket;
        admitting.addLast(new Admitting(ticket, c, Commands.toAvro(c, userId, sessionId, now, ids.get()), now));
        return List.of(new CheckRateLimit(ticket, userId, c.op()));
    }

    private SessionAction release(Admitting a) {
        Command c = a.command;
        return switch (a.verdict) {
            case RateLimitVerdict.Allowed allowed -> {
                pending.put(c.nonce(), new Pending(c.room(), c.wireOp(), a.receivedAt));
                yield new PublishCommand(a.avro);
            }
            case RateLimitVerdict.Limited l -> new Send(new ServerFrame.Error(CloseCode.RATE_LIMITED,
                "rate limit " + l.limit() + " reached (" + l.max() + " per window); retry after " + l.retryAfterMs() + " ms",
                c.nonce(), l.retryAfterMs()));
            case RateLimitVerdict.Unavailable u -> new Send(new ServerFrame.Error(CloseCode.UNKNOWN_ERROR,
                "rate limits unavailable (" + u.detail() + "); the command was not sent, retry", c.nonce()));
        };
    }

    private List<SessionAction> refuse(CloseCode code, String message, String nonce) {
        if (state == State.READY) {
            return List.of(new Send(new ServerFrame.Error(code, message, nonce)));
        }
        return close(code, message);
    }

    private void expirePending(Instant now) {
        Duration ttl = settings.pendingCommandTtl();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().sentAt().plus(ttl))) {
                it.remove();
            }
        }
    }

    private static Send ack(Instant now) {
        return new Send(new ServerFrame.HeartbeatAck(now));
    }

    /** A participant_left, or a join request closed without admission (denied, withdrawn). */
    private static boolean leaves(ServerFrame.Dispatch d) {
        return "participant_left".equals(d.type())
            || "join_request_closed".equals(d.type()) && !"approved".equals(d.data().path("reason").asText());
    }

    private boolean isSelf(ServerFrame.Dispatch d) {
        var p = d.data().get("participant_id");
        return p != null && userId.equals(p.asText());
    }

    /** {@code code.wireName(): detail}, cut to at most 123 bytes of UTF-8 (RFC 6455 section 5.5). */
    static String closeReason(CloseCode code, String detail) {
        String reason = detail == null || detail.isBlank() ? code.wireName() : code.wireName() + ": " + detail;
        if (reason.getBytes(StandardCharsets.UTF_8).length <= CloseCode.MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > CloseCode.MAX_CLOSE_REASON_BYTES) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.toString();
    }
}
