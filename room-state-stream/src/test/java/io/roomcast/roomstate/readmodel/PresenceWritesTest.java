package io.roomcast.roomstate.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Role;
import io.roomcast.roomstate.readmodel.RoomContent.Presence;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceWritesTest {
    private static final long REFRESH_MS = 1_000;
    private final PresenceWrites writes = new PresenceWrites(REFRESH_MS);
    private final Presence ann = new Presence("ann", Role.MODERATOR, 10);
    private final Presence bob = new Presence("bob", Role.LISTENER, 20);

    private PresenceWrites.Plan applied(List<Presence> room, boolean all, long now) {
        PresenceWrites.Plan plan = writes.plan("r1", room, all, now);
        writes.written("r1", room, plan, now);
        return plan;
    }

    @Test
    void aRoomSeenForTheFirstTimeWritesEveryone() {
        assertThat(applied(List.of(ann, bob), false, 0).writes()).containsExactly(ann, bob);
    }

    @Test
    void laterSnapshotsWriteOnlyWhoseRoleOrJoinTimeChanged() {
        applied(List.of(ann, bob), false, 0);
        Presence bobSpeaks = new Presence("bob", Role.SPEAKER, 20);
        Presence cid = new Presence("cid", Role.LISTENER, 30);

        assertThat(applied(List.of(ann, bob), false, 10).writes()).as("a title change").isEmpty();
        assertThat(applied(List.of(ann, bobSpeaks, cid), false, 20).writes()).containsExactly(bobSpeaks, cid);
    }

    @Test
    void everyoneIsWrittenAgainWhenAsked_AfterTheRefreshInterval_AndAfterTheRoomEnded() {
        applied(List.of(ann, bob), false, 0);
        assertThat(applied(List.of(ann, bob), true, 10).writes()).as("room hash was missing").containsExactly(ann, bob);
        assertThat(applied(List.of(ann, bob), false, 10 + REFRESH_MS).writes()).as("TTL refresh").containsExactly(ann, bob);
        writes.forget("r1");
        assertThat(writes.plan("r1", List.of(ann), false, 10 + REFRESH_MS + 1).writes()).containsExactly(ann);
    }

    @Test
    void aFailedWriteIsRetriedByTheNextSnapshot() {
        applied(List.of(ann), false, 0);
        PresenceWrites.Plan failed = writes.plan("r1", List.of(ann, bob), false, 10); // not recorded as written
        assertThat(failed.writes()).containsExactly(bob);
        assertThat(writes.plan("r1", List.of(ann, bob), false, 20).writes()).containsExactly(bob);
    }
}
