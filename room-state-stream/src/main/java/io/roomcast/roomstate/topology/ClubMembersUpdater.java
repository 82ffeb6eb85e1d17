package io.roomcast.roomstate.topology;

import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code club-members} store from the social-graph topic: key
 * {@code <userId>|<clubId>} present while the user is an active MEMBER or CLUB_MODERATOR of the club.
 * Follows are not membership and are skipped.
 */
final class ClubMembersUpdater implements Processor<String, SocialEdge, Void, Void> {
    private KeyValueStore<String, String> members;

    static String key(String userId, String clubId) {
        return userId + "|" + clubId;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.members = context.getStateStore(RoomStateTopology.CLUB_MEMBERS_STORE);
    }

    @Override
    public void process(Record<String, SocialEdge> record) {
        SocialEdge edge = record.value();
        if (edge == null || edge.getTargetType() != SocialTargetType.CLUB || edge.getRelation() == SocialRelation.FOLLOWS) {
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
