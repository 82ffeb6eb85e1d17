import { expect, test, type Page } from '@playwright/test';
import { check, env, signIn } from './browser';

// The hallway page by page, and people by name. WebClientIT made it: B follows A and D, each hosts a live public room
// (D's display name is markup), and B's GET /hallway lists both. Here B's pages hold one room each (the test asks for
// `limit=1`, as a long hallway would fill a page): "More rooms" brings the next rooms and goes on the last page; the cards
// name A and D by their display names, as text; D ends the room and B's hallway drops it live (`hallway_updated`).
// Runs first (files run in name order): room.spec.ts needs A's room only.
const host = env('ROOMCAST_HOST');
const hostName = env('ROOMCAST_HOST_NAME');
const listener = env('ROOMCAST_LISTENER');
const title = env('ROOMCAST_TITLE');
const other = env('ROOMCAST_OTHER');
const otherName = env('ROOMCAST_OTHER_NAME');
const otherRoom = env('ROOMCAST_OTHER_ROOM');
const otherTitle = env('ROOMCAST_OTHER_TITLE');

test('B pages through the hallway, sees people by name, and the hallway follows a room that ends', async ({ browser }) => {
  test.setTimeout(120_000);
  const b = await signIn(browser, listener);
  let authorization = '';
  await b.route((url) => url.pathname === '/hallway', async (route) => {
    authorization = (await route.request().allHeaders()).authorization ?? authorization;
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '1');
    const response = await route.fetch({ url: url.toString() });
    // What each page held, in the log: the first thing to read when this spec fails.
    const page = await response.json().catch(() => null);
    console.log(`GET /hallway${url.searchParams.has('cursor') ? ' (next page)' : ''}: ${response.status()} `
      + `${JSON.stringify(page?.live?.map((r: { title: string }) => r.title))} next: ${!!page?.next_cursor}`);
    await route.fulfill({ response });
  });
  await b.reload();
  const cards = b.getByTestId('room-card');
  const more = b.getByRole('button', { name: 'More rooms' });
  await expect(cards).toHaveCount(1);
  // "More rooms" to the last page: each click brings the next page's room, and the last page has no button. D's room
  // may not be the last: every public room the run left live (all of ingress-ws' ITs share one platform) is in B's
  // hallway too, so the spec first reads how many rooms it holds, 100 a page, and clicks no more times than that.
  const held = await hallwaySize(b, authorization);
  for (let shown = 2; await more.isVisible(); shown++) {
    expect(shown, `one room a page, and a last page within the ${held} rooms B's hallway holds`).toBeLessThanOrEqual(held);
    await more.click();
    await expect(cards).toHaveCount(shown);
  }

  const ann = cards.filter({ hasText: title });
  const dee = cards.filter({ hasText: otherTitle });
  await expect(ann.getByTestId('card-speaker')).toHaveText([hostName]);
  await expect(ann.getByTestId('card-followed')).toHaveText(`With ${hostName}`);
  await expect(dee.getByTestId('card-speaker')).toHaveText([otherName]);
  await expect(dee).not.toContainText(other);
  await expect(dee.locator('i')).toHaveCount(0);
  await expect(ann).not.toContainText(host);
  await check(b, 'hallway-pages');

  // D ends the room from its page: B's hallway, both pages read again, drops it.
  const d = await signIn(browser, other);
  await d.goto(`/room/${otherRoom}`);
  const tools = d.getByRole('region', { name: 'Moderator tools' });
  await tools.getByRole('button', { name: 'End room' }).click();
  await tools.getByRole('button', { name: 'End the room for everyone' }).click();
  await expect(d.getByText('The room has ended.')).toBeVisible();
  await expect(dee).toHaveCount(0, { timeout: 30_000 });
  await expect(ann).toBeVisible();
  await d.context().close();
  await b.context().close();
});

/** How many rooms (live and upcoming) B's whole hallway holds, read 100 a page with B's token. */
async function hallwaySize(page: Page, authorization: string): Promise<number> {
  let held = 0;
  let cursor: string | null | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await page.request.get(`/hallway?${query}`, { headers: { authorization } });
    expect(response.status(), 'GET /hallway').toBe(200);
    const body = await response.json();
    held += body.live.length + body.upcoming.length;
    cursor = body.next_cursor;
  } while (cursor);
  return held;
}
