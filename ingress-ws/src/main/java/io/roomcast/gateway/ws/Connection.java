package io.roomcast.gateway.ws;

import io.micronaut.websocket.CloseReason;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.micronaut.websocket.WebSocketSession;
import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.protocol.CloseCode;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.RateLimitVerdict;
import io.roomcast.gateway.protocol.ServerFrame;
import io.roomcast.gateway.protocol.SessionAction;
import io.roomcast.gateway.protocol.SessionProtocol;
import io.roomcast.gateway.protocol.SessionVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One client WebSocket: runs its {@link SessionProtocol} (every call under this object's lock, as
 * the protocol is single-threaded) and writes its outbox to the socket on the channel's event loop,
 * as many frames as the socket takes and then one flush, so a slow client fills its bounded outbox
 * (and is closed with 4010) instead of the server's memory.
 */
final class Connection implements SessionOutbox.Listener {
    private final WebSocketSession socket;
    private final Channel channel;
    private final SessionProtocol protocol;
    private final GatewayNode node;
    private final Deque<byte[]> direct = new ArrayDeque<>();
    private SessionOutbox outbox;
    private boolean closed;
    /**
     * The user whose session is in the registry (READY or resumed once; refreshed when the connection closes) and
     * under whom the node lists this connection for user events ({@link GatewayNode#connectionsOf}); null before.
     */
    private String registeredUser;

    /**
     * @param socket  Micronaut's session (closing with a close frame)
     * @param channel its Netty channel (writing frames in batches)
     */
    Connection(WebSocketSession socket, Channel channel, SessionProtocol protocol, GatewayNode node) {
        this.socket = socket;
        this.channel = channel;
        channel.attr(ConnectionChannels.ON_WRITABLE).set(this::pumpLater);
        this.protocol = protocol;
        this.node = node;
    }

    synchronized void start() {
        execute(protocol.start(Instant.now()));
    }

    synchronized void onText(String text) {
        execute(protocol.onText(text, Instant.now()));
    }

    synchronized void tick() {
        execute(protocol.onTick(Instant.now()));
    }

    synchronized void shutdown() {
        execute(protocol.reconnect());
    }

    synchronized void onClosed() {
        closed = true;
        if (registeredUser != null) {
            node.registerSession(protocol.sessionId(), protocol.userId());
        }
        protocol.onClosed();
        if (outbox != null) {
            node.fanout().close(outbox);
        }
    }

    synchronized String userId() {
        return protocol.userId();
    }

    /** The user this connection is listed under for user events, or null (not READY yet). */
    synchronized String registeredUser() {
        return registeredUser;
    }

    synchronized SessionOutbox outbox() {
        return outbox;
    }

    /** Runs the protocol's actions in order. */
    synchronized void execute(List<SessionAction> actions) {
        for (SessionAction action : actions) {
            switch (action) {
                case SessionAction.Send send -> send(send.frame(), null);
                case SessionAction.Close close -> closeWith(close.code(), close.reason());
                case SessionAction.CheckRateLimit check -> node.checkRateLimit(this, check);
                case SessionAction.PublishCommand publish -> node.publish(this, publish.command());
                case SessionAction.PublishHeartbeat heartbeat -> node.publish(heartbeat.heartbeat());
                case SessionAction.ResumeSession resume -> node.resume(this, resume);
                case SessionAction.LookUpSession lookUp -> node.lookUpSession(this, lookUp);
                case SessionAction.RegisterSession register -> {
                    node.registerSession(register.sessionId(), register.userId());
                    if (registeredUser == null && !closed) {
                        registeredUser = register.userId();
                        node.listen(this, registeredUser);
                    }
                }
            }
        }
    }

    /** The session is READY (or resumed): its outbox, named by the session id the fan-out targets. */
    synchronized SessionOutbox openOutbox() {
        if (outbox == null || !outbox.sessionId().equals(protocol.sessionId())) {
            outbox = new SessionOutbox(protocol.sessionId(), protocol.userId(), node.outboxLimits(), this);
        }
        return outbox;
    }

