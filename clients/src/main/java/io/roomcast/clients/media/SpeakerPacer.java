package io.roomcast.clients.media;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the packets of several speakers in real time on one thread: each speaker sends its next
 * packet when the previous one's duration (20 ms for 20 ms Opus frames) has passed, on an absolute
 * schedule (a late send does not delay the next ones), the speakers' schedules spread evenly over the
 * first frame (speaker i starts i / n of a frame later).
 */
public final class SpeakerPacer implements AutoCloseable {
    private final List<RtpSpeaker> speakers;
    private final long packetsEach;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean stopped;

    /**
     * Starts sending.
     *
     * @param packetsEach packets each speaker sends before the pacer ends (e.g. its clip's size);
     *     {@link Long#MAX_VALUE} for until {@link #close()}
     */
    public SpeakerPacer(List<RtpSpeaker> speakers, long packetsEach) {
        this.speakers = List.copyOf(speakers);
        this.packetsEach = packetsEach;
        Thread.ofPlatform().daemon().name("speaker-pacer").start(this::run);
    }

    /** Completes when every speaker has sent {@code packetsEach} packets, or fails with the send error. */
    public CompletableFuture<Void> done() {
        return done;
    }

    private void run() {
        int n = speakers.size();
        long start = System.nanoTime();
        long[] due = new long[n];
        long frame = 20_000_000L;
        for (int i = 0; i < n; i++) {
            due[i] = start + frame * i / n;
        }
        try {
            while (!stopped) {
                int next = -1;
                for (int i = 0; i < n; i++) {
                    if (speakers.get(i).sent() < packetsEach && (next < 0 || due[i] < due[next])) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                long wait = due[next] - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                due[next] += speakers.get(next).sendNext();
            }
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
