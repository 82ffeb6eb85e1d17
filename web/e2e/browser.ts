import { expect, type Browser, type Page, type WebSocketRoute } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// What every spec of web/e2e shares: the scenario's names from WebClientIT, signing in, and the check of a screen.
export const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (WebClientIT sets it)`);
  return v;
};
const shots = env('ROOMCAST_SCREENSHOTS');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context signed in as `userId`; its WebSockets pass through the test (into `sockets`). */
export async function signIn(browser: Browser, userId: string, sockets: WebSocketRoute[] = []): Promise<Page> {
  // The microphone is Chromium's fake one (playwright.config.ts), allowed as a person would allow it.
  const context = await browser.newContext({ viewport: DESKTOP, permissions: ['microphone'] });
  // The page's RTCPeerConnections, for the test to read their getStats as a person's ears would.
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const peers: RTCPeerConnection[] = [];
    (window as any).roomcastPeers = peers;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        peers.push(this);
      }
    } as typeof RTCPeerConnection;
    // What the page plays through Web Audio: an analyser beside each connection to the speakers (heardLevel).
    const heard: AnalyserNode[] = [];
    (window as any).roomcastHeard = heard;
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: any[]) => any;
    AudioNode.prototype.connect = function (this: AudioNode, ...args: any[]) {
      if (args[0] instanceof AudioDestinationNode) {
        const analyser = this.context.createAnalyser();
        connect.call(this, analyser);
        heard.push(analyser);
      }
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;
  });
  const page = await context.newPage();
  // Every WebSocket of the page passes through the test, which can drop it as a network would.
  await page.routeWebSocket('**/ws', (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => {
      // Who left and why, in the log: the first thing to read when a room spec fails.
      if (typeof m === 'string' && m.includes('"participant_left"')) console.log(`${userId} got ${m.slice(0, 400)}`);
      ws.send(m);
    });
    sockets.push(ws);
  });
  page.on('pageerror', (e) => console.log(`${userId}'s page: ${e.message}`));
  page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
  await page.goto('/');
  await page.getByLabel('User id').fill(userId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in as')).toHaveText(userId);
  return page;
}

/**
 * Both viewports' screenshots; at each, nothing wider than the viewport (no sideways scrolling, the header's last
 * button on screen); and no critical or serious axe-core violation on the screen.
 */
export async function check(page: Page, name: string) {
  for (const [label, size] of [['1280x800', DESKTOP], ['390x844', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${shots}/${name}-${label}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${label}: px wider than the viewport`).toBeLessThanOrEqual(0);
    const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
    expect(signOut.x + signOut.width, `${name} at ${label}: Sign out's right edge`).toBeLessThanOrEqual(size.width);
  }
  await page.setViewportSize(DESKTOP);
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'critical' || v.impact === 'serious')
      .map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations, `axe-core on ${name}`).toEqual([]);
}

/** The audio packets the page received (getStats `inbound-rtp` of its open connections), in all. */
export async function inboundPackets(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let packets = 0;
    const peers: RTCPeerConnection[] = (window as any).roomcastPeers ?? [];
    for (const pc of peers.filter((p) => p.signalingState !== 'closed')) {
      (await pc.getStats()).forEach((r: any) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') packets += r.packetsReceived ?? 0;
      });
    }
    return packets;
  });
}

/**
 * What the page plays to the speakers (Web Audio, after each track's gain): the loudest RMS (0..1, 0 is silence) of its
 * analysers' last 2048 samples, read every 50 ms for `ms`. Not getStats' `audioLevel`: Chromium measures that at the
 * `<audio>` element, which the client keeps muted (its sound goes through Web Audio, audio.ts).
 */
export async function heardLevel(page: Page, ms = 1000): Promise<number> {
  return page.evaluate(async (ms) => {
    let loudest = 0;
    for (const end = performance.now() + ms; performance.now() < end;) {
      for (const analyser of (window as any).roomcastHeard as AnalyserNode[]) {
        const samples = new Float32Array(analyser.fftSize);
        analyser.getFloatTimeDomainData(samples);
        loudest = Math.max(loudest, Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return loudest;
  }, ms);
}