    /** The rate-limit verdict on a command: the protocol releases what may go, and it goes, under one lock (order). */
    synchronized void rateLimitChecked(long ticket, RateLimitVerdict verdict) {
        execute(protocol.rateLimitChecked(ticket, verdict));
    }

    synchronized List<SessionAction> commandApplied(String room, String nonce) {
        return protocol.commandApplied(room, nonce);
    }

    /** As {@link SessionProtocol#commandApplied(String, String, boolean)}. */
    synchronized List<SessionAction> commandApplied(String room, String nonce, boolean pendingJoin) {
        return protocol.commandApplied(room, nonce, pendingJoin);
    }

    synchronized List<SessionAction> unanswered(String room, String nonce, java.time.Duration waited) {
        return protocol.unanswered(room, nonce, waited);
    }

    /** The registry's verdict on the session a RESUME named: the protocol answers, under this lock. */
    synchronized void sessionLookedUp(SessionVerdict verdict) {
        execute(protocol.sessionLookedUp(verdict, Instant.now()));
    }

    /** Sends an encoded frame shared by many connections (a room's SNAPSHOT); as {@link #send(ServerFrame, Dispatches.Audience)}. */
    synchronized void send(Frame frame) {
        if (outbox != null && protocol.sessionId() != null) {
            outbox.offer(frame);
        } else {
            direct.add(((Outgoing) frame.payload()).utf8());
            pump();
        }
    }

    /** Sends a frame this connection made: through the outbox once there is one, so order holds. */
    synchronized void send(ServerFrame frame, Dispatches.Audience audience) {
        send(Outgoing.frame(node.codec().encode(frame), frame, audience));
    }

    @Override
    public void onReady(SessionOutbox ready) {
        pumpLater();
    }

    @Override
    public void onSlow(SessionOutbox slow) {
        node.execute(() -> {
            synchronized (this) {
                node.metrics().slowSessionDropped();
                execute(protocol.close(CloseCode.SLOW_CONSUMER, "outbox full: the client does not read fast enough"));
            }
        });
    }

    private void pumpLater() {
        channel.eventLoop().execute(() -> {
            synchronized (this) {
                pump();
            }
        });
    }

    /**
     * Writes queued frames while the channel is writable, then flushes once; on the channel's event
     * loop only (else it schedules itself there). A full socket buffer stops it until Netty reports
     * the channel writable again ({@link ConnectionChannels#ON_WRITABLE}); meanwhile the outbox
     * fills, and a client that stays behind is closed as slow (4010).
     */
    private void pump() {
        if (closed) {
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            pumpLater();
            return;
        }
        boolean wrote = false;
        while (channel.isWritable()) {
            byte[] utf8 = next();
            if (utf8 == null) {
                break;
            }
            // One wrapper per session over the shared bytes; no completion future per frame.
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private byte[] next() {
        if (!direct.isEmpty()) {
            return direct.poll();
        }
        if (outbox == null) {
            return null;
        }
        Frame frame = outbox.poll();
        if (frame == null) {
            return null;
        }
        Outgoing out = (Outgoing) frame.payload();
        List<SessionAction> after = new ArrayList<>();
        if (out.frame() instanceof ServerFrame.CommandResult result && out.audience() instanceof Dispatches.Audience.Sender to) {
            List<SessionAction> mine = protocol.onCommandResult(result, to);
            return mine.isEmpty() ? next() : utf8(((SessionAction.Send) mine.getFirst()).frame());
        }
        if (out.frame() instanceof ServerFrame.Dispatch dispatch) {
            after.addAll(protocol.onDispatchSent(dispatch));
            node.metrics().delivered(dispatch);
        }
        for (SessionAction a : after) {
            if (a instanceof SessionAction.Send s) {
                direct.add(utf8(s.frame()));
            }
        }
        return out.utf8();
    }

    private byte[] utf8(ServerFrame frame) {
        return node.codec().encode(frame).getBytes(StandardCharsets.UTF_8);
    }

    /** @param reason the protocol's close reason ({@link SessionProtocol#close}: named once, at most 123 bytes) */
    private void closeWith(CloseCode code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        socket.close(new CloseReason(code.code(), reason));
    }
}
