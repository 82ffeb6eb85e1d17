package io.roomcast.roomstate.topology;

import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.roomstate.core.SocialGraph;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code social-graph} store from the social-graph topic: the edges the room rules
 * read ({@link SocialGraph}), each under its social-graph key ({@link Topics#socialEdgeKey}) while it
 * is active: MEMBER of a CLUB (club rooms; CLUB_MODERATOR and CLUB_ADMIN are extra role edges beside
 * MEMBER and are not kept), FOLLOWS of a USER (SOCIAL rooms) and BLOCKS of a USER (every room). Other
 * edges (follows of clubs and topics) are skipped. A record with {@code active=false} removes its edge;
 * so does a tombstone (the user/club API never writes one), for the edge its key names.
 *
 * <p>A record the {@link GuardedDecoder} refuses is skipped and counted (the global thread has no
 * exception handler and cannot write dead letters); the first one is logged at WARN, later ones at DEBUG.
 */
final class SocialGraphUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SocialGraphUpdater.class);
    private static final String ACTIVE = "active";
    private static volatile boolean warned;

    private final GuardedDecoder<SocialEdge> decoder;
    private final CommandObserver observer;
    private KeyValueStore<String, String> edges;

    SocialGraphUpdater(GuardedDecoder<SocialEdge> decoder, CommandObserver observer) {
        this.decoder = decoder;
        this.observer = observer;
    }

    /** The {@link SocialGraph} the store holds, read live (each call sees the latest edges). */
    static SocialGraph graph(ReadOnlyKeyValueStore<String, String> edges) {
        return new SocialGraph() {
            @Override
            public boolean isMember(String userId, String clubId) {
                return has(userId, SocialRelation.MEMBER, SocialTargetType.CLUB, clubId);
            }

            @Override
            public boolean follows(String userId, String targetUserId) {
                return has(userId, SocialRelation.FOLLOWS, SocialTargetType.USER, targetUserId);
            }

            @Override
            public boolean blocks(String userId, String targetUserId) {
                return has(userId, SocialRelation.BLOCKS, SocialTargetType.USER, targetUserId);
            }

            private boolean has(String userId, SocialRelation relation, SocialTargetType type, String targetId) {
                return edges.get(Topics.socialEdgeKey(userId, relation, type, targetId)) != null;
            }
        };
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.edges = context.getStateStore(RoomStateTopology.SOCIAL_GRAPH_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                edges.delete(record.key()); // a tombstone: the edge its key names ends
            }
            return;
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
        if (!kept(edge)) {
            return;
        }
        String key = Topics.socialEdgeKey(edge);
        if (edge.getActive()) {
            edges.put(key, ACTIVE);
        } else {
            edges.delete(key);
        }
    }

    private static boolean kept(SocialEdge edge) {
        return switch (edge.getRelation()) {
            case MEMBER -> edge.getTargetType() == SocialTargetType.CLUB;
            case FOLLOWS, BLOCKS -> edge.getTargetType() == SocialTargetType.USER;
            case CLUB_MODERATOR, CLUB_ADMIN, HIDES, REMINDS -> false;
        };
    }
}
