// Browser peers for the media edge's WebRTC tests and the demo's audio scenario: one headless Debian Chromium (never a downloaded
// browser), one page per peer. Commands arrive as JSON lines on stdin, answers leave as JSON lines on
// stdout ({"id", "ok", ...} or {"id", "ok": false, "error"}). The WHIP/WHEP POST is made from here
// (Node's fetch), so the test pages need no CORS.
//
//   {"id":1,"cmd":"speak","peer":"s1","url":"http://127.0.0.1:8070/whip","token":"...","iceServers":[],"relay":false}
//                                          -> {"ok":true,"connectionState","location","offer","answer"}
//   {"id":2,"cmd":"listen","peer":"l1","url":".../whep","token":"...","tracks":3,"iceServers":[],"relay":false,
//    "jitterBufferTargetMs":0}   (each track's RTCRtpReceiver.jitterBufferTarget, ms; 0: the browser's own)
//   {"id":3,"cmd":"stats","peer":"l1"}      -> inbound/outbound audio stats and the selected candidate pair
//   {"id":4,"cmd":"close","peer":"l1"}      -> closes the page (the tab), no DELETE: consent freshness ends it
//   {"id":5,"cmd":"delete","peer":"l1"}     -> WHIP/WHEP DELETE, then closes the page
//
// Environment: ROOMCAST_CHROMIUM (default /usr/bin/chromium), ROOMCAST_FAKE_AUDIO (a WAV file for the
// fake microphone; without it Chromium's beep).
import { chromium } from 'playwright-core';
import http from 'node:http';
import readline from 'node:readline';

const executablePath = process.env.ROOMCAST_CHROMIUM || '/usr/bin/chromium';
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
  '--disable-background-networking', '--disable-component-update',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
];
if (process.env.ROOMCAST_FAKE_AUDIO) {
  args.push('--use-file-for-fake-audio-capture=' + process.env.ROOMCAST_FAKE_AUDIO);
}

// A blank page on a loopback origin: a secure context, so getUserMedia works.
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><title>roomcast peer</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath, headless: true, args });
const context = await browser.newContext({ permissions: ['microphone'] });
const peers = new Map();

function out(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

async function post(url, token, sdp) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp', authorization: `Bearer ${token}` },
    body: sdp,
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`${response.status} ${text}`);
  }
  return { answer: text, location: new URL(response.headers.get('location'), url).toString() };
}

async function open(command, kind) {
  const page = await context.newPage();
  await page.goto(origin);
  const offer = await page.evaluate(async ({ kind, tracks, iceServers, relay, jitterBufferTarget }) => {
    const pc = new RTCPeerConnection({
      iceServers, iceTransportPolicy: relay ? 'relay' : 'all', bundlePolicy: 'max-bundle',
    });
    window.pc = pc;
    if (kind === 'speak') {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
    } else {
      window.players = [];
      pc.ontrack = (event) => {
        const audio = new Audio();
        audio.autoplay = true;
        audio.srcObject = new MediaStream([event.track]);
        audio.play().catch(() => {});
        window.players.push(audio);
      };
      for (let i = 0; i < tracks; i++) {
        const transceiver = pc.addTransceiver('audio', { direction: 'recvonly' });
        if (jitterBufferTarget) {
          transceiver.receiver.jitterBufferTarget = jitterBufferTarget;
        }
      }
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (relay) {
      // Non-trickle WHIP: the relay candidate must be known before the pair can be checked.
      await new Promise((resolve) => {
        if (pc.iceGatheringState === 'complete') resolve();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
        setTimeout(resolve, 5000);
      });
    }
    return pc.localDescription.sdp;
  }, {
    kind, tracks: command.tracks || 1, iceServers: command.iceServers || [], relay: !!command.relay,
    jitterBufferTarget: command.jitterBufferTargetMs || 0,
  });
  const { answer, location } = await post(command.url, command.token, offer);
  await page.evaluate(async (sdp) => {
    await window.pc.setRemoteDescription({ type: 'answer', sdp });
  }, answer);
  peers.set(command.peer, { page, location, token: command.token });
  const connected = await page.evaluate(() => new Promise((resolve) => {
    const done = () => ['connected', 'failed'].includes(window.pc.connectionState);
    if (done()) resolve(window.pc.connectionState);
    window.pc.addEventListener('connectionstatechange', () => done() && resolve(window.pc.connectionState));
    setTimeout(() => resolve(window.pc.connectionState), 15000);
  }));
  return { location, connectionState: connected, answer, offer };
}

async function stats(peer) {
  return peer.page.evaluate(async () => {
    const report = await window.pc.getStats();
    const inbound = [];
    const outbound = [];
    let pair = null;
    const candidates = new Map();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        inbound.push({
          ssrc: s.ssrc, packetsReceived: s.packetsReceived || 0, packetsLost: s.packetsLost || 0,
          concealedSamples: s.concealedSamples || 0, silentConcealedSamples: s.silentConcealedSamples || 0,
          totalSamplesReceived: s.totalSamplesReceived || 0,
          jitterBufferDelay: s.jitterBufferDelay || 0, jitterBufferEmittedCount: s.jitterBufferEmittedCount || 0,
          audioLevel: s.audioLevel || 0, jitter: s.jitter || 0, totalAudioEnergy: s.totalAudioEnergy || 0,
        });
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        outbound.push({ ssrc: s.ssrc, packetsSent: s.packetsSent || 0 });
      } else if (s.type === 'local-candidate' || s.type === 'remote-candidate') {
        candidates.set(s.id, s);
      } else if (s.type === 'transport' && s.selectedCandidatePairId) {
        pair = s.selectedCandidatePairId;
      }
    });
    let selected = null;
    if (pair) {
      const p = report.get(pair);
      const local = candidates.get(p.localCandidateId);
      const remote = candidates.get(p.remoteCandidateId);
      selected = {
        state: p.state, nominated: p.nominated,
        localType: local && local.candidateType, remoteType: remote && remote.candidateType,
        remoteAddress: remote && `${remote.address}:${remote.port}`,
      };
    }
    return {
      connectionState: window.pc.connectionState, inbound, outbound, selected,
    };
  });
}

const rl = readline.createInterface({ input: process.stdin });
out({ id: 0, ok: true, ready: true, browser: browser.version() });
for await (const line of rl) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    out({ id: null, ok: false, error: 'bad json' });
    continue;
  }
  try {
    const peer = peers.get(command.peer);
    if (command.cmd === 'speak' || command.cmd === 'listen') {
      out({ id: command.id, ok: true, ...(await open(command, command.cmd)) });
    } else if (command.cmd === 'stats') {
      out({ id: command.id, ok: true, ...(await stats(peer)) });
    } else if (command.cmd === 'close' || command.cmd === 'delete') {
      if (command.cmd === 'delete') {
        await fetch(peer.location, { method: 'DELETE', headers: { authorization: `Bearer ${peer.token}` } });
      }
      await peer.page.close();
      peers.delete(command.peer);
      out({ id: command.id, ok: true });
    } else if (command.cmd === 'quit') {
      out({ id: command.id, ok: true });
      break;
    } else {
      out({ id: command.id, ok: false, error: `unknown command ${command.cmd}` });
    }
  } catch (e) {
    out({ id: command.id, ok: false, error: String(e && e.message ? e.message : e) });
  }
}
await browser.close();
server.close();
process.exit(0);
