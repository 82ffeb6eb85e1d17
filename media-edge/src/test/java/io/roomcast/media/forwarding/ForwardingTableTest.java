package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardingTableTest {
    private static final String ROOM = "r1";

    private final ForwardingTable table = new ForwardingTable();

    private Binding bind(int ssrc, String user) {
        return table.bind(ssrc, ROOM, user).orElseThrow();
    }

    @Test
    void onlyCurrentUnmutedSpeakersAreForwarded() {
        table.speakerAdded(ROOM, "ann");
        Binding ann = bind(1, "ann");
        Binding bob = bind(2, "bob");
        assertThat(ann.forwarded()).isTrue();
        assertThat(bob.forwarded()).isFalse();
        assertThat(table.binding(3)).isNull();
    }

    @Test
    void aSpeakerAddedAfterBindingIsForwardedFromThen() {
        Binding bob = bind(2, "bob");
        table.speakerAdded(ROOM, "bob");
        assertThat(bob.forwarded()).isTrue();
    }

    @Test
    void muteAndUnmuteStopAndResumeTheStream() {
        table.speakerAdded(ROOM, "ann");
        Binding ann = bind(1, "ann");
        table.muted(ROOM, "ann");
        assertThat(ann.forwarded()).isFalse();
        table.unmuted(ROOM, "ann");
        assertThat(ann.forwarded()).isTrue();
    }

    @Test
    void demoteKickOrLeaveStopTheStreamAndForgetTheMute() {
        table.speakerAdded(ROOM, "ann");
        Binding ann = bind(1, "ann");
        table.muted(ROOM, "ann");
        table.speakerRemoved(ROOM, "ann");
        assertThat(ann.forwarded()).isFalse();
        table.speakerAdded(ROOM, "ann");
        assertThat(ann.forwarded()).as("a speaker invited again starts unmuted").isTrue();
        table.speakerRemoved(ROOM, "ann");
        assertThat(ann.forwarded()).isFalse();
    }

    @Test
    void aModeratorDemotedToSpeakerKeepsItsMute() {
        table.speakerAdded(ROOM, "mod");
        table.muted(ROOM, "mod");
        table.speakerAdded(ROOM, "mod");
        assertThat(table.maySpeak(ROOM, "mod")).isFalse();
    }

    @Test
    void muteOfSomeoneWhoIsNotASpeakerIsIgnored() {
        Binding bob = bind(2, "bob");
        table.muted(ROOM, "bob");
        table.speakerAdded(ROOM, "bob");
        assertThat(bob.forwarded()).isTrue();
    }

    @Test
    void everySsrcOfTheUserFollowsItsRole() {
        Binding first = bind(1, "ann");
        Binding second = bind(5, "ann");
        table.speakerAdded(ROOM, "ann");
        assertThat(first.forwarded()).isTrue();
        assertThat(second.forwarded()).isTrue();
    }

    @Test
    void speakersOfAnotherRoomAreNotThisRoomsSpeakers() {
        table.speakerAdded("r2", "ann");
        assertThat(bind(1, "ann").forwarded()).isFalse();
    }

    @Test
    void anSsrcTakenByAnotherParticipantIsRefused() {
        Binding ann = bind(1, "ann");
        assertThat(table.bind(1, ROOM, "eve")).isEmpty();
        assertThat(table.bind(1, "r2", "ann")).isEmpty();
        assertThat(table.bind(1, ROOM, "ann")).containsSame(ann);
    }

    @Test
    void unbindingDropsTheStream() {
        table.speakerAdded(ROOM, "ann");
        Binding ann = bind(1, "ann");
        table.unbind(1);
        assertThat(table.binding(1)).isNull();
        assertThat(ann.forwarded()).isFalse();
        assertThat(table.bindings()).isZero();
        table.unbind(1);
        assertThat(bind(1, "ann").forwarded()).isTrue();
    }

    @Test
    void aRoomThatEndsForgetsItsSpeakersAndBindings() {
        table.speakerAdded(ROOM, "ann");
        Binding ann = bind(1, "ann");
        bind(2, "bob");
        Binding other = table.bind(3, "r2", "cid").orElseThrow();
        table.roomEnded(ROOM);
        assertThat(ann.forwarded()).isFalse();
        assertThat(table.binding(1)).isNull();
        assertThat(table.binding(2)).isNull();
        assertThat(table.binding(3)).isSameAs(other);
        assertThat(table.maySpeak(ROOM, "ann")).isFalse();
    }
}
