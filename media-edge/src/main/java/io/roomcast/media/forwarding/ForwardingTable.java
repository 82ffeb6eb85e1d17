package io.roomcast.media.forwarding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may be heard, per room, and which SSRC is whose. Room facts arrive as plain calls (the edge's
 * room-events consumer maps RoleChanged, ParticipantMuted, ParticipantLeft and the like onto them);
 * bindings come from participants presenting their media token. The forwarding path asks only
 * {@link #binding(int)} and {@link Binding#forwarded()}: no lock, no allocation.
 *
 * <p>Rules, as room-state-stream keeps them: a speaker (role SPEAKER or MODERATOR) is forwarded unless
 * muted; mute applies to speakers only; losing the speaking role forgets the mute (a speaker invited
 * again starts unmuted); a room that ends forgets its speakers and its bindings. An unbound SSRC, and
 * the stream of anyone who is not a current unmuted speaker, is not forwarded.
 *
 * <p>Thread safety: every mutator is synchronized (facts and bindings are rare next to packets);
 * {@link #binding(int)} may be called from any thread.
 */
public final class ForwardingTable {
    private final SsrcTable<Binding> bySsrc = new SsrcTable<>();
    private final Map<String, Room> rooms = new HashMap<>();

    /** The binding of {@code ssrc}, or null when no participant bound it. Lock-free, allocation-free. */
    public Binding binding(int ssrc) {
        return bySsrc.get(ssrc);
    }

    /**
     * Binds {@code ssrc} to a participant, forwarded at once if the user is a current unmuted speaker.
     * Binding the same SSRC again to the same participant returns the existing binding.
     *
     * @return the binding, or empty when the SSRC is already bound to another participant (SSRC collision
     *     or spoofing: the newcomer must pick another SSRC)
     */
    public synchronized Optional<Binding> bind(int ssrc, String room, String user) {
        Binding existing = bySsrc.get(ssrc);
        if (existing != null) {
            boolean same = existing.room().equals(room) && existing.user().equals(user);
            return same ? Optional.of(existing) : Optional.empty();
        }
        Binding binding = new Binding(ssrc, room, user);
        Room r = room(room);
        r.bindings.computeIfAbsent(user, u -> new ArrayList<>()).add(binding);
        binding.forwarded(r.forwarded(user));
        bySsrc.put(ssrc, binding);
        return Optional.of(binding);
    }

    /** Removes the binding of {@code ssrc} (participant gone, dead listener); its packets are dropped from now on. */
    public synchronized void unbind(int ssrc) {
        Binding binding = bySsrc.get(ssrc);
        if (binding == null) {
            return;
        }
        binding.forwarded(false);
        bySsrc.remove(ssrc);
        Room r = rooms.get(binding.room());
        List<Binding> ofUser = r.bindings.get(binding.user());
        ofUser.remove(binding);
        if (ofUser.isEmpty()) {
            r.bindings.remove(binding.user());
        }
        dropIfEmpty(binding.room(), r);
    }

    /** The user became a speaker or moderator (RoleChanged, or joined as host). Keeps a mute it already had. */
    public synchronized void speakerAdded(String room, String user) {
        Room r = room(room);
        r.mutedSpeakers.putIfAbsent(user, false);
        r.refresh(user);
    }

    /** The user stopped speaking: demoted to listener, left, kicked or banned. Its mute is forgotten. */
    public synchronized void speakerRemoved(String room, String user) {
        Room r = rooms.get(room);
        if (r != null && r.mutedSpeakers.remove(user) != null) {
            r.refresh(user);
            dropIfEmpty(room, r);
        }
    }

    /** A speaker was muted (ParticipantMuted); ignored for a user who is not a speaker. */
    public synchronized void muted(String room, String user) {
        setMuted(room, user, true);
    }

    /** A speaker unmuted (ParticipantUnmuted); ignored for a user who is not a speaker. */
    public synchronized void unmuted(String room, String user) {
        setMuted(room, user, false);
    }

    /** The room ended: no one in it is forwarded and all its SSRCs are unbound. */
    public synchronized void roomEnded(String room) {
        Room r = rooms.remove(room);
        if (r == null) {
            return;
        }
        for (List<Binding> ofUser : r.bindings.values()) {
            for (Binding binding : ofUser) {
                binding.forwarded(false);
                bySsrc.remove(binding.ssrc());
            }
        }
    }

    /** Whether the user is a current, unmuted speaker of the room (what bindings follow). */
    public synchronized boolean maySpeak(String room, String user) {
        Room r = rooms.get(room);
        return r != null && r.forwarded(user);
    }

    /** Number of bound SSRCs over all rooms. */
    public int bindings() {
        return bySsrc.size();
    }

    private void setMuted(String room, String user, boolean muted) {
        Room r = rooms.get(room);
        if (r != null && r.mutedSpeakers.containsKey(user)) {
            r.mutedSpeakers.put(user, muted);
            r.refresh(user);
        }
    }

    private Room room(String room) {
        return rooms.computeIfAbsent(room, id -> new Room());
    }

    private void dropIfEmpty(String room, Room r) {
        if (r.mutedSpeakers.isEmpty() && r.bindings.isEmpty()) {
            rooms.remove(room);
        }
    }

    /** One room's speakers (user → muted) and bindings (user → its SSRCs). */
    private static final class Room {
        final Map<String, Boolean> mutedSpeakers = new HashMap<>();
        final Map<String, List<Binding>> bindings = new HashMap<>();

        boolean forwarded(String user) {
            return Boolean.FALSE.equals(mutedSpeakers.get(user));
        }

        void refresh(String user) {
            boolean forwarded = forwarded(user);
            for (Binding binding : bindings.getOrDefault(user, List.of())) {
                binding.forwarded(forwarded);
            }
        }
    }
}
