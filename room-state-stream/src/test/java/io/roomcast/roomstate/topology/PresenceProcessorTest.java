package io.roomcast.roomstate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.schemas.EventSerdes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The presence task when heartbeats reach it late: an instance that takes over a failed one's partitions (its store,
 * restored from the changelog, says when each user was last seen by the failed instance, and the heartbeats sent since
 * are still to read), and a broker outage (nothing is read until the broker is back, then the backlog). Default
 * settings: deadline 45 s, checks every 5 s.
 */
class PresenceProcessorTest {
    private static final Instant T0 = Instant.parse("2026-12-06T14:00:00Z");
    private static final String ROOM = "r-1";

    private final MockProcessorContext<String, RoomCommand> context = new MockProcessorContext<>();
    private final PresenceProcessor processor = new PresenceProcessor(RoomStateTopology.Settings.DEFAULTS);
    private KeyValueStore<String, PresenceHeartbeat> store;

    @BeforeEach
    void restoredStoreLastSawAnn55SecondsBeforeTheTakeOver() {
        store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RoomStateTopology.PRESENCE_STORE), Serdes.String(),
                EventSerdes.internal(PresenceHeartbeat.class))
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        store.put("ann", beat("ann", T0.minusSeconds(55)));
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        context.setCurrentStreamTimeMs(T0.minusSeconds(55).toEpochMilli());
        processor.init(context);
    }

    @Test
    void aUserWhoseHeartbeatsAreStillUnreadIsNotTimedOutAndIsJudgedFromTheLastOneOnceRead() {
        punctuate(T0.plusSeconds(5));
        assertThat(context.forwarded()).as("55 s of heartbeats unread: nobody is judged yet").isEmpty();

        read(beat("ann", T0.minusSeconds(3)));
        read(beat("bob", T0.plusSeconds(8)));
        punctuate(T0.plusSeconds(10));
        read(beat("bob", T0.plusSeconds(23)));
        read(beat("bob", T0.plusSeconds(38)));
        punctuate(T0.plusSeconds(41));
        assertThat(context.forwarded()).as("ann last seen 3 s before the take-over").isEmpty();

        punctuate(T0.plusSeconds(42));
        assertThat(leaves()).containsExactly("ann");
    }

    @Test
    void withNothingToReadTheTaskJudgesByTheWallClockOneDeadlineAfterItStarted() {
        punctuate(T0.plusSeconds(40));
        assertThat(context.forwarded()).isEmpty();

        punctuate(T0.plusSeconds(45));
        assertThat(leaves()).containsExactly("ann");
    }

    @Test
    void duringABrokerOutageNobodyIsTimedOutAndTheSilentAreJudgedOnceTheBacklogIsRead() {
        store.put("bob", beat("bob", T0.minusSeconds(50)));
        store.put("dan", beat("dan", T0.minusSeconds(50)));
        read(beat("ann", T0.minusSeconds(15)));
        read(beat("bob", T0.minusSeconds(15)));
        read(beat("dan", T0.minusSeconds(5)));
        punctuate(T0);
        for (int s = 5; s <= 35; s += 5) { // the broker is down from T0: nothing is read
            punctuate(T0.plusSeconds(s));
        }
        assertThat(context.forwarded()).as("ann and bob look 50 s silent by the wall clock; their heartbeats wait in "
            + "the gateways' producers").isEmpty();

        read(beat("ann", T0.plusSeconds(10))); // the broker is back: the backlog, without bob, who left for good
        read(beat("ann", T0.plusSeconds(25)));
        read(beat("dan", T0.plusSeconds(34)));
        punctuate(T0.plusSeconds(36));
        assertThat(leaves()).as("bob, last seen 51 s before").containsExactly("bob");
    }

    @Test
    void oneNodesBacklogAppendedAfterAnothersNewerHeartbeatsIsNotTakenForSilence() {
        store.put("bob", beat("bob", T0.minusSeconds(50), "gw-2"));
        store.put("carl", beat("carl", T0.minusSeconds(50), "gw-2"));
        read(beat("bob", T0.minusSeconds(14), "gw-2")); // bob heartbeats every 15 s
        read(beat("ann", T0.minusSeconds(2)));
        read(beat("carl", T0.minusSeconds(1), "gw-2"));
        punctuate(T0);
        // The broker is down from T0 to T0+25; gw-1 sends its backlog first, gw-2's is appended after it.
        for (int s = 5; s <= 35; s += 5) {
            read(beat("ann", T0.plusSeconds(s)));
        }
        punctuate(T0.plusSeconds(35));
        assertThat(context.forwarded()).as("bob looks 49 s silent, but gw-2 has sent nothing newer yet").isEmpty();

        read(beat("bob", T0.plusSeconds(1), "gw-2"));
        read(beat("carl", T0.plusSeconds(4), "gw-2"));
        punctuate(T0.plusSeconds(40));
        assertThat(context.forwarded()).isEmpty();
    }

    private void punctuate(Instant at) {
        context.setCurrentSystemTimeMs(at.toEpochMilli());
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(at.toEpochMilli());
    }

    /** The task reads a heartbeat (stream time moves to its time). */
    private void read(PresenceHeartbeat beat) {
        context.setCurrentStreamTimeMs(beat.getOccurredAt().toEpochMilli());
        processor.process(new Record<>(beat.getUserId(), beat, beat.getOccurredAt().toEpochMilli()));
    }

    /** Users sent a LeaveRoom with reason TIMEOUT so far. */
    private List<String> leaves() {
        return context.forwarded().stream().map(f -> f.record().value())
            .filter(c -> c.getCommand().equals(new LeaveRoom(LeaveReason.TIMEOUT)))
            .map(RoomCommand::getUserId).toList();
    }

    private static PresenceHeartbeat beat(String user, Instant at) {
        return beat(user, at, "gw-1");
    }

    private static PresenceHeartbeat beat(String user, Instant at, String gatewayNode) {
        return PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
            .setRoomId(ROOM).setSessionId("s-" + user).setClientTime(at).setGatewayNode(gatewayNode).build();
    }
}
