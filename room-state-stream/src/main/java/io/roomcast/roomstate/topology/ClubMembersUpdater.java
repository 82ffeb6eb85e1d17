package io.roomcast.roomstate.topology;

import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code club-members} store from the social-graph topic: key
 * {@code <userId>|<clubId>} present while the user is an active MEMBER or CLUB_MODERATOR of the club.
 * Follows are not membership and are skipped. A record the {@link GuardedDecoder} refuses is skipped
 * and counted (the global thread has no exception handler and cannot write dead letters); the first
 * one is logged at WARN, later ones at DEBUG.
 */
final class ClubMembersUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ClubMembersUpdater.class);
    private static volatile boolean warned;

    private final GuardedDecoder<SocialEdge> decoder;
    private final CommandObserver observer;
    private KeyValueStore<String, String> members;

    ClubMembersUpdater(GuardedDecoder<SocialEdge> decoder, CommandObserver observer) {
        this.decoder = decoder;
        this.observer = observer;
    }

    static String key(String userId, String clubId) {
        return userId + "|" + clubId;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.members = context.getStateStore(RoomStateTopology.CLUB_MEMBERS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone of a compacted edge: nothing to keep
        }
        GuardedDecoder.Result<SocialEdge> decoded = decoder.decode(record.value());
        if (!decoded.ok()) {
            observer.refused(Topics.SOCIAL_GRAPH.name(), decoded.rejection().reason().code());
            if (!warned) {
                warned = true;
                LOG.warn("Skipping a social-graph record (later ones at DEBUG): {}", decoded.rejection().text());
            } else {
                LOG.debug("Skipping a social-graph record: {}", decoded.rejection().text());
            }
            return;
        }
        SocialEdge edge = decoded.value();
        if (edge.getTargetType() != SocialTargetType.CLUB || edge.getRelation() == SocialRelation.FOLLOWS) {
            return;
        }
        String key = key(edge.getUserId(), edge.getTargetId());
        if (edge.getActive()) {
            members.put(key, edge.getRelation().name());
        } else {
            members.delete(key);
        }
    }
}
