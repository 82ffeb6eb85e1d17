// The gateway's REST API (docs/openapi.yml), same origin as the page.

/** A signed-in user: the dev token of `POST /dev/token` and when it expires (epoch ms). */
export interface Session {
  userId: string;
  token: string;
  expiresAt: number;
}

/** A room of `GET /hallway` (`HallwayView.Room`). */
export interface HallwayRoom {
  room_id: string;
  title: string;
  topic?: string | null;
  lifecycle: string;
  listener_count?: number | null;
  speaker_count?: number | null;
  followed_speaker_ids?: string[] | null;
  reasons?: string[] | null;
  starts_at?: number | null;
  /** The room's BCP 47 language tag; absent when the room says none. */
  language?: string | null;
  /** The room's first speakers and moderators (at most 5, user ids); empty for an upcoming room. */
  speaker_ids?: string[] | null;
}

/** A page of `GET /hallway` (`HallwayView`). */
export interface Hallway {
  version: number;
  live: HallwayRoom[];
  upcoming: HallwayRoom[];
  /** The next page's cursor (opaque); absent on the last page. */
  next_cursor?: string | null;
}

/** `POST /rooms/{id}/media-token` (`RestBodies.MediaTokenBody`). */
export interface MediaToken {
  token: string;
  whep_url: string;
  whip_url?: string | null;
  ice_servers?: RTCIceServer[] | null;
}

/** A REST answer other than 2xx: its `ErrorBody` (`error` code, `message`, `retry_after_ms`), else the status. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown,
  extra: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) {
    const err = await r.json().catch(() => null);
    throw new ApiError(r.status, err?.message ?? `${method} ${path} answered ${r.status}`, err?.error, err?.retry_after_ms);
  }
  return (r.status === 204 ? undefined : await r.json()) as T;
}

const enc = encodeURIComponent;

export async function devToken(userId: string): Promise<Session> {
  const t = await call<{ token: string; expires_in_s: number }>('POST', '/dev/token', null, { user_id: userId });
  return { userId, token: t.token, expiresAt: Date.now() + t.expires_in_s * 1000 };
}

/** A page of the hallway: the first, or the one after the page whose `next_cursor` this is. */
export const hallway = (s: Session, cursor?: string) =>
  call<Hallway>('GET', cursor ? `/hallway?cursor=${enc(cursor)}` : '/hallway', s.token);

export const mediaToken = (s: Session, roomId: string) =>
  call<MediaToken>('POST', `/rooms/${enc(roomId)}/media-token`, s.token);


/** `POST /rooms` (`RestBodies.CreateRoomRequest`): a live room, or a scheduled one with `starts_at` (epoch ms). */
export interface NewRoom {
  title: string;
  topic?: string;
  visibility: 'public' | 'private' | 'club' | 'social';
  club_id?: string;
  language?: string;
  starts_at?: number;
  settings: { approval_required: boolean };
}

/** Creates or schedules a room; `key` (the Idempotency-Key) makes a retried request name the same room. */
export const createRoom = (s: Session, room: NewRoom, key: string) =>
  call<{ room_id: string; command: string }>('POST', '/rooms', s.token, room, { 'Idempotency-Key': key });

/** `GET /rooms/{id}`: 404 (ApiError) until room-state-stream applied the creation. */
export const getRoom = (s: Session, roomId: string) => call<object>('GET', `/rooms/${enc(roomId)}`, s.token);

export interface Topic { slug: string; category: string; name: string }
export const topics = (s: Session) => call<{ topics: Topic[] }>('GET', '/topics', s.token);

export type SearchType = 'rooms' | 'users' | 'clubs';

/** One result of `GET /search` (`SearchResult`): rooms, users or clubs fill their own fields. */
export interface SearchResult {
  id: string;
  title?: string | null;
  topic?: string | null;
  lifecycle?: 'live' | 'scheduled' | null;
  listeners?: number | null;
  starts_at?: number | null;
  username?: string | null;
  display_name?: string | null;
  bio?: string | null;
  name?: string | null;
  description?: string | null;
  member_count?: number | null;
}

export const search = (s: Session, type: SearchType, q: string, signal: AbortSignal) =>
  call<{ results: SearchResult[] }>('GET', `/search?type=${type}&q=${enc(q)}`, s.token, undefined, {}, signal);

/** `GET /users/{id}` (`SocialBodies.Profile`). */
export interface Profile {
  user_id: string;
  username: string;
  display_name: string;
  bio?: string | null;
  follower_count: number;
  following_count: number;
  /** Whether the caller follows this user; absent in the caller's own profile. */
  followed_by_me?: boolean | null;
}
export const profile = (s: Session, userId: string) => call<Profile>('GET', `/users/${enc(userId)}`, s.token);

/** `GET /clubs/{id}` (`SocialBodies.ClubBody`), with the caller's `membership` and `followed_by_me`. */
export interface Club {
  club_id: string;
  name: string;
  description?: string | null;
  topics: string[];
  private: boolean;
  rules?: string | null;
  member_count: number;
  membership?: 'admin' | 'moderator' | 'member' | 'requested' | 'none' | null;
  followed_by_me?: boolean | null;
}
export const club = (s: Session, clubId: string) => call<Club>('GET', `/clubs/${enc(clubId)}`, s.token);

/** `POST /clubs/{id}/join`: `member` (a public club) or `requested` (a private one). */
export const joinClub = (s: Session, clubId: string) =>
  call<{ status: 'member' | 'requested' }>('POST', `/clubs/${enc(clubId)}/join`, s.token);

/** `DELETE /clubs/{id}/members/me`: 409 for the last admin. */
export const leaveClub = (s: Session, clubId: string) =>
  call<void>('DELETE', `/clubs/${enc(clubId)}/members/me`, s.token);

/** `PUT` / `DELETE /users/me/following/clubs/{id}`: idempotent; 204 either way. */
export const setFollowingClub = (s: Session, clubId: string, follow: boolean) =>
  call<void>(follow ? 'PUT' : 'DELETE', `/users/me/following/clubs/${enc(clubId)}`, s.token);

/** `PUT` / `DELETE /users/me/following/users/{id}`: idempotent; 204 either way. */
export const setFollowing = (s: Session, userId: string, follow: boolean) =>
  call<void>(follow ? 'PUT' : 'DELETE', `/users/me/following/users/${enc(userId)}`, s.token);

/** One notification of the inbox (`Notification`); the live `notification` frame carries the same fields. */
export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  actor_id?: string | null;
  room_id?: string | null;
  occurred_at: number;
  read: boolean;
}

export const notifications = (s: Session) =>
  call<{ items: Notification[]; unread_count: number }>('GET', '/notifications', s.token);

/** Marks `upToId` and every older notification read; answers the unread count after. */
export const markRead = (s: Session, upToId: string) =>
  call<{ unread_count: number }>('POST', '/notifications/read', s.token, { up_to_id: upToId });
