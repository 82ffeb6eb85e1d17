package io.roomcast.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final long S = 1_000_000_000L;
    static final Sessions.Settings SETTINGS = new Sessions.Settings(3, 20, S / 2, 3, 100, 15 * S);

    private final List<String> ended = new ArrayList<>();
    private final Sessions<String> sessions = new Sessions<>(SETTINGS,
        (p, reason) -> ended.add(p.binding().user() + ":" + reason.tag()));

    private Participant<String> bind(int ssrc, String user, String address) {
        return ((Sessions.BindResult.Bound<String>) sessions.bind(ssrc, "room", user, "LISTENER", address, 60 * S, 0))
            .participant();
    }

    @Test
    void anSsrcBelongsToOneParticipantAndIsAcceptedOnlyFromItsAddress() {
        Participant<String> ann = bind(1, "ann", "10.0.0.1:5000");

        assertThat(sessions.bind(1, "room", "bob", "LISTENER", "10.0.0.2:5000", 60 * S, 0))
            .isInstanceOf(Sessions.BindResult.SsrcInUse.class);
        assertThat(sessions.senderProblem(ann, "10.0.0.1:5000", S)).isNull();
        assertThat(sessions.senderProblem(ann, "10.0.0.2:5000", S)).isEqualTo(DropReason.SPOOFED_ADDRESS);
        assertThat(sessions.senderProblem(null, "10.0.0.1:5000", S)).isEqualTo(DropReason.UNKNOWN_SSRC);
        assertThat(sessions.senderProblem(null, "10.0.0.9:5000", S)).isEqualTo(DropReason.UNBOUND_SOURCE);
        assertThat(sessions.senderProblem(ann, "10.0.0.1:5000", 61 * S)).isEqualTo(DropReason.EXPIRED);
    }

    @Test
    void aSenderOverItsRateIsDropped_andAFloodingOneIsUnbound() {
        Participant<String> ann = bind(1, "ann", "10.0.0.1:5000");
        Participant<String> bob = bind(2, "bob", "10.0.0.2:5000");
        List<DropReason> annDrops = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // 150 packets/s for 2 s: 1.5x the limit of 100
            DropReason d = sessions.senderProblem(ann, "10.0.0.1:5000", i * S / 150);
            if (d != null) {
                annDrops.add(d);
            }
        }
        for (int i = 0; i < 1_000 && sessions.bySsrc(2) != null; i++) { // 300 packets/s for up to 3.3 s: 3x
            sessions.senderProblem(bob, "10.0.0.2:5000", i * S / 300);
        }

        assertThat(annDrops).isNotEmpty().containsOnly(DropReason.RATE_LIMITED);
        assertThat(sessions.bySsrc(1)).as("over its rate: dropped, still bound").isSameAs(ann);
        assertThat(sessions.bySsrc(2)).as("flooding: unbound").isNull();
        assertThat(ended).containsExactly("bob:flooding");
        assertThat(sessions.senderProblem(null, "10.0.0.2:5000", 2 * S)).isEqualTo(DropReason.UNBOUND_SOURCE);
    }

    @Test
    void bindingAgainRefreshesAndFollowsTheClientToItsNewAddress() {
        Participant<String> ann = bind(1, "ann", "10.0.0.1:5000");

        var again = sessions.bind(1, "room", "ann", "LISTENER", "10.0.0.1:6000", 120 * S, S);

        assertThat(again).isEqualTo(new Sessions.BindResult.Bound<>(ann, true));
        assertThat(ann.address()).isEqualTo("10.0.0.1:6000");
        assertThat(sessions.isBoundSource("10.0.0.1:5000")).isFalse();
        assertThat(sessions.senderProblem(ann, "10.0.0.1:6000", 90 * S)).isNull();
    }

    @Test
    void aNewSsrcFromTheSameAddressReplacesTheOldBinding() {
        bind(1, "ann", "10.0.0.1:5000");
        bind(2, "ann", "10.0.0.1:5000");

        assertThat(sessions.bySsrc(1)).isNull();
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(ended).containsExactly("ann:replaced");
    }

    @Test
    void onlyCurrentUnmutedSpeakersAreForwarded() {
        Participant<String> ann = bind(1, "ann", "a");
        sessions.speakerAdded("room", "ann");
        assertThat(ann.binding().forwarded()).isTrue();

        sessions.muted("room", "ann");
        assertThat(ann.binding().forwarded()).isFalse();
        sessions.unmuted("room", "ann");
        assertThat(ann.binding().forwarded()).isTrue();
        sessions.speakerRemoved("room", "ann");
        assertThat(ann.binding().forwarded()).isFalse();
    }

    @Test
    void theRoomsThisEdgeIsTheOriginOfAreThoseWithABindingForItAsOriginAndGoWithTheirLastOne() {
        bind(1, "ann", "a");
        sessions.bind(2, "relayed", "bob", "LISTENER", true, "b", 60 * S, 0);
        sessions.bind(3, "both", "cid", "LISTENER", true, "c", 60 * S, 0);
        sessions.bind(4, "both", "dee", "SPEAKER", false, "d", 60 * S, 0);

        assertThat(sessions.originRooms()).as("a room of relayed bindings only is another edge's")
            .containsExactlyInAnyOrder("room", "both");
        sessions.roomEnded("room");
        sessions.unbind(sessions.bySsrc(4), UnbindReason.LEFT);
        assertThat(sessions.originRooms()).isEmpty();
    }

    @Test
    void leavingAndRoomEndUnbindAndLeaveNoRoomBehind() {
        bind(1, "ann", "a");
        bind(2, "bob", "b");
        sessions.speakerAdded("room", "ann");

        sessions.participantLeft("room", "ann");
        assertThat(sessions.bySsrc(1)).isNull();
        assertThat(sessions.room("room").members()).extracting(p -> p.binding().user()).containsExactly("bob");

        sessions.roomEnded("room");
        assertThat(sessions.size()).isZero();
        assertThat(sessions.room("room")).isNull();
        assertThat(ended).containsExactly("ann:left", "bob:room_ended");
    }

    @Test
    void theSweepEndsExpiredAndSilentBindings() {
        bind(1, "ann", "a");
        Participant<String> bob = bind(2, "bob", "b");
        sessions.bind(3, "room", "cid", "LISTENER", "c", 5 * S, 0);
        bob.heard(10 * S);

        assertThat(sessions.sweep(16 * S)).isEqualTo(2);
        assertThat(ended).containsExactlyInAnyOrder("ann:silent", "cid:expired");
        assertThat(sessions.bySsrc(2)).isSameAs(bob);
    }

    @Test
    void aKickRevokesTheTokensTheUserHeldOnOriginAndRelayAndAFreshOneBinds() {
        long kickMs = 1_748_779_200_250L;
        long oldToken = kickMs / 1000 - 60;
        long freshToken = kickMs / 1000 + 1;
        Sessions<String> edge = new Sessions<>(SETTINGS, new Revocations(0, 308_000), (p, reason) -> ended.add(
            p.binding().user() + ":" + reason.tag()));
        edge.bind(1, "room", "kim", "LISTENER", false, oldToken, "10.0.0.1:5000", 60 * S, 0);
        edge.bind(2, "room", "kim", "SPEAKER", false, oldToken, "10.0.0.1:5002", 60 * S, 0);

        edge.tokensRevoked("room", "kim", kickMs, kickMs);
        edge.participantLeft("room", "kim");

        assertThat(ended).containsExactlyInAnyOrder("kim:left", "kim:left");
        assertThat(edge.bind(1, "room", "kim", "LISTENER", false, oldToken, "10.0.0.1:5000", 60 * S, S))
            .as("the old token, same SSRC and address").isInstanceOf(Sessions.BindResult.Revoked.class);
        assertThat(edge.bind(7, "room", "kim", "LISTENER", false, oldToken, "10.0.0.9:5000", 60 * S, S))
            .as("the old token, another SSRC and address").isInstanceOf(Sessions.BindResult.Revoked.class);
        assertThat(edge.bind(8, "room", "kim", "LISTENER", true, oldToken, "10.0.0.9:5000", 60 * S, S))
            .as("the old token on a relay edge").isInstanceOf(Sessions.BindResult.Revoked.class);
        assertThat(edge.bind(9, "room", "kim", "LISTENER", "10.0.0.9:5000", 60 * S, S))
            .as("a token of unknown issue time").isInstanceOf(Sessions.BindResult.Revoked.class);
        assertThat(edge.size()).isZero();
        assertThat(edge.revoked("room", "kim", oldToken)).isTrue();
        assertThat(edge.revoked("room", "kim", freshToken)).isFalse();

        assertThat(edge.bind(1, "room", "kim", "LISTENER", false, freshToken, "10.0.0.1:5000", 60 * S, S))
            .as("a token issued after the kick").isInstanceOf(Sessions.BindResult.Bound.class);
        assertThat(edge.bind(3, "other", "kim", "LISTENER", false, oldToken, "10.0.0.3:5000", 60 * S, S))
            .as("another room").isInstanceOf(Sessions.BindResult.Bound.class);
        assertThat(edge.revocations()).isEqualTo(1);
    }
}
