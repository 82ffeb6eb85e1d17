package io.roomcast.media.session;

import io.roomcast.media.forwarding.Binding;
import io.roomcast.media.forwarding.ForwardingTable;
import io.roomcast.media.forwarding.LoudestSpeakers;
import io.roomcast.media.forwarding.SsrcTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The participants bound to this edge and the rooms they are in. Binding (a verified binding request),
 * unbinding (expiry, silence, BYE, room facts) and facts ({@link RoomAuthority}) are synchronized;
 * the packet path's lookups ({@link #bySsrc}, {@link #room}, {@link #isBoundSource}) are lock-free and,
 * but for {@link #isBoundSource} (a hash lookup on drop paths only), allocation-free.
 *
 * <p>Rules: one SSRC belongs to one participant (another user binding it is refused); an address
 * holds one binding (binding again from it with a new SSRC replaces the old one); binding the same
 * SSRC again as the same user refreshes it (new expiry, and the new address: the client moved).
 * Forwarding follows {@link ForwardingTable}: only current, unmuted speakers. A token withdrawn by a
 * leave, kick or ban ({@link Revocations}) is refused, a refresh included.
 *
 * @param <A> the transport's address type (its equals() decides "same address")
 */
public final class Sessions<A> implements RoomAuthority {
    private final Settings settings;
    private final Listener<A> listener;
    private final ForwardingTable forwarding = new ForwardingTable();
    private final SsrcTable<Participant<A>> bySsrc = new SsrcTable<>();
    private final Map<A, Participant<A>> byAddress = new ConcurrentHashMap<>();
    private final Map<String, RoomMembers<A>> rooms = new ConcurrentHashMap<>();
    private final Revocations revocations;

    /**
     * @param maxForwarded N loudest speakers forwarded per room, 1 or more
     * @param speakerCapacity speakers tracked per room for the N-loudest choice (the room's speaker limit)
     * @param loudestHoldNanos how long a loudest slot is kept without packets, ns
     * @param switchMarginDb how much louder (dB) a speaker must be to take a slot
     * @param packetsPerSecond each sender's packet-rate limit, packets/s
     * @param silentTimeoutNanos a participant not heard from for this long is unbound, ns
     */
    public record Settings(int maxForwarded, int speakerCapacity, long loudestHoldNanos, int switchMarginDb,
                           int packetsPerSecond, long silentTimeoutNanos) {
    }

    /** Told of every binding that ends, with the reason (metrics, logs). Called under the lock: keep it short. */
    public interface Listener<A> {
        void unbound(Participant<A> participant, UnbindReason reason);
    }

    /** The result of {@link #bind}: the participant, whether it was already bound, or why it was refused. */
    public sealed interface BindResult<A> {
        record Bound<A>(Participant<A> participant, boolean refreshed) implements BindResult<A> {
        }

        /** The SSRC is bound to another participant (collision or spoofing): pick another SSRC. */
        record SsrcInUse<A>() implements BindResult<A> {
        }

        /** The token was issued before the user left, was kicked or banned ({@link Revocations}). */
        record Revoked<A>() implements BindResult<A> {
            /** The refusal's reason, as every path that binds answers it (STUN 403, WHIP/WHEP 403). */
            public static final String REASON = "token revoked";
        }
    }

    /**
     * @param revocations the tokens withdrawn by room facts; used under this object's lock only
     */
    public Sessions(Settings settings, Revocations revocations, Listener<A> listener) {
        this.settings = settings;
        this.revocations = revocations;
        this.listener = listener;
    }

    /** Sessions whose revocations allow no clock skew and are kept for a day (tests, benchmarks). */
    public Sessions(Settings settings, Listener<A> listener) {
        this(settings, new Revocations(0, TimeUnit.DAYS.toMillis(1)), listener);
    }

    /** The participant that bound {@code ssrc}, or null. Lock-free, allocation-free. */
    public Participant<A> bySsrc(int ssrc) {
        return bySsrc.get(ssrc);
    }

    /** The room's members on this edge, or null when none is bound. Lock-free. */
    public RoomMembers<A> room(String room) {
        return rooms.get(room);
    }

    /** Whether some participant bound from {@code address}. */
    public boolean isBoundSource(A address) {
        return byAddress.containsKey(address);
    }

    /**
     * The rooms this edge is the origin of: those with a participant bound with a token for this edge as the room's
     * origin (not {@link Participant#relayed()}; a relay edge's uplink counts), a copy. O(participants).
     */
    public Set<String> originRooms() {
        Set<String> origin = new HashSet<>();
        rooms.forEach((room, members) -> {
            for (Participant<A> p : members.members()) {
                if (!p.relayed()) {
                    origin.add(room);
                    return;
                }
            }
        });
        return origin;
    }

    /** Number of bound participants. */
    public int size() {
        return bySsrc.size();
    }

    /**
     * Why a packet with {@code participant}'s SSRC from {@code source} is not accepted as theirs, or
     * null when it is. Order: unbound SSRC (UNKNOWN_SSRC from a bound address, else UNBOUND_SOURCE),
     * another address (SPOOFED_ADDRESS), token expired (EXPIRED), over the packet-rate limit
     * (RATE_LIMITED; a sender over twice its limit for over a second is also unbound, {@link UnbindReason#FLOODING}).
     * Allocation-free but for the address lookup of an unbound SSRC.
     *
     * @param participant {@link #bySsrc} of the packet's SSRC, possibly null
     */
    public DropReason senderProblem(Participant<A> participant, A source, long nowNanos) {
        if (participant == null) {
            return isBoundSource(source) ? DropReason.UNKNOWN_SSRC : DropReason.UNBOUND_SOURCE;
        }
        if (!participant.address().equals(source)) {
            return DropReason.SPOOFED_ADDRESS;
        }
        if (participant.expired(nowNanos)) {
            return DropReason.EXPIRED;
        }
        if (participant.limiter().tryAcquire(nowNanos)) {
            return null;
        }
        if (participant.limiter().flooding()) {
            unbind(participant, UnbindReason.FLOODING);
        }
        return DropReason.RATE_LIMITED;
    }

    /** As {@link #bind(int, String, String, String, boolean, Object, long, long)} on the room's origin edge. */
    public BindResult<A> bind(int ssrc, String room, String user, String role, A address, long expiresAtNanos,
                              long nowNanos) {
        return bind(ssrc, room, user, role, false, address, expiresAtNanos, nowNanos);
    }

    /**
     * As {@link #bind(int, String, String, String, boolean, long, Object, long, long)} for a token whose
     * {@code iat} is not known: refused while a revocation of the user in the room is kept.
     */
    public BindResult<A> bind(int ssrc, String room, String user, String role, boolean relayed,
                              A address, long expiresAtNanos, long nowNanos) {
        return bind(ssrc, room, user, role, relayed, Long.MIN_VALUE, address, expiresAtNanos, nowNanos);
    }

    /**
     * Binds {@code ssrc} for a participant whose media token was verified, unless the token was revoked.
     *
     * @param role the token's role claim (informational)
     * @param relayed the token is for a relay edge of the room ({@link Participant#relayed()})
     * @param issuedAtEpochSeconds the token's {@code iat}, epoch seconds ({@link Revocations#refuses})
     * @param expiresAtNanos the token's expiry, {@link System#nanoTime()} ns
     */
    public synchronized BindResult<A> bind(int ssrc, String room, String user, String role, boolean relayed,
                                           long issuedAtEpochSeconds, A address, long expiresAtNanos,
                                           long nowNanos) {
        if (revocations.refuses(room, user, issuedAtEpochSeconds)) {
            return new BindResult.Revoked<>();
        }
        Participant<A> existing = bySsrc.get(ssrc);
        if (existing != null) {
            Binding b = existing.binding();
            if (!b.room().equals(room) || !b.user().equals(user)) {
                return new BindResult.SsrcInUse<>();
            }
            A before = existing.address();
            existing.refresh(address, expiresAtNanos, nowNanos);
            if (!before.equals(address)) {
                byAddress.remove(before, existing);
                replaceAt(address, existing);
            }
            return new BindResult.Bound<>(existing, true);
        }
        Optional<Binding> binding = forwarding.bind(ssrc, room, user);
        if (binding.isEmpty()) {
            return new BindResult.SsrcInUse<>();
        }
        Participant<A> participant = new Participant<>(binding.get(), role, relayed, address, expiresAtNanos, nowNanos,
            settings.packetsPerSecond());
        replaceAt(address, participant);
        bySsrc.put(ssrc, participant);
        rooms.computeIfAbsent(room, id -> new RoomMembers<>(id, new LoudestSpeakers(settings.maxForwarded(),
            settings.speakerCapacity(), settings.loudestHoldNanos(), settings.switchMarginDb()))).add(participant);
        return new BindResult.Bound<>(participant, false);
    }

    private void replaceAt(A address, Participant<A> participant) {
        Participant<A> previous = byAddress.put(address, participant);
        if (previous != null && previous != participant) {
            unbind(previous, UnbindReason.REPLACED);
            byAddress.put(address, participant);
        }
    }

    /** Ends a binding (no-op when it already ended); its SSRC's packets are dropped from now on. */
    public synchronized void unbind(Participant<A> participant, UnbindReason reason) {
        if (bySsrc.get(participant.ssrc()) != participant) {
            return;
        }
        forwarding.unbind(participant.ssrc());
        bySsrc.remove(participant.ssrc());
        byAddress.remove(participant.address(), participant);
        String room = participant.binding().room();
        RoomMembers<A> members = rooms.get(room);
        if (members != null) {
            members.remove(participant);
            if (members.isEmpty()) {
                rooms.remove(room, members);
            }
        }
        listener.unbound(participant, reason);
    }

    /**
     * Ends every binding whose token expired or that was silent for the silent timeout.
     *
     * @return bindings ended
     */
    public synchronized int sweep(long nowNanos) {
        int ended = 0;
        for (Participant<A> p : List.copyOf(byAddress.values())) {
            if (p.expired(nowNanos)) {
                unbind(p, UnbindReason.EXPIRED);
                ended++;
            } else if (nowNanos - p.lastHeardNanos() > settings.silentTimeoutNanos()) {
                unbind(p, UnbindReason.SILENT);
                ended++;
            }
        }
        return ended;
    }

    @Override
    public synchronized void speakerAdded(String room, String user) {
        forwarding.speakerAdded(room, user);
    }

    @Override
    public synchronized void speakerRemoved(String room, String user) {
        forwarding.speakerRemoved(room, user);
        forgetLoudest(room, user);
    }

    @Override
    public synchronized void muted(String room, String user) {
        forwarding.muted(room, user);
        forgetLoudest(room, user);
    }

    @Override
    public synchronized void unmuted(String room, String user) {
        forwarding.unmuted(room, user);
    }

    @Override
    public synchronized void participantLeft(String room, String user) {
        forwarding.speakerRemoved(room, user);
        for (Participant<A> p : of(room, user)) {
            unbind(p, UnbindReason.LEFT);
        }
    }

    @Override
    public synchronized void tokensRevoked(String room, String user, long atEpochMs, long nowEpochMs) {
        revocations.revoke(room, user, atEpochMs, nowEpochMs);
    }

    /**
     * Whether a token of the user in the room issued at {@code issuedAtEpochSeconds} is revoked, for a path
     * that verifies a token long before it binds (a WHIP/WHEP offer: refuse it up front); {@link #bind}
     * checks again.
     */
    public synchronized boolean revoked(String room, String user, long issuedAtEpochSeconds) {
        return revocations.refuses(room, user, issuedAtEpochSeconds);
    }

    /** Revocations kept ({@link Revocations#size}). */
    public synchronized int revocations() {
        return revocations.size();
    }

    @Override
    public synchronized void roomEnded(String room) {
        RoomMembers<A> members = rooms.get(room);
        if (members != null) {
            for (Participant<A> p : members.members()) {
                unbind(p, UnbindReason.ROOM_ENDED);
            }
        }
        forwarding.roomEnded(room);
    }

    /** Whether the user is a current unmuted speaker of the room, by the facts seen so far. */
    public synchronized boolean maySpeak(String room, String user) {
        return forwarding.maySpeak(room, user);
    }

    private void forgetLoudest(String room, String user) {
        RoomMembers<A> members = rooms.get(room);
        if (members != null) {
            of(room, user).forEach(p -> members.forgetLoudest(p.ssrc()));
        }
    }

    private List<Participant<A>> of(String room, String user) {
        RoomMembers<A> members = rooms.get(room);
        List<Participant<A>> found = new ArrayList<>();
        if (members != null) {
            for (Participant<A> p : members.members()) {
                if (p.binding().user().equals(user)) {
                    found.add(p);
                }
            }
        }
        return found;
    }
}
