package io.roomcast.roomstate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The presence task when heartbeats reach it late: an instance that takes over a failed one's partitions (its stores,
 * restored from the changelogs, say when each user was last seen and how far each gateway node was read; what was
 * sent since is still to read), a broker outage (nothing is read until the broker is back, then the backlog), one
 * node's backlog read after another's, and a node that dies. The wall clock moves in every case; only what is read
 * decides who is silent. Default settings: deadline 45 s, checks every 5 s.
 */
class PresenceProcessorTest {
    private static final Instant T0 = Instant.parse("2026-12-06T14:00:00Z");
    private static final String ROOM = "r-1";

    private final MockProcessorContext<String, RoomCommand> context = new MockProcessorContext<>();
    private final PresenceProcessor processor = new PresenceProcessor(RoomStateTopology.Settings.DEFAULTS);
    private KeyValueStore<String, PresenceHeartbeat> store;
    private KeyValueStore<String, Long> watermarks;

    @BeforeEach
    void restoredStoresLastSawAnn55SecondsAndReadGw1Up50SecondsBeforeTheTakeOver() {
        store = store(RoomStateTopology.PRESENCE_STORE, EventSerdes.internal(PresenceHeartbeat.class));
        watermarks = store(RoomStateTopology.PRESENCE_WATERMARKS_STORE, Serdes.Long());
        store.put("ann", beat("ann", T0.minusSeconds(55)));
        watermarks.put("gw-1", T0.minusSeconds(50).toEpochMilli());
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        processor.init(context);
    }

    @Test
    void aUserWhoseHeartbeatsAreStillUnreadIsNotTimedOutAndIsJudgedFromTheLastOneOnceRead() {
        punctuate(T0.plusSeconds(60));
        assertThat(context.forwarded()).as("a minute of gw-1's records unread: ann is judged as of 50 s before T0")
            .isEmpty();

        read(beat("ann", T0.minusSeconds(3)));
        read(beat("bob", T0.plusSeconds(8)));
        read(tick("gw-1", T0.plusSeconds(41)));
        punctuate(T0.plusSeconds(65));
        assertThat(context.forwarded()).as("ann last seen 44 s before what was read").isEmpty();

        read(tick("gw-1", T0.plusSeconds(42)));
        punctuate(T0.plusSeconds(70));
        assertThat(leaves()).containsExactly("ann");
    }

