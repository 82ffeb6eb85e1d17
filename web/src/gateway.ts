// The WebSocket client of docs/protocol.md: HELLO, IDENTIFY or RESUME, heartbeats (a missed
// HEARTBEAT_ACK marks a zombie connection), commands with nonces, and reconnection with RESUME.

/** A frame from the server: `op` and the frame's own fields. */
export type Frame = { op: string; [field: string]: any };

/** Where a room's stream stands, sent back in RESUME (`seq` and `epoch` of the last DISPATCH, `version`). */
type Position = { seq?: number; epoch?: number; version?: number };

export type Connection = 'connecting' | 'ready' | 'reconnecting';

/** Close codes after which reconnecting cannot help: the token is bad (4004), or the client is wrong. */
const FATAL_CLOSES = new Set([4001, 4002, 4004, 4005]);
const MAX_BACKOFF_MS = 5000;

export class Gateway {
  private ws: WebSocket | null = null;
  private sessionId: string | null = null;
  private positions = new Map<string, Position>();
  private frameListeners = new Set<(f: Frame) => void>();
  private stateListeners = new Set<() => void>();
  private heartbeat: ReturnType<typeof setTimeout> | undefined;
  private acked = true;
  private attempts = 0;
  private nonces = 0;
  private closed = false;
  state: Connection = 'connecting';
  /** Why the connection ended for good (a refused token), shown to the user. */
  fatal: string | null = null;

  constructor(private readonly url: string, private readonly token: string, private readonly userId: string) {
    this.open();
  }

  /** Calls `listener` with every frame; returns the unsubscribe function. */
  onFrame(listener: (f: Frame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onState(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Sends a room command once the session is READY; returns its nonce (unique per user: user, time, counter). */
  command(op: string, room: string, args: Record<string, unknown> = {}): string {
    const nonce = `${this.userId.slice(0, 20)}-${Date.now().toString(36)}-${++this.nonces}`;
    this.send({ op, room, nonce, args });
    return nonce;
  }

  /** Forgets a room's position (after leaving it), so a RESUME no longer names it. */
  forget(room: string) {
    this.positions.delete(room);
  }

  close() {
    this.closed = true;
    clearTimeout(this.heartbeat);
    this.ws?.close(1000);
  }

  private open() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (m) => this.receive(JSON.parse(m.data as string) as Frame);
    ws.onclose = (e) => this.lost(ws, e.code, e.reason);
  }

  private send(frame: object) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private setState(s: Connection) {
    this.state = s;
    this.stateListeners.forEach((l) => l());
  }

  private receive(f: Frame) {
    switch (f.op) {
      case 'HELLO':
        this.startHeartbeats(f.heartbeat_interval_ms);
        if (this.sessionId) {
          this.send({ op: 'RESUME', token: this.token, session_id: this.sessionId, rooms: Object.fromEntries(this.positions) });
        } else {
          this.send({ op: 'IDENTIFY', token: this.token });
        }
        return;
      case 'READY':
        this.sessionId = f.session_id;
        this.attempts = 0;
        this.setState('ready');
        break;
      case 'RESUMED':
        this.attempts = 0;
        this.setState('ready');
        break;
      case 'INVALID_SESSION':
        this.sessionId = null;
        this.positions.clear();
        this.send({ op: 'IDENTIFY', token: this.token });
        break;
      case 'HEARTBEAT_ACK':
        this.acked = true;
        return;
      case 'SNAPSHOT':
        this.positions.set(f.room, { version: f.version });
        break;
      case 'DISPATCH':
        if (f.room && f.seq !== undefined) {
          const last = this.positions.get(f.room);
          this.positions.set(f.room, { seq: f.seq, epoch: f.epoch, version: f.version ?? last?.version });
        }
        break;
    }
    this.frameListeners.forEach((l) => l(f));
  }

  private startHeartbeats(intervalMs: number) {
    clearTimeout(this.heartbeat);
    this.acked = true;
    const beat = () => {
      if (!this.acked) {
        this.ws?.close(4000, 'zombie connection: no HEARTBEAT_ACK');
        return;
      }
      this.acked = false;
      this.send({ op: 'HEARTBEAT', client_time: Date.now() });
      this.heartbeat = setTimeout(beat, intervalMs);
    };
    // The first heartbeat at a random point of the first interval, so reconnect storms spread out.
    this.heartbeat = setTimeout(beat, Math.random() * intervalMs);
  }

  private lost(ws: WebSocket, code: number, reason: string) {
    if (ws !== this.ws || this.closed) return;
    clearTimeout(this.heartbeat);
    if (FATAL_CLOSES.has(code)) {
      this.fatal = reason || `connection refused (${code})`;
      this.setState('reconnecting');
      return;
    }
    this.setState('reconnecting');
    const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
    setTimeout(() => this.closed || this.open(), backoff);
  }
}

export function gatewayUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
