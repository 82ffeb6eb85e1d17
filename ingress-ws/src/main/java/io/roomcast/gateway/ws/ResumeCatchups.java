package io.roomcast.gateway.ws;

import io.roomcast.gateway.fanout.Fact;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.feed.FactFeed;
import io.roomcast.gateway.feed.KafkaCatchup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives RESUME catch-ups from Kafka ({@link Fanout.Catchup.FromKafka}): reads the room's missed
 * facts with {@link KafkaCatchup}, hands them to {@link Fanout#finishCatchup} (which queues them and
 * switches the session to the room log and the live stream), reads on while the log evicted past
 * what was read, and falls back to a fresh snapshot ({@link Fanout#abandonCatchup}, then
 * {@code fresh}) when Kafka refuses (gap too old or too large, timeout, failure) or the client's
 * epoch is not the room's partition. Never blocks: reads run on the reader's threads, the hand-over
 * on the node's scheduler.
 */
final class ResumeCatchups {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeCatchups.class);

    private final Fanout fanout;
    private final KafkaCatchup reader;
    private final ScheduledExecutorService scheduler;

    ResumeCatchups(Fanout fanout, KafkaCatchup reader, ScheduledExecutorService scheduler) {
        this.fanout = fanout;
        this.reader = reader;
        this.scheduler = scheduler;
    }

    /**
     * Catches the session up in {@code room} from where {@code first} says.
     *
     * @param fresh sends a fresh SNAPSHOT then joins (the fallback); run at most once
     */
    void start(SessionOutbox outbox, String room, Fanout.Catchup.FromKafka first, Runnable fresh) {
        if (first.partition() != FactFeed.partitionOf(room)) {
            giveUp(outbox, room, "epoch " + first.partition() + " is not the room's partition", fresh);
            return;
        }
        long deadline = System.nanoTime() + reader.limits().timeout().toNanos();
        round(outbox, room, first, new ArrayList<>(), deadline, fresh);
    }

    private void round(SessionOutbox outbox, String room, Fanout.Catchup.FromKafka at, List<Fact> read, long deadline,
                       Runnable fresh) {
        reader.read(room, at.partition(), at.fromOffset(), at.stopAtOffset(), reader.limits().maxFacts() - read.size(),
            deadline).whenCompleteAsync((result, error) -> {
                if (outbox.isDead()) {
                    fanout.leave(outbox, room);
                    return;
                }
                if (!(result instanceof KafkaCatchup.Result.Read r)) {
                    giveUp(outbox, room, error != null ? error.toString() : ((KafkaCatchup.Result.Refused) result).why(),
                        fresh);
                    return;
                }
                read.addAll(r.facts());
                switch (fanout.finishCatchup(outbox, room, read, r.readUpTo())) {
                    case Fanout.Catchup.FromKafka next -> round(outbox, room, next, read, deadline, fresh);
                    case Fanout.Catchup.SnapshotNeeded s -> fresh.run();
                    case Fanout.Catchup.Replayed replayed -> { }
                }
            }, scheduler);
    }

    private void giveUp(SessionOutbox outbox, String room, String why, Runnable fresh) {
        LOG.info("resume of session {} in room {} not served from Kafka ({}): fresh snapshot", outbox.sessionId(), room, why);
        fanout.abandonCatchup(outbox, room);
        fresh.run();
    }
}
