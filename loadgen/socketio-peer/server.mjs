// Socket.IO comparison peer for loadgen/bench-gateway.
//
// One Socket.IO node; several nodes (different ports) share rooms through the
// Redis adapter (Redis pub/sub, db 0). See README.md for the wire protocol.
//
//   node server.mjs --port 9301 --redis redis://127.0.0.1:6379 --node-id sio-1 [--host 127.0.0.1]

import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";

const REDIS_CONNECT_TIMEOUT_MS = 5000;
const SHUTDOWN_TIMEOUT_MS = 5000;
const DEFAULT_PAYLOAD_BYTES = 200;

function fail(message) {
  process.stderr.write(`socketio-peer: ${message}\n`);
  process.exit(1);
}

function parseCli() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        redis: { type: "string", default: "redis://127.0.0.1:6379" },
        "node-id": { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${err.message}\nusage: node server.mjs --port 9301 --redis redis://127.0.0.1:6379 --node-id sio-1 [--host 127.0.0.1]`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be 1..65535 (got ${values.port})`);
  const nodeId = values["node-id"] ?? `sio-${port}`;
  return { port, host: values.host, redisUrl: values.redis, nodeId };
}

const { port, host, redisUrl, nodeId } = parseCli();

// ---------------------------------------------------------------- Redis

const pubClient = createClient({ url: redisUrl, socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS } });
const subClient = pubClient.duplicate();
let shuttingDown = false;
for (const [name, client] of [["pub", pubClient], ["sub", subClient]]) {
  // node-redis emits 'error' on every failed (re)connect; without a listener it would throw.
  client.on("error", (err) => {
    if (!shuttingDown) process.stderr.write(`socketio-peer: redis ${name} client error: ${err.message}\n`);
  });
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

try {
  await withTimeout(Promise.all([pubClient.connect(), subClient.connect()]), REDIS_CONNECT_TIMEOUT_MS,
    `connecting to Redis at ${redisUrl}`);
} catch (err) {
  fail(`Redis unreachable: ${err.message}`);
}

// ---------------------------------------------------------------- Socket.IO

const httpServer = createServer((req, res) => {
  // Only Engine.IO requests are served (Socket.IO intercepts /socket.io/); everything else is 404.
  res.writeHead(404).end();
});

const io = new Server(httpServer, {
  transports: ["websocket"],
  perMessageDeflate: false,
  pingInterval: 25000,
  pingTimeout: 20000,
  // maxHttpBufferSize: default (1e6), advertised to clients as maxPayload.
  serveClient: false,
  adapter: createAdapter(pubClient, subClient),
});

// The adapter for "/" was created above and issued its (P)SUBSCRIBE commands on subClient.
// Redis answers commands on one connection in order, so once this SUBSCRIBE is confirmed the
// adapter's subscriptions are active too: a publish from another node can no longer be missed.
try {
  const barrier = `socketio-peer#ready#${nodeId}#${process.pid}`;
  await withTimeout(subClient.subscribe(barrier, () => {}), REDIS_CONNECT_TIMEOUT_MS, "Redis SUBSCRIBE");
  await subClient.unsubscribe(barrier);
} catch (err) {
  fail(`Redis subscription failed: ${err.message}`);
}

const activeTimers = new Set();

function padFor(room, bytes) {
  // Size the pad once per publish with a representative seq/t; payloads are then about `bytes` long.
  const probe = { seq: 0, t: performance.timeOrigin + performance.now(), room, pad: "" };
  const base = Buffer.byteLength(JSON.stringify(probe));
  return "x".repeat(Math.max(0, bytes - base));
}

function validatePublish(req) {
  if (req === null || typeof req !== "object") return "publish argument must be an object";
  if (typeof req.room !== "string" || req.room.length === 0) return "room must be a non-empty string";
  if (!Number.isInteger(req.count) || req.count < 0) return "count must be a non-negative integer";
  const interval = req.interval_ms ?? 0;
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval < 0) return "interval_ms must be a number >= 0";
  const bytes = req.bytes ?? DEFAULT_PAYLOAD_BYTES;
  if (!Number.isInteger(bytes) || bytes < 0) return "bytes must be a non-negative integer";
  return null;
}

function publish(req, done) {
  const room = req.room;
  const count = req.count;
  const intervalMs = req.interval_ms ?? 0;
  const pad = padFor(room, req.bytes ?? DEFAULT_PAYLOAD_BYTES);
  const emitOne = (seq) => {
    io.to(room).emit("fact", { seq, t: performance.timeOrigin + performance.now(), room, pad });
  };

  if (count === 0) return done();
  if (intervalMs === 0) {
    for (let seq = 0; seq < count; seq++) emitOne(seq);
    return done();
  }
  // Paced: seq 0 immediately, seq i at start + i*interval (drift-corrected setTimeout chain).
  const start = performance.now();
  let seq = 0;
  const tick = () => {
    activeTimers.delete(timer);
    emitOne(seq++);
    if (seq >= count) return done();
    timer = setTimeout(tick, Math.max(0, start + seq * intervalMs - performance.now()));
    activeTimers.add(timer);
  };
  let timer = null;
  tick();
}

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    if (typeof room !== "string" || room.length === 0) {
      if (typeof ack === "function") ack({ error: "room must be a non-empty string" });
      return;
    }
    socket.join(room);
    if (typeof ack === "function") ack({ node: nodeId, room });
  });

  socket.on("publish", (req, ack) => {
    const error = validatePublish(req);
    if (error) {
      if (typeof ack === "function") ack({ error });
      return;
    }
    publish(req, () => {
      if (typeof ack === "function") ack({ sent: req.count });
    });
  });
});

httpServer.on("error", (err) => fail(`HTTP server error: ${err.message}`));
httpServer.listen(port, host, () => {
  process.stdout.write(`socketio-peer listening port=${port} node=${nodeId}\n`);
});

// ---------------------------------------------------------------- shutdown

async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  const force = setTimeout(() => {
    process.stderr.write(`socketio-peer: shutdown after ${signal} took > ${SHUTDOWN_TIMEOUT_MS} ms, forcing exit\n`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  force.unref();
  for (const t of activeTimers) clearTimeout(t);
  activeTimers.clear();
  try {
    await io.close(); // disconnects sockets, closes the HTTP server and the adapters
  } catch (err) {
    process.stderr.write(`socketio-peer: io.close: ${err.message}\n`);
  }
  await Promise.allSettled([pubClient.quit(), subClient.quit()]);
  process.exit(0);
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
