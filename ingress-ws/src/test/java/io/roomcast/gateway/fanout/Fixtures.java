package io.roomcast.gateway.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Shared test helpers: a manual clock, fact builders, outbox readers, recording metrics. */
final class Fixtures {
    static final int PARTITION = 3;

    private Fixtures() {}

    /** A clock the test moves by hand (epoch ms). */
    static final class ManualClock implements LongSupplier {
        private final AtomicLong now = new AtomicLong(1_000_000);

        @Override
        public long getAsLong() {
            return now.get();
        }

        void advance(long ms) {
            now.addAndGet(ms);
        }
    }

    /** A broadcast fact whose frame text is {@code "<offset>"} (what the client would see as sequence). */
    static Fact fact(long offset, Long version) {
        return Fact.broadcast(PARTITION, offset, version, Frame.text(Long.toString(offset)));
    }

    /** A fact for one session only. */
    static Fact targeted(long offset, Long version, String sessionId) {
        return Fact.targeted(PARTITION, offset, version, sessionId, Frame.text(Long.toString(offset)));
    }

    /** A session {@code id} (of user {@code "user-" + id}) that streams {@code room} from snapshot {@code version}. */
    static SessionOutbox joined(Fanout fanout, String room, String id, long version) {
        SessionOutbox out = outbox(id);
        fanout.beginJoin(out, room);
        if (!(fanout.join(out, room, version) instanceof Fanout.Catchup.Replayed replayed) || replayed.facts() != 0) {
            throw new AssertionError("a fresh join of " + room + " replays nothing");
        }
        return out;
    }

    static SessionOutbox outbox(String id) {
        return new SessionOutbox(id, "user-" + id, new SessionOutbox.Limits(100_000, 1L << 30), SessionOutbox.NO_LISTENER);
    }

    /** Drains the outbox: the frames' texts, in order. */
    static List<String> drain(SessionOutbox outbox) {
        List<Frame> frames = new ArrayList<>();
        outbox.drainTo(frames, Integer.MAX_VALUE);
        List<String> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            out.add(f.asText());
        }
        return out;
    }

    /** The frame texts of some facts, in order. */
    static List<String> texts(List<Fact> facts) {
        List<String> out = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            out.add(f.frame().asText());
        }
        return out;
    }

    /** Metrics that count what they are told. */
    static final class RecordingMetrics implements FanoutMetrics {
        final AtomicLong framesDelivered = new AtomicLong();
        final AtomicInteger factsDelivered = new AtomicInteger();
        final ConcurrentMap<String, Integer> slowDropped = new ConcurrentHashMap<>();
        final AtomicInteger resumesFromBuffer = new AtomicInteger();
        final AtomicInteger resumesNeedingSnapshot = new AtomicInteger();
        final AtomicInteger joinsFromBuffer = new AtomicInteger();
        final AtomicInteger joinsNeedingSnapshot = new AtomicInteger();

        @Override
        public void factDelivered(String roomId, int frames) {
            factsDelivered.incrementAndGet();
            framesDelivered.addAndGet(frames);
        }

        @Override
        public void slowSessionDropped(String sessionId) {
            slowDropped.merge(sessionId, 1, Integer::sum);
        }

        @Override
        public void resumeServed(String roomId, boolean fromBuffer, int replayed) {
            (fromBuffer ? resumesFromBuffer : resumesNeedingSnapshot).incrementAndGet();
        }

        @Override
        public void joinServed(String roomId, boolean fromBuffer, int replayed) {
            (fromBuffer ? joinsFromBuffer : joinsNeedingSnapshot).incrementAndGet();
        }
    }
}
