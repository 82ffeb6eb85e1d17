import type { Frame } from './gateway';

// A room's state as a client holds it: a SNAPSHOT replaces it, each DISPATCH of a newer version applies
// on top (docs/protocol.md, "Snapshot, then stream"); `speaking_changed` has no version.

export type Role = 'listener' | 'invited_speaker' | 'speaker' | 'moderator';

export interface Participant {
  user_id: string;
  role: Role;
  muted: boolean;
}

export interface RoomState {
  /** The SNAPSHOT's version: DISPATCHes up to it are already in the state (the facts of one command share one). */
  snapshotVersion: number;
  title: string;
  topic: string | null;
  /** The BCP 47 tag the room is held in (docs/protocol.md, "language"), null when it says none. */
  language: string | null;
  lifecycle: string;
  participants: Participant[];
  handQueue: string[];
  speaking: string[];
}

export const ON_STAGE: ReadonlySet<Role> = new Set(['speaker', 'moderator']);

export function fromSnapshot(f: Frame): RoomState {
  const d = f.data;
  return {
    snapshotVersion: f.version,
    title: d.details?.title ?? '',
    topic: d.details?.topic ?? null,
    language: d.details?.language ?? null,
    lifecycle: d.lifecycle,
    participants: (d.participants ?? []).map((p: any) => ({ user_id: p.user_id, role: p.role, muted: !!p.muted })),
    handQueue: (d.hand_queue ?? []).map((h: any) => h.user_id),
    speaking: [],
  };
}

const without = (ids: string[], id: string) => ids.filter((x) => x !== id);

function update(s: RoomState, id: string, change: Partial<Participant>): Participant[] {
  return s.participants.map((p) => (p.user_id === id ? { ...p, ...change } : p));
}

/** The state after a DISPATCH of the room; the same state for one the SNAPSHOT already holds. */
export function apply(s: RoomState, f: Frame): RoomState {
  if (f.version !== undefined && f.version !== null && f.version <= s.snapshotVersion) return s;
  const d = f.data ?? {};
  const id: string = d.participant_id;
  switch (f.t) {
    case 'participant_joined':
      return { ...s, participants: [...s.participants.filter((p) => p.user_id !== id), { user_id: id, role: d.role, muted: false }] };
    case 'participant_left':
      return {
        ...s,
        participants: s.participants.filter((p) => p.user_id !== id),
        handQueue: without(s.handQueue, id),
        speaking: without(s.speaking, id),
      };
    case 'hand_raised':
      return { ...s, handQueue: [...without(s.handQueue, id), id] };
    case 'hand_lowered':
      return { ...s, handQueue: without(s.handQueue, id) };
    case 'role_changed':
      return { ...s, participants: update(s, id, { role: d.to }) };
    case 'participant_muted':
      return { ...s, participants: update(s, id, { muted: true }) };
    case 'participant_unmuted':
      return { ...s, participants: update(s, id, { muted: false }) };
    case 'room_updated':
      // `language` null means unchanged; `language_cleared` true means the room says no language any more.
      return {
        ...s,
        title: d.title ?? s.title,
        topic: d.topic ?? s.topic,
        language: d.language_cleared ? null : (d.language ?? s.language),
      };
    case 'room_ended':
      return { ...s, lifecycle: 'ended' };
    case 'speaking_changed':
      return { ...s, speaking: d.speaking ? [...without(s.speaking, id), id] : without(s.speaking, id) };
    default:
      return s;
  }
}
