// A second Roomcast client, written from docs/protocol.md with Node's `ws` (which enforces RFC 6455
// framing strictly: a close frame over 125 bytes is a protocol error it reports as close 1006).
// Usage: node client.mjs <gateway base URL, e.g. http://localhost:8080>
// Runs the scenarios below and prints one JSON object on stdout: what each connection received, in
// order, and how it closed. It asserts nothing; StrictClientIT does.
import WebSocket from 'ws';

const base = process.argv[2];
if (!base) {
  console.error('usage: node client.mjs <gateway base URL>');
  process.exit(2);
}
const wsUrl = base.replace(/^http/, 'ws') + '/ws';
const run = Date.now().toString(36);
const WAIT_MS = 20000;
const out = { run, failures: [], connections: {}, http: [] };

function fail(message) {
  out.failures.push(message);
}

/** One WebSocket connection that records every frame and its close. */
class Connection {
  constructor(name) {
    this.name = name;
    this.frames = [];
    this.errors = [];
    this.close = null;
    this.waiters = [];
    out.connections[name] = { frames: this.frames, errors: this.errors, close: null, sent: [] };
    this.ws = new WebSocket(wsUrl);
    this.ws.on('message', (data, isBinary) => {
      let frame;
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch (e) {
        frame = { unparsed: data.toString('utf8'), binary: isBinary };
      }
      this.frames.push(frame);
      this.check();
    });
    this.ws.on('error', (err) => this.errors.push(String(err && err.message ? err.message : err)));
    this.ws.on('close', (code, reason) => {
      this.close = { code, reason: reason.toString('utf8'), reason_bytes: reason.length };
      out.connections[name].close = this.close;
      this.check();
    });
  }

  check() {
    this.waiters = this.waiters.filter((w) => {
      const found = this.frames.find(w.predicate);
      if (found) {
        w.resolve(found);
        return false;
      }
      if (this.close) {
        w.resolve(null);
        return false;
      }
      return true;
    });
  }

  /** Resolves with the first received frame matching the predicate, or null on close or timeout. */
  await(predicate, what) {
    const found = this.frames.find(predicate);
    if (found) {
      return Promise.resolve(found);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        fail(`${this.name}: no ${what} within ${WAIT_MS} ms`);
        resolve(null);
      }, WAIT_MS);
      const done = (f) => {
        clearTimeout(timer);
        if (f === null) {
          fail(`${this.name}: closed before ${what}`);
        }
        resolve(f);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** Resolves with the close event ({code, reason, reason_bytes}), or null on timeout. */
  closed() {
    if (this.close) {
      return Promise.resolve(this.close);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        fail(`${this.name}: not closed within ${WAIT_MS} ms`);
        resolve(null);
      }, WAIT_MS);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve(this.close);
      });
    });
  }

  send(frame) {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    out.connections[this.name].sent.push(text);
    this.ws.send(text);
  }

  async identify(token) {
    if (!(await this.await((f) => f.op === 'HELLO', 'HELLO'))) {
      return null;
    }
    this.send({ op: 'IDENTIFY', token });
    return this.await((f) => f.op === 'READY', 'READY');
  }

  command(op, room, nonce, args) {
    const frame = { op, room, nonce };
    if (args) {
      frame.args = args;
    }
    this.send(frame);
    return this.await((f) => f.op === 'COMMAND_RESULT' && f.nonce === nonce, `COMMAND_RESULT ${nonce}`);
  }

  end() {
    if (!this.close) {
      this.ws.close(1000, 'done');
    }
    return this.closed();
  }
}

async function http(method, path, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  const requestBody = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(base + path, { method, headers, body: requestBody });
  const text = await response.text();
  // Every exchange, for StrictClientIT to check against docs/openapi.yml.
  out.http.push({
    method, path, request_headers: headers, request_body: requestBody ?? null,
    status: response.status, response_headers: Object.fromEntries(response.headers.entries()), response_body: text,
  });
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function devToken(user) {
  const r = await http('POST', '/dev/token', null, { user_id: user });
  if (r.status !== 200) {
    throw new Error(`POST /dev/token ${user}: ${r.status}`);
  }
  return r.body.token;
}

/** Invalid JSON, then a command, before IDENTIFY: each closes the connection with its code. */
async function closesBeforeIdentify() {
  const badJson = new Connection('bad_json_before_identify');
  if (await badJson.await((f) => f.op === 'HELLO', 'HELLO')) {
    badJson.send('{not json');
  }
  await badJson.closed();
  const early = new Connection('command_before_identify');
  if (await early.await((f) => f.op === 'HELLO', 'HELLO')) {
    early.send({ op: 'join', room: `r-${run}`, nonce: 'early' });
  }
  await early.closed();
}

/** A host creates a room; a guest joins, is kicked, joins again, is banned, and is refused. */
async function kickAndBan() {
  const hostId = `host-${run}`;
  const guestId = `guest-${run}`;
  const hostToken = await devToken(hostId);
  const guestToken = await devToken(guestId);
  const created = await http('POST', '/rooms', hostToken, { title: 'Strict client', visibility: 'public' });
  out.create = created;
  if (created.status !== 202) {
    fail(`POST /rooms: ${created.status}`);
    return;
  }
  const room = created.body.room_id;
  out.room = room;
  out.users = { host: hostId, guest: guestId };
  // Creation is asynchronous (202): the room exists once GET /rooms/{id} answers 200.
  const deadline = Date.now() + WAIT_MS;
  while ((await http('GET', `/rooms/${room}`, hostToken)).status !== 200) {
    if (Date.now() > deadline) {
      fail(`room ${room} not readable within ${WAIT_MS} ms`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const host = new Connection('host');
  const guest = new Connection('guest');
  await host.identify(hostToken);
  await guest.identify(guestToken);
  const self = (type) => (f) => f.op === 'DISPATCH' && f.room === room && f.t === type && f.data && f.data.participant_id === guestId;

  await host.command('join', room, 'h-join');
  await guest.command('join', room, 'g-join-1');
  await host.command('kick', room, 'h-kick', { user_id: guestId });
  await guest.await(self('participant_kicked'), 'own participant_kicked');
  await host.command('update_room', room, 'h-update-1', { title: 'After the kick' });
  await guest.command('join', room, 'g-join-2');
  await guest.await((f) => f.op === 'SNAPSHOT' && f.room === room && f.data && f.data.details && f.data.details.title === 'After the kick',
    'SNAPSHOT after the rejoin');
  await host.command('ban', room, 'h-ban', { user_id: guestId });
  await guest.await(self('participant_banned'), 'own participant_banned');
  await host.command('update_room', room, 'h-update-2', { title: 'After the ban' });
  await guest.command('join', room, 'g-join-3');
  // A last command of each session: a result for it comes after any late answer to the earlier ones.
  await host.command('raise_hand', room, 'h-final');
  await guest.command('leave', room, 'g-final');
  await host.end();
  await guest.end();
}

const overall = setTimeout(() => {
  fail('scenario did not finish within 180 s');
  console.log(JSON.stringify(out));
  process.exit(0);
}, 180000);

try {
  await closesBeforeIdentify();
  await kickAndBan();
} catch (e) {
  fail(`error: ${e && e.stack ? e.stack : e}`);
}
clearTimeout(overall);
console.log(JSON.stringify(out));
process.exit(0);
