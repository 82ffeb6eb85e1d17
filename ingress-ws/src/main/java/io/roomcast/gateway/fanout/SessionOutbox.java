package io.roomcast.gateway.fanout;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Objects;

/**
 * The bounded outbound queue of one WebSocket session: written by fan-out threads (and by join or
 * resume replays), drained by the connection's writer. It is also the session's handle in
 * {@link Fanout}.
 *
 * <p><b>Backpressure.</b> An offer that would exceed {@link Limits#maxFrames()} or
 * {@link Limits#maxBytes()} marks the session <em>slow</em>: its queue is dropped at once (memory is
 * freed, nothing more is accepted) and {@link Listener#onSlow} fires once, so the adapter closes the
 * connection with the slow-consumer close code; the client may RESUME from the last sequence it
 * received. An offer never blocks and never waits for the writer, so one slow session cannot slow
 * the fan-out to the others. Memory per session is at most {@code maxBytes} of frame references
 * (frames themselves are shared between sessions).
 *
 * <p>Thread-safe: many producers, one consumer; a short monitor guards the queue. Listener callbacks
 * run on the offering thread, outside that monitor, and must not block (schedule the write or close
 * on the connection's event loop) nor call back into {@link Fanout}.
 */
public final class SessionOutbox {
    /**
     * Bounds of one session's queue.
     *
     * @param maxFrames frames queued at most (at least 1)
     * @param maxBytes  frame bytes queued at most (at least 1)
     */
    public record Limits(int maxFrames, long maxBytes) {
        /** 1,024 frames, 1 MiB. */
        public static final Limits DEFAULT = new Limits(1024, 1L << 20);

        /** @throws IllegalArgumentException if a limit is below 1 */
        public Limits {
            if (maxFrames < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("outbox limits must be >= 1: " + maxFrames + " frames, "
                    + maxBytes + " bytes");
            }
        }
    }

    /** Callbacks to the connection; both run on the offering thread and must return quickly. */
    public interface Listener {
        /** The queue went from empty to non-empty: the writer should drain it. */
        default void onReady(SessionOutbox outbox) {}

        /** The session was marked slow (queue full): close it with the slow-consumer close code. Fires once. */
        default void onSlow(SessionOutbox outbox) {}
    }

    /** A listener that does nothing (the writer polls). */
    public static final Listener NO_LISTENER = new Listener() {};

    private final String sessionId;
    private final String userId;
    private final Limits limits;
    private final Listener listener;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long bytes;
    private boolean slow;
    private boolean closed;

    /**
     * @param sessionId the session id (READY / RESUME); targeted facts match on it
     * @param userId    the session's user: its join decisions and the facts that remove it from a room match on it
     * @param limits    queue bounds
     * @param listener  connection callbacks, or {@link #NO_LISTENER}
     */
    public SessionOutbox(String sessionId, String userId, Limits limits, Listener listener) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The session id. */
    public String sessionId() {
        return sessionId;
    }

    /** The session's user. */
    public String userId() {
        return userId;
    }

    /**
     * Queues a frame for the writer.
     *
     * @return true if queued; false if the session is closed, already slow, or becomes slow now
     *         because the frame does not fit
     */
    public boolean offer(Frame frame) {
        boolean becameReady;
        synchronized (this) {
            if (closed || slow) {
                return false;
            }
            if (queue.size() >= limits.maxFrames() || bytes + frame.sizeBytes() > limits.maxBytes()) {
                slow = true;
                queue.clear();
                bytes = 0;
                becameReady = false;
            } else {
                becameReady = queue.isEmpty();
                queue.addLast(frame);
                bytes += frame.sizeBytes();
                if (!becameReady) {
                    return true;
                }
            }
        }
        // Outside the monitor: exactly one of these, once per transition.
        if (becameReady) {
            listener.onReady(this);
            return true;
        }
        listener.onSlow(this);
        return false;
    }

    /** The next frame to write, or null if none. */
    public synchronized Frame poll() {
        Frame f = queue.pollFirst();
        if (f != null) {
            bytes -= f.sizeBytes();
        }
        return f;
    }

    /**
     * Moves up to {@code maxFrames} frames, in order, into {@code sink} (one lock for the batch).
     *
     * @return the number of frames moved
     */
    public int drainTo(Collection<? super Frame> sink, int maxFrames) {
        int n = 0;
        synchronized (this) {
            Frame f;
            while (n < maxFrames && (f = queue.pollFirst()) != null) {
                bytes -= f.sizeBytes();
                sink.add(f);
                n++;
            }
        }
        return n;
    }

    /** True once the queue overflowed; the session must be closed (it may resume). */
    public synchronized boolean isSlow() {
        return slow;
    }

    /** True once {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** True if no more frames are accepted (closed or slow). */
    public synchronized boolean isDead() {
        return closed || slow;
    }

    /** Stops accepting frames and drops the queued ones. Idempotent. */
    public synchronized void close() {
        closed = true;
        queue.clear();
        bytes = 0;
    }

    /**
     * True if {@code frames} more frames of {@code bytes} in total would fit now (a replay larger
     * than the queue is answered with a snapshot instead of overflowing it).
     */
    public synchronized boolean fits(int frames, long bytes) {
        return !closed && !slow && queue.size() + (long) frames <= limits.maxFrames()
            && this.bytes + bytes <= limits.maxBytes();
    }

    /** Frames queued now. */
    public synchronized int size() {
        return queue.size();
    }

    /** Frame bytes queued now. */
    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "SessionOutbox[" + sessionId + "]";
    }
}
