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
  const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  // Every WebSocket of the page passes through the test, which can drop it as a network would.
  await page.routeWebSocket('**/ws', (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
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