    @Test
    void aTaskThatNeverReadAnythingJudgesNobody() {
        KeyValueStore<String, PresenceHeartbeat> fresh = store(RoomStateTopology.PRESENCE_STORE,
            EventSerdes.internal(PresenceHeartbeat.class));
        watermarks.delete("gw-1");
        fresh.put("ann", beat("ann", T0.minusSeconds(55)));
        PresenceProcessor first = new PresenceProcessor(RoomStateTopology.Settings.DEFAULTS);
        first.init(context);

        context.scheduledPunctuators().getLast().getPunctuator().punctuate(T0.plusSeconds(600).toEpochMilli());

        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void duringABrokerOutageNobodyIsTimedOutAndTheSilentAreJudgedOnceTheBacklogIsRead() {
        store.put("bob", beat("bob", T0.minusSeconds(50)));
        store.put("dan", beat("dan", T0.minusSeconds(50)));
        read(beat("ann", T0.minusSeconds(15)));
        read(beat("bob", T0.minusSeconds(15)));
        read(beat("dan", T0.minusSeconds(5)));
        read(tick("gw-1", T0));
        punctuate(T0);
        for (int s = 5; s <= 120; s += 5) { // the broker is down from T0 for two minutes: nothing is read
            punctuate(T0.plusSeconds(s));
        }
        assertThat(context.forwarded()).as("everyone looks silent by the wall clock; their heartbeats wait in the "
            + "gateway's producer").isEmpty();

        for (int s = 1; s <= 30; s++) { // the broker is back: the backlog, without bob, who left for good
            read(tick("gw-1", T0.plusSeconds(s)));
            if (s % 15 == 0) {
                read(beat("ann", T0.plusSeconds(s)));
                read(beat("dan", T0.plusSeconds(s)));
            }
        }
        punctuate(T0.plusSeconds(125));
        assertThat(leaves()).as("bob, last seen 45 s before the newest read").containsExactly("bob");
    }

    @Test
    void oneNodesBacklogReadAfterAnothersNewerRecordsIsNotTakenForSilence() {
        store.put("bob", beat("bob", T0.minusSeconds(50), "gw-2"));
        store.put("carl", beat("carl", T0.minusSeconds(50), "gw-2"));
        read(beat("bob", T0.minusSeconds(14), "gw-2")); // bob heartbeats every 15 s
        read(beat("ann", T0.minusSeconds(2)));
        read(beat("carl", T0.minusSeconds(1), "gw-2"));
        punctuate(T0);
        // The broker is down from T0 to T0+40; gw-1 sends its backlog first, gw-2's is appended after it.
        for (int s = 1; s <= 43; s++) {
            read(tick("gw-1", T0.plusSeconds(s)));
            if (s % 15 == 0) {
                read(beat("ann", T0.plusSeconds(s)));
            }
        }
        punctuate(T0.plusSeconds(50));
        assertThat(context.forwarded()).as("bob looks 57 s silent by gw-1's records, but gw-2 is read up to T0-1 only")
            .isEmpty();

        read(beat("bob", T0.plusSeconds(1), "gw-2"));
        read(beat("carl", T0.plusSeconds(4), "gw-2"));
        read(tick("gw-2", T0.plusSeconds(44)));
        punctuate(T0.plusSeconds(55));
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void theUsersOfANodeThatDiedAreTimedOutByTheOthersUnlessTheyMovedOn() {
        store.put("bob", beat("bob", T0.minusSeconds(50), "gw-2"));
        store.put("carl", beat("carl", T0.minusSeconds(50), "gw-2"));
        read(beat("bob", T0.minusSeconds(5), "gw-2"));
        read(beat("carl", T0.minusSeconds(5), "gw-2"));
        read(tick("gw-2", T0));
        read(tick("gw-1", T0)); // gw-2 dies at T0; carl resumes on gw-1, bob does not come back
        read(beat("carl", T0.plusSeconds(10)));
        for (int s = 1; s <= 44; s++) {
            read(tick("gw-1", T0.plusSeconds(s)));
        }
        read(beat("ann", T0.plusSeconds(30)));
        punctuate(T0.plusSeconds(45));
        assertThat(context.forwarded()).as("gw-2 is 44 s behind gw-1: taken for slow, not gone").isEmpty();

        read(tick("gw-1", T0.plusSeconds(45)));
        punctuate(T0.plusSeconds(50));
        assertThat(leaves()).as("gw-2 is a deadline behind: bob, last seen 50 s before gw-1's newest")
            .containsExactly("bob");
    }

    @Test
    void eachNodesNewestTickIsKeptForTheInstanceThatTakesOver() {
        read(tick("gw-1", T0.plusSeconds(1)));
        read(beat("ann", T0.plusSeconds(2)));
        read(tick("gw-2", T0.plusSeconds(3)));
        read(tick("gw-1", T0)); // an older tick moves nothing

        assertThat(watermarks.get("gw-1")).isEqualTo(T0.plusSeconds(1).toEpochMilli());
        assertThat(watermarks.get("gw-2")).isEqualTo(T0.plusSeconds(3).toEpochMilli());
        assertThat(store.get("ann").getOccurredAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(context.forwarded()).isEmpty();
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
            values).withLoggingDisabled().build();
        kv.init(context.getStateStoreContext(), kv);
        context.addStateStore(kv);
        return kv;
    }

    private void punctuate(Instant at) {
        context.setCurrentSystemTimeMs(at.toEpochMilli());
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(at.toEpochMilli());
    }

    /** The task reads a record of presence-heartbeats. */
    private void read(PresenceHeartbeat record) {
        processor.process(new Record<>(record.getUserId(), record, record.getOccurredAt().toEpochMilli()));
    }

    /** Users sent a LeaveRoom with reason TIMEOUT so far. */
    private List<String> leaves() {
        return context.forwarded().stream().map(f -> f.record().value())
            .filter(c -> c.getCommand().equals(new LeaveRoom(LeaveReason.TIMEOUT)))
            .map(RoomCommand::getUserId).toList();
    }

    private static PresenceHeartbeat tick(String node, Instant at) {
        return PresenceTicks.tick(node, at);
    }

    private static PresenceHeartbeat beat(String user, Instant at) {
        return beat(user, at, "gw-1");
    }

    private static PresenceHeartbeat beat(String user, Instant at, String gatewayNode) {
        return PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
            .setRoomId(ROOM).setSessionId("s-" + user).setClientTime(at).setGatewayNode(gatewayNode).build();
    }
}
