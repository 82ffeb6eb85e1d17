package io.roomcast.ranking.topology;

import io.roomcast.events.SocialEdge;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The write side of the social signal, on the partitions of the followed user: keeps each user's followers
 * ({@link HallwayTopology#FOLLOWERS_STORE}: {@code followee|follower} -> when the follow began, epoch ms;
 * {@code followee} -> the follower count) from FOLLOWS edges of users keyed by the followee, and on a move of
 * a user (joined, left or changed role in a room; the value is the nudge, {@code roomVersion|roomId},
 * {@link HallwayTopology#nudge}) forwards one nudge per follower (key follower, the same value) so the follower's
 * hallway is recomputed. A user with more followers than
 * {@link HallwayTopology.Settings#celebrityFollowers()} is a celebrity: their moves nudge nobody (bounded
 * fan-out); followers see them at their next recomputation, which reads where everyone is from the rooms.
 */
final class FollowerFanoutProcessor implements Processor<String, Object, String, String> {
    private final int celebrityFollowers;
    private final Runnable celebrityMove;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, Long> followers;

    /** @param celebrityMove called once per move of a celebrity (for a counter) */
    FollowerFanoutProcessor(int celebrityFollowers, Runnable celebrityMove) {
        this.celebrityFollowers = celebrityFollowers;
        this.celebrityMove = celebrityMove;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.followers = context.getStateStore(HallwayTopology.FOLLOWERS_STORE);
    }

    @Override
    public void process(Record<String, Object> record) {
        String user = record.key();
        if (record.value() instanceof SocialEdge edge) {
            follow(user, edge);
        } else if (record.value() instanceof String nudge) {
            Long count = followers.get(user);
            if (count == null || count == 0) {
                return;
            }
            if (count > celebrityFollowers) {
                celebrityMove.run();
                return;
            }
            try (KeyValueIterator<String, Long> all = followers.prefixScan(user + HallwayTopology.SEPARATOR,
                    new StringSerializer())) {
                all.forEachRemaining(entry -> context.forward(new Record<>(
                    entry.key.substring(user.length() + 1), nudge, record.timestamp())));
            }
        }
    }

    /** An edge {@code follower FOLLOWS USER:user}: added or removed once (replays change nothing). */
    private void follow(String user, SocialEdge edge) {
        String key = user + HallwayTopology.SEPARATOR + edge.getUserId();
        boolean present = followers.get(key) != null;
        long count = followers.get(user) == null ? 0 : followers.get(user);
        if (edge.getActive() && !present) {
            followers.put(key, edge.getOccurredAt().toEpochMilli());
            followers.put(user, count + 1);
        } else if (!edge.getActive() && present) {
            followers.delete(key);
            followers.put(user, Math.max(0, count - 1));
        }
    }
}
