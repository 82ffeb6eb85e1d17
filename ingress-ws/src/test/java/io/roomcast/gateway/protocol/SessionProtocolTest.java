package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.protocol.ClientFrame.Command;
import io.roomcast.gateway.protocol.ClientFrame.Heartbeat;
import io.roomcast.gateway.protocol.ClientFrame.Identify;
import io.roomcast.gateway.protocol.ClientFrame.Resume;
import io.roomcast.gateway.protocol.ClientFrame.RoomPosition;
import io.roomcast.gateway.protocol.SessionAction.CheckRateLimit;
import io.roomcast.gateway.protocol.SessionAction.Close;
import io.roomcast.gateway.protocol.SessionAction.LookUpSession;
import io.roomcast.gateway.protocol.SessionAction.PublishCommand;
import io.roomcast.gateway.protocol.SessionAction.PublishHeartbeat;
import io.roomcast.gateway.protocol.SessionAction.RegisterSession;
import io.roomcast.gateway.protocol.SessionAction.ResumeSession;
import io.roomcast.gateway.protocol.SessionAction.Send;
import io.roomcast.gateway.protocol.SessionProtocol.State;
import io.roomcast.gateway.protocol.ServerFrame.CommandResult;
import io.roomcast.gateway.protocol.ServerFrame.Dispatch;
import io.roomcast.gateway.protocol.ServerFrame.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionProtocolTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();
    /** The defaults, but at most 2 commands awaiting their outcome. */
    private static final ProtocolSettings TWO_PENDING = new ProtocolSettings(16_384, Duration.ofSeconds(15), 2,
        Duration.ofSeconds(10), 64, 128, 2, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(10));

    /**
     * Our own token format for tests: "valid:USER" authenticates USER, "expired:USER" is expired,
     * anything else is forged. The adapter's verifier checks real JWTs.
     */
    private static final TokenVerifier TOKENS = token -> {
        if (token.startsWith("valid:")) {
            return token.substring("valid:".length());
        }
        if (token.startsWith("expired:")) {
            throw new InvalidTokenException("token expired");
        }
        throw new InvalidTokenException("bad signature");
    };

    /** Sequential UUIDs: session ids and event ids are predictable. */
    private static Supplier<UUID> sequentialIds() {
        long[] next = {1};
        return () -> new UUID(0, next[0]++);
    }

    private SessionProtocol session(ProtocolSettings settings, TokenVerifier verifier) {
        SessionProtocol s = new SessionProtocol(settings, new FrameCodec(settings), verifier, sequentialIds(), "node-a");
        s.start(T0);
        return s;
    }

    private SessionProtocol session() {
        return session(SETTINGS, TOKENS);
    }

    private SessionProtocol ready(String user) {
        SessionProtocol s = session();
        s.onFrame(new Identify("valid:" + user), T0);
        assertThat(s.state()).isEqualTo(State.READY);
        return s;
    }

    /** The actions with every rate-limit check answered "allowed" (and what that answer releases). */
    private static List<SessionAction> allowed(SessionProtocol s, List<SessionAction> actions) {
        List<SessionAction> out = new ArrayList<>();
        for (SessionAction a : actions) {
            if (a instanceof CheckRateLimit check) {
                out.addAll(s.rateLimitChecked(check.ticket(), RateLimitVerdict.ALLOWED));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean publishesNothing(List<SessionAction> actions) {
        return actions.stream().noneMatch(a -> a instanceof PublishCommand || a instanceof PublishHeartbeat);
    }

    private static List<SessionAction> close(CloseCode code, String detail) {
        return List.of(new Close(code, code.wireName() + ": " + detail));
    }

    // ---- handshake

    @Test
    void helloAnnouncesTheHeartbeatIntervalAndFrameLimit() {
        SessionProtocol s = new SessionProtocol(SETTINGS, new FrameCodec(SETTINGS), TOKENS, sequentialIds(), "node-a");
        assertThat(s.start(T0)).containsExactly(new Send(new ServerFrame.Hello(15_000, 16_384)));
        assertThat(s.state()).isEqualTo(State.AWAITING_IDENTIFY);
    }

    @Test
    void identifyWithAValidTokenIsReady() {
        SessionProtocol s = session();
        List<SessionAction> actions = s.onText("{\"op\":\"IDENTIFY\",\"token\":\"valid:alice\"}", T0);

        String sessionId = new UUID(0, 1).toString();
        assertThat(actions).containsExactly(new Send(new ServerFrame.Ready(sessionId, "alice")),
            new RegisterSession(sessionId, "alice"));
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.userId()).isEqualTo("alice");
        assertThat(s.sessionId()).isEqualTo(sessionId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired:alice", "forged", "valid:", "valid:   "})
    void expiredForgedOrSubjectlessTokensCloseWith4004(String token) {
        SessionProtocol s = session();
        List<SessionAction> actions = s.onFrame(new Identify(token), T0);

        assertThat(actions).singleElement().isInstanceOfSatisfying(Close.class,
            c -> assertThat(c.code()).isEqualTo(CloseCode.AUTHENTICATION_FAILED));
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.userId()).isNull();
        assertThat(s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0)).isEmpty();
    }

    @Test
    void expiredTokenReasonSaysSo() {
        assertThat(session().onFrame(new Identify("expired:alice"), T0))
            .isEqualTo(close(CloseCode.AUTHENTICATION_FAILED, "token expired"));
        assertThat(session().onFrame(new Identify("forged"), T0))
            .isEqualTo(close(CloseCode.AUTHENTICATION_FAILED, "bad signature"));
    }

    @Test
    void aFailingVerifierIsAServerError() {
        SessionProtocol s = session(SETTINGS, token -> {
            throw new IllegalStateException("JWKS unreachable");
        });
        assertThat(s.onFrame(new Identify("valid:alice"), T0))
            .isEqualTo(close(CloseCode.UNKNOWN_ERROR, "token verification failed"));
    }

    @Test
    void aCommandBeforeIdentifyClosesWith4003AndPublishesNothing() {
        SessionProtocol s = session();
        List<SessionAction> actions = s.onText("{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"n1\"}", T0);

        assertThat(actions).isEqualTo(close(CloseCode.NOT_AUTHENTICATED, "join before IDENTIFY"));
        assertThat(s.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void heartbeatBeforeIdentifyIsAcknowledgedNotPublished() {
        SessionProtocol s = session();
        assertThat(s.onFrame(new Heartbeat(null), T0.plusSeconds(1)))
            .containsExactly(new Send(new ServerFrame.HeartbeatAck(T0.plusSeconds(1))));
        assertThat(s.state()).isEqualTo(State.AWAITING_IDENTIFY);
    }

    @Test
    void badFramesBeforeIdentifyCloseWithTheirCode() {
        String big = "{\"op\":\"IDENTIFY\",\"token\":\"" + "x".repeat(SETTINGS.maxFrameBytes()) + "\"}";
        Map<String, CloseCode> cases = Map.of(
            big, CloseCode.FRAME_TOO_LARGE,
            "{not json", CloseCode.DECODE_ERROR,
            "{\"token\":\"valid:alice\"}", CloseCode.DECODE_ERROR,
            "{\"op\":\"IDENTIFY\"}", CloseCode.DECODE_ERROR,
            "{\"op\":\"LOGIN\",\"token\":\"valid:alice\"}", CloseCode.UNKNOWN_OP);
        cases.forEach((text, code) -> {
            SessionProtocol s = session();
            List<SessionAction> actions = s.onText(text, T0);
            assertThat(actions).as(code.wireName()).singleElement().isInstanceOfSatisfying(Close.class, c -> {
                assertThat(c.code()).isEqualTo(code);
                assertThat(c.reason()).startsWith(code.wireName() + ": ");
            });
            assertThat(s.state()).isEqualTo(State.CLOSED);
        });
    }

    @Test
    void secondIdentifyClosesWith4005() {
        SessionProtocol s = ready("alice");
        assertThat(s.onFrame(new Identify("valid:alice"), T0))
            .isEqualTo(close(CloseCode.ALREADY_AUTHENTICATED, "IDENTIFY on an authenticated session"));
        assertThat(s.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void resumeOnAReadySessionClosesWith4005() {
        SessionProtocol s = ready("alice");
        assertThat(s.onFrame(new Resume("valid:alice", "s-old", Map.of()), T0))
            .singleElement().isInstanceOfSatisfying(Close.class,
                c -> assertThat(c.code()).isEqualTo(CloseCode.ALREADY_AUTHENTICATED));
    }

    @Test
    void noIdentifyInTimeClosesWith4003() {
        SessionProtocol s = session();
        assertThat(s.onTick(T0.plus(SETTINGS.identifyTimeout()))).isEmpty();
        assertThat(s.onTick(T0.plus(SETTINGS.identifyTimeout()).plusMillis(1)))
            .isEqualTo(close(CloseCode.NOT_AUTHENTICATED, "no IDENTIFY within 10000 ms"));
    }

    // ---- commands

    @Test
    void aCommandIsPublishedAsAvro() {
        SessionProtocol s = ready("alice");
        Instant t = T0.plusSeconds(2);
        List<SessionAction> checked = s.onText(
            "{\"op\":\"kick\",\"room\":\"r1\",\"nonce\":\"n1\",\"args\":{\"user_id\":\"bob\"}}", t);
        assertThat(checked).containsExactly(new CheckRateLimit(1, "alice", CommandOp.KICK));
        assertThat(s.pendingCommands()).isEqualTo(1);
        List<SessionAction> actions = s.rateLimitChecked(1, RateLimitVerdict.ALLOWED);

        RoomCommand expected = RoomCommand.newBuilder().setEventId(new UUID(0, 2)).setOccurredAt(t).setRoomId("r1")
            .setUserId("alice").setNonce("n1").setSessionId(s.sessionId()).setCommand(new Kick("bob")).build();
        assertThat(actions).containsExactly(new PublishCommand(expected));
        assertThat(s.pendingCommands()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"join\",\"room\":\"r1\"}",
        "{\"op\":\"join\",\"nonce\":\"n1\"}",
        "{\"op\":\"kick\",\"room\":\"r1\",\"nonce\":\"n1\"}",
        "{\"op\":\"kick\",\"room\":\"r1\",\"nonce\":\"n1\",\"args\":{\"user_id\":42}}",
        "{\"op\":\"teleport\",\"room\":\"r1\",\"nonce\":\"n1\"}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"n1\"",
        "[1,2,3]",
    })
    void badFramesAfterReadyGetAnErrorAndTheSessionStays(String text) {
        SessionProtocol s = ready("alice");
        List<SessionAction> actions = s.onText(text, T0);

        assertThat(actions).singleElement().isInstanceOfSatisfying(Send.class,
            send -> assertThat(send.frame()).isInstanceOf(ServerFrame.Error.class));
        assertThat(publishesNothing(actions)).isTrue();
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.pendingCommands()).isZero();
        // and the session still works
        assertThat(allowed(s, s.onText("{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"ok\"}", T0)))
            .singleElement().isInstanceOf(PublishCommand.class);
    }

    @Test
    void errorsCarryTheirCodeAndTheNonce() {
        SessionProtocol s = ready("alice");
        assertThat(s.onText("{\"op\":\"teleport\",\"room\":\"r1\",\"nonce\":\"n1\"}", T0))
            .containsExactly(new Send(new ServerFrame.Error(CloseCode.UNKNOWN_OP, "unknown op teleport", "n1")));
        assertThat(s.onText("{\"op\":\"ban\",\"room\":\"r1\",\"nonce\":\"n2\"}", T0))
            .containsExactly(new Send(new ServerFrame.Error(CloseCode.DECODE_ERROR, "missing field args.user_id", "n2")));
        String big = "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"n3\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        assertThat(s.onText(big, T0)).containsExactly(new Send(new ServerFrame.Error(CloseCode.FRAME_TOO_LARGE,
            "frame larger than 16384 bytes", null)));
    }

    @Test
    void appliedIsSentOnceAfterTheFirstFactOfTheCommand() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.targeted(CommandOp.KICK, "r1", "n1", "bob"), T0));

        Dispatch kicked = dispatch("participant_kicked", "bob", "alice", "n1", 10);
        Dispatch left = dispatch("participant_left", "bob", "alice", "n1", 11);

        assertThat(s.onDispatchSent(kicked))
            .containsExactly(new Send(CommandResult.applied("n1", "r1", "kick")));
        assertThat(s.onDispatchSent(left)).isEmpty();
        assertThat(s.pendingCommands()).isZero();
    }

    @Test
    void anotherUsersFactWithTheSameNonceIsNotOurs() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0));
        assertThat(s.onDispatchSent(dispatch("hand_raised", "bob", "bob", "n1", 10))).isEmpty();
        assertThat(s.pendingCommands()).isEqualTo(1);
    }

    @Test
    void aRejectionReachesTheSessionThatSentIt() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        CommandResult rejected = new CommandResult("n1", "r1", "join", Outcome.REJECTED, "banned", null, "banned");

        assertThat(s.onCommandResult(rejected, new Dispatches.Audience.Sender("alice", "someone-else", "n1"))).isEmpty();
        assertThat(s.onCommandResult(rejected, new Dispatches.Audience.Sender("alice", s.sessionId(), "n1")))
            .containsExactly(new Send(rejected));
        assertThat(s.pendingCommands()).isZero();
    }

    @Test
    void aJoinNeverAnsweredIsAnsweredWithAnErrorOnce_aRejectedOneIsNot() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r2", "n2"), T0));
        s.onCommandResult(new CommandResult("n2", "r2", "join", Outcome.REJECTED, "banned", null, "banned"),
            new Dispatches.Audience.Sender("alice", s.sessionId(), "n2"));

        assertThat(s.unanswered("r1", "n1", Duration.ofSeconds(10))).singleElement()
            .satisfies(a -> assertThat(((Send) a).frame()).isEqualTo(new ServerFrame.Error(CloseCode.UNKNOWN_ERROR,
                "join in room r1 not answered within 10000 ms; send it again", "n1")));
        assertThat(s.unanswered("r1", "n1", Duration.ofSeconds(10))).isEmpty();
        assertThat(s.unanswered("r2", "n2", Duration.ofSeconds(10))).as("already rejected").isEmpty();
        assertThat(s.pendingCommands()).isZero();
    }

    @Test
    void anAnswerWithoutSessionGoesToTheUsersSessionThatAwaitsTheNonce() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        CommandResult dup = new CommandResult("n1", "r1", "join", Outcome.DUPLICATE, null, Outcome.APPLIED, null);

        CommandResult other = new CommandResult("n9", "r1", "join", Outcome.DUPLICATE, null, Outcome.APPLIED, null);
        assertThat(s.onCommandResult(other, new Dispatches.Audience.Sender("alice", null, "n9"))).isEmpty();
        assertThat(s.onCommandResult(dup, new Dispatches.Audience.Sender("bob", null, "n1"))).isEmpty();
        assertThat(s.onCommandResult(dup, new Dispatches.Audience.Sender("alice", null, "n1")))
            .containsExactly(new Send(dup));
        assertThat(s.onCommandResult(dup, new Dispatches.Audience.Sender("alice", null, "n1"))).isEmpty();
    }

    @Test
    void tooManyCommandsAwaitingOutcomeAreRateLimited() {
        SessionProtocol s = session(TWO_PENDING, TOKENS);
        s.onFrame(new Identify("valid:alice"), T0);
        allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0));
        allowed(s, s.onFrame(Command.of(CommandOp.LOWER_HAND, "r1", "n2"), T0));

        List<SessionAction> third = s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n3"), T0);
        assertThat(third).containsExactly(new Send(new ServerFrame.Error(CloseCode.RATE_LIMITED,
            "more than 2 commands awaiting their outcome", "n3")));
        assertThat(s.state()).isEqualTo(State.READY);
        // a retry of an awaited nonce is still sent (the state machine answers duplicate)
        assertThat(allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0)))
            .singleElement().isInstanceOf(PublishCommand.class);
        // an answer frees a slot
        s.onDispatchSent(dispatch("hand_raised", "alice", "alice", "n1", 5));
        assertThat(allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n3"), T0)))
            .singleElement().isInstanceOf(PublishCommand.class);
    }

    // ---- rate limits

    @Test
    void aCommandOverItsRateLimitGetsRateLimitedWithRetryAfterAndIsNotPublished() {
        SessionProtocol s = ready("alice");
        assertThat(s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n21"), T0))
            .containsExactly(new CheckRateLimit(1, "alice", CommandOp.RAISE_HAND));

        List<SessionAction> refused = s.rateLimitChecked(1, new RateLimitVerdict.Limited("command", 20, 734));
        ServerFrame.Error error = new ServerFrame.Error(CloseCode.RATE_LIMITED,
            "rate limit command reached (20 per window); retry after 734 ms", "n21", 734L);
        assertThat(refused).containsExactly(new Send(error));
        assertThat(new FrameCodec(SETTINGS).encode(error)).contains("\"code\":4008", "\"error\":\"rate_limited\"",
            "\"nonce\":\"n21\"", "\"retry_after_ms\":734");
        assertThat(publishesNothing(refused)).isTrue();
        assertThat(s.pendingCommands()).isZero();
        assertThat(s.state()).isEqualTo(State.READY);
        // the session keeps working: the next allowed command is published
        assertThat(allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n22"), T0)))
            .singleElement().isInstanceOf(PublishCommand.class);
    }

    @Test
    void commandsLeaveInArrivalOrderWhateverOrderTheirVerdictsComeIn() {
        SessionProtocol s = ready("alice");
        s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0);
        s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n2"), T0);
        s.onFrame(Command.of(CommandOp.LOWER_HAND, "r1", "n3"), T0);

        assertThat(s.rateLimitChecked(3, RateLimitVerdict.ALLOWED)).isEmpty();
        assertThat(s.rateLimitChecked(2, new RateLimitVerdict.Limited("command", 20, 5))).isEmpty();
        List<SessionAction> released = s.rateLimitChecked(1, RateLimitVerdict.ALLOWED);
        assertThat(released).hasSize(3);
        assertThat(((PublishCommand) released.get(0)).command().getNonce()).isEqualTo("n1");
        assertThat(((Send) released.get(1)).frame()).isInstanceOfSatisfying(ServerFrame.Error.class,
            e -> assertThat(e.nonce()).isEqualTo("n2"));
        assertThat(((PublishCommand) released.get(2)).command().getNonce()).isEqualTo("n3");
        assertThat(s.rateLimitChecked(1, RateLimitVerdict.ALLOWED)).as("a verdict counts once").isEmpty();
    }

    @Test
    void aCommandWhoseLimitsCannotBeCheckedGetsAnErrorAndIsNotPublished() {
        SessionProtocol s = ready("alice");
        s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0);
        List<SessionAction> actions = s.rateLimitChecked(1, new RateLimitVerdict.Unavailable("RedisCommandTimeoutException"));
        assertThat(actions).containsExactly(new Send(new ServerFrame.Error(CloseCode.UNKNOWN_ERROR,
            "rate limits unavailable (RedisCommandTimeoutException); the command was not sent, retry", "n1")));
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.pendingCommands()).isZero();
    }

    @Test
    void commandsAwaitingTheirVerdictCountAgainstThePendingLimitAndNothingFollowsAClose() {
        SessionProtocol s = session(TWO_PENDING, TOKENS);
        s.onFrame(new Identify("valid:alice"), T0);
        s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0);
        s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0);
        assertThat(s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0)).singleElement()
            .isInstanceOfSatisfying(Send.class, send -> assertThat(send.frame()).isInstanceOfSatisfying(
                ServerFrame.Error.class, e -> assertThat(e.code()).isEqualTo(CloseCode.RATE_LIMITED)));

        s.close(CloseCode.SLOW_CONSUMER, "gone");
        assertThat(s.rateLimitChecked(1, RateLimitVerdict.ALLOWED)).isEmpty();
    }

    @Test
    void unansweredCommandsAreForgottenAfterTheirTtl() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        s.onFrame(new Heartbeat(null), T0.plusSeconds(30));
        s.onTick(T0.plusSeconds(45));
        assertThat(s.pendingCommands()).isEqualTo(1);
        s.onFrame(new Heartbeat(null), T0.plusSeconds(55));
        s.onTick(T0.plus(SETTINGS.pendingCommandTtl()).plusMillis(1));
        assertThat(s.pendingCommands()).isZero();
    }

    // ---- heartbeats and zombies

    @Test
    void heartbeatsAreAcknowledgedAndPublishedAtMostEveryPublishInterval() {
        SessionProtocol s = ready("alice");
        Instant t1 = T0.plusSeconds(15);
        List<SessionAction> first = s.onFrame(new Heartbeat(Instant.ofEpochMilli(42)), t1);

        PresenceHeartbeat beat = PresenceHeartbeat.newBuilder().setEventId(new UUID(0, 2)).setOccurredAt(t1)
            .setUserId("alice").setRoomId(null).setSessionId(s.sessionId()).setClientTime(Instant.ofEpochMilli(42))
            .setGatewayNode("node-a").build();
        assertThat(first).containsExactly(new Send(new ServerFrame.HeartbeatAck(t1)), new PublishHeartbeat(beat),
            new RegisterSession(s.sessionId(), "alice"));

        assertThat(s.onFrame(new Heartbeat(null), t1.plusSeconds(1)))
            .containsExactly(new Send(new ServerFrame.HeartbeatAck(t1.plusSeconds(1))));
        assertThat(s.onFrame(new Heartbeat(null), t1.plus(SETTINGS.heartbeatPublishInterval())))
            .hasSize(3).element(1).isInstanceOf(PublishHeartbeat.class);
    }

    @Test
    void heartbeatsNameTheRoomTheUserJoined() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        s.onDispatchSent(dispatch("participant_joined", "alice", "alice", "n1", 3));
        assertThat(s.currentRoom()).isEqualTo("r1");
        assertThat(heartbeatRoom(s, T0.plusSeconds(10))).isEqualTo("r1");

        s.onDispatchSent(dispatch("participant_joined", "bob", "bob", "x", 4));
        assertThat(s.currentRoom()).isEqualTo("r1");
        s.onDispatchSent(dispatch("participant_left", "alice", null, null, 5));
        assertThat(s.currentRoom()).isNull();
        assertThat(heartbeatRoom(s, T0.plusSeconds(20))).isNull();
    }

    @Test
    void aJoinRefusedBecauseTheUserIsInTheRoomAlreadyKeepsItsPresence() {
        // The room's creator is in it from the creation; its page's join is refused, yet it is there.
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        s.onCommandResult(new CommandResult("n1", "r1", "join", Outcome.REJECTED, "invalid_transition", null,
            "you are already in the room"), new Dispatches.Audience.Sender("alice", s.sessionId(), "n1"));
        assertThat(heartbeatRoom(s, T0.plusSeconds(10))).isEqualTo("r1");

        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r2", "n2"), T0.plusSeconds(11)));
        s.onCommandResult(new CommandResult("n2", "r2", "join", Outcome.REJECTED, "banned", null, "banned"),
            new Dispatches.Audience.Sender("alice", s.sessionId(), "n2"));
        assertThat(s.currentRoom()).as("a join refused otherwise changes nothing").isEqualTo("r1");
    }

    @Test
    void aPendingJoinIsAnsweredPendingAndHeartbeatsNameItsRoomUntilTheRequestIsDenied() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));

        assertThat(s.commandApplied("r1", "n1", true))
            .containsExactly(new Send(ServerFrame.CommandResult.pendingJoin("n1", "r1")));
        assertThat(heartbeatRoom(s, T0.plusSeconds(10))).as("presence keeps the request").isEqualTo("r1");

        Dispatch denied = new Dispatch("join_request_closed", "r1", 6, 0, 6L, "e-6", T0, "bob", "d1",
            JsonNodeFactory.instance.objectNode().put("participant_id", "alice").put("reason", "denied"));
        s.onDispatchSent(denied);
        assertThat(s.currentRoom()).isNull();
    }

    @Test
    void anApprovedRequestKeepsTheRoom() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0));
        s.commandApplied("r1", "n1", true);

        s.onDispatchSent(new Dispatch("join_request_closed", "r1", 6, 0, 6L, "e-6", T0, "bob", "a1",
            JsonNodeFactory.instance.objectNode().put("participant_id", "alice").put("reason", "approved")));
        s.onDispatchSent(dispatch("participant_joined", "alice", "bob", "a1", 6));

        assertThat(s.currentRoom()).isEqualTo("r1");
    }

    private static String heartbeatRoom(SessionProtocol s, Instant t) {
        return s.onFrame(new Heartbeat(null), t).stream().filter(PublishHeartbeat.class::isInstance)
            .map(a -> ((PublishHeartbeat) a).heartbeat()).findFirst().orElseThrow().getRoomId();
    }

    @Test
    void aSessionWithoutHeartbeatsForTheDeadlineIsClosedWith4009() {
        SessionProtocol s = ready("alice");
        Duration deadline = SETTINGS.heartbeatDeadline();
        assertThat(deadline).isEqualTo(Duration.ofSeconds(30));

        assertThat(s.onTick(T0.plus(deadline))).isEmpty();
        s.onFrame(new Heartbeat(null), T0.plus(deadline));
        assertThat(s.onTick(T0.plus(deadline).plus(deadline))).isEmpty();
        assertThat(s.onTick(T0.plus(deadline).plus(deadline).plusMillis(1)))
            .isEqualTo(close(CloseCode.SESSION_TIMED_OUT, "no heartbeat for 30000 ms"));
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.onTick(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void commandsDoNotCountAsHeartbeats() {
        SessionProtocol s = ready("alice");
        allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0.plusSeconds(29)));
        assertThat(s.onTick(T0.plusSeconds(31))).singleElement().isInstanceOf(Close.class);
    }

    // ---- resume

    @Test
    void resumeLooksTheSessionUpAndAnOwnedOneIsResumed() {
        SessionProtocol s = session();
        Map<String, RoomPosition> rooms = Map.of("r1", new RoomPosition(1041L, 3, 7L));
        List<SessionAction> asked = s.onText("""
            {"op":"RESUME","token":"valid:alice","session_id":"s-old","rooms":{"r1":{"seq":1041,"epoch":3,"version":7}}}""",
            T0);

        assertThat(asked).containsExactly(new LookUpSession("s-old", "alice"));
        assertThat(s.state()).isEqualTo(State.RESUMING);
        assertThat(s.onFrame(new Heartbeat(null), T0)).singleElement().isInstanceOf(Send.class);

        assertThat(s.sessionLookedUp(new SessionVerdict.Owned(), T0)).containsExactly(
            new Send(new ServerFrame.Resumed("s-old")), new RegisterSession("s-old", "alice"),
            new ResumeSession("s-old", "alice", rooms));
        assertThat(s.state()).isEqualTo(State.READY);
        PublishCommand p = (PublishCommand) allowed(s, s.onFrame(Command.of(CommandOp.RAISE_HAND, "r1", "n1"), T0)).getFirst();
        assertThat(p.command().getSessionId()).isEqualTo("s-old");
        assertThat(p.command().getCommand()).isNotInstanceOf(JoinRoom.class);
    }

    @Test
    void aCommandWhileResumingClosesWith4003() {
        SessionProtocol s = session();
        s.onFrame(new Resume("valid:alice", "s-old", Map.of()), T0);
        List<SessionAction> actions = s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0);
        assertThat(actions).isEqualTo(close(CloseCode.NOT_AUTHENTICATED, "join before RESUMED"));
    }

    @Test
    void resumeWithABadTokenClosesWith4004AndLooksNothingUp() {
        SessionProtocol s = session();
        List<SessionAction> actions = s.onFrame(new Resume("expired:alice", "s-old", Map.of()), T0);
        assertThat(actions).isEqualTo(close(CloseCode.AUTHENTICATION_FAILED, "token expired"));
    }

    @Test
    void refusedResumeIsInvalidSessionThenIdentifyWorks() {
        SessionProtocol s = session();
        s.onFrame(new Resume("valid:alice", "s-gone", Map.of()), T0);

        assertThat(s.sessionLookedUp(SessionVerdict.of(null, "alice"), T0.plusSeconds(1)))
            .containsExactly(new Send(new ServerFrame.InvalidSession("unknown_session")));
        assertThat(s.state()).isEqualTo(State.AWAITING_IDENTIFY);
        assertThat(s.userId()).isNull();

        assertThat(s.onFrame(new Identify("valid:alice"), T0.plusSeconds(2)))
            .first().isInstanceOfSatisfying(Send.class,
                send -> assertThat(send.frame()).isInstanceOf(ServerFrame.Ready.class));
    }

    @Test
    void aSecondResumeAfterRefusalClosesWith4011() {
        SessionProtocol s = session();
        s.onFrame(new Resume("valid:alice", "s-gone", Map.of()), T0);
        s.sessionLookedUp(new SessionVerdict.Unknown(), T0);
        assertThat(s.onFrame(new Resume("valid:alice", "s-other", Map.of()), T0))
            .isEqualTo(close(CloseCode.INVALID_RESUME, "session cannot be resumed; IDENTIFY instead"));
    }

    @Test
    void anotherUsersSessionIsInvalidAndNothingOfItIsKept() {
        SessionProtocol s = session();
        s.onFrame(new Resume("valid:mallory", "s-alice", Map.of("r1", new RoomPosition(5L, 0, 1L))), T0);

        assertThat(s.sessionLookedUp(SessionVerdict.of("alice", "mallory"), T0))
            .containsExactly(new Send(new ServerFrame.InvalidSession("not_your_session")));
        assertThat(s.sessionId()).isNull();
        assertThat(s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0))
            .isEqualTo(close(CloseCode.NOT_AUTHENTICATED, "join before IDENTIFY"));
    }

    @Test
    void aRegistryThatCannotBeAskedClosesWith4000AndAVerdictOutOfTurnIsIgnored() {
        SessionProtocol ready = ready("alice");
        assertThat(ready.sessionLookedUp(new SessionVerdict.Owned(), T0)).isEmpty();

        SessionProtocol s = session();
        s.onFrame(new Resume("valid:alice", "s-old", Map.of()), T0);
        assertThat(s.sessionLookedUp(new SessionVerdict.Unavailable("RedisConnectionException"), T0))
            .isEqualTo(close(CloseCode.UNKNOWN_ERROR, "session registry unavailable: RedisConnectionException"));
    }

    @Test
    void theVerdictComparesTheRegisteredOwnerWithTheResumingUser() {
        assertThat(SessionVerdict.of("alice", "alice")).isEqualTo(new SessionVerdict.Owned());
        assertThat(SessionVerdict.of("alice", "bob")).isEqualTo(new SessionVerdict.OtherUsers());
        assertThat(SessionVerdict.of(null, "bob")).isEqualTo(new SessionVerdict.Unknown());
    }

    // ---- server-initiated closes

    @Test
    void reconnectSendsReconnectThenCloses4012() {
        SessionProtocol s = ready("alice");
        assertThat(s.reconnect()).containsExactly(new Send(new ServerFrame.Reconnect()),
            new Close(CloseCode.RECONNECT, "reconnect: server restarting"));
        assertThat(s.reconnect()).isEmpty();
    }

    @Test
    void slowConsumerCloseEndsTheSession() {
        SessionProtocol s = ready("alice");
        assertThat(s.close(CloseCode.SLOW_CONSUMER, "outbound queue full"))
            .isEqualTo(close(CloseCode.SLOW_CONSUMER, "outbound queue full"));
        assertThat(s.onFrame(Command.of(CommandOp.JOIN, "r1", "n1"), T0)).isEmpty();
        assertThat(s.onDispatchSent(dispatch("participant_joined", "alice", "alice", "n1", 1))).isEmpty();
    }

    @Test
    void closeReasonsFitAWebSocketCloseFrame() {
        String reason = SessionProtocol.closeReason(CloseCode.AUTHENTICATION_FAILED, "\u20ac".repeat(100));
        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(reason).startsWith("authentication_failed: \u20ac");
        assertThat(SessionProtocol.closeReason(CloseCode.SLOW_CONSUMER, null)).isEqualTo("slow_consumer");
    }

    @Test
    void everyCloseCodeIsInTheApplicationRange() {
        for (CloseCode c : CloseCode.values()) {
            assertThat(c.code()).isBetween(4000, 4999);
            assertThat(CloseCode.of(c.code())).contains(c);
            assertThat(c.wireName()).isEqualTo(c.name().toLowerCase());
        }
    }

    private static Dispatch dispatch(String type, String participant, String actor, String nonce, long seq) {
        return new Dispatch(type, "r1", seq, 0, seq, "e-" + seq, T0, actor, nonce,
            JsonNodeFactory.instance.objectNode().put("participant_id", participant));
    }
}
