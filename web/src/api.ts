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
}

export interface Hallway {
  version: number;
  live: HallwayRoom[];
  upcoming: HallwayRoom[];
}

/** `POST /rooms/{id}/media-token` (`RestBodies.MediaTokenBody`). */
export interface MediaToken {
  token: string;
  whep_url: string;
  whip_url?: string | null;
  ice_servers?: RTCIceServer[] | null;
}

/** A REST answer other than 2xx: the `ErrorBody`'s message, else the status. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) {
    const err = await r.json().catch(() => null);
    throw new ApiError(r.status, err?.message ?? `${method} ${path} answered ${r.status}`);
  }
  return (r.status === 204 ? undefined : await r.json()) as T;
}

export async function devToken(userId: string): Promise<Session> {
  const t = await call<{ token: string; expires_in_s: number }>('POST', '/dev/token', null, { user_id: userId });
  return { userId, token: t.token, expiresAt: Date.now() + t.expires_in_s * 1000 };
}

export const hallway = (s: Session) => call<Hallway>('GET', '/hallway', s.token);

export const mediaToken = (s: Session, roomId: string) =>
  call<MediaToken>('POST', `/rooms/${encodeURIComponent(roomId)}/media-token`, s.token);
