import { expect, test } from '@playwright/test';
import { check, env, PHONE, signIn } from './browser';

// Issue 17's first and seventh scenarios, through the new screens. A's room form refuses a hostile title (10 KB, a
// right-to-left override first) with a sentence and keeps the page's layout, then starts a room; B, who follows A,
// sees the notification arrive live (the bell's count), reads it in the inbox, marks it read and opens the room from
// it; B searches as it types and finds the room and A's profile, never A's private room with the same words
// (WebClientIT made it); on A's profile B unfollows and follows again; B finds A's club, joins, leaves and follows
// it; B's hallway card of the room shows its language and A on stage, by name. A user id starting with a right-to-left override is refused
// at sign-in with the reason. A changes and clears the room's language (everyone sees it), invites someone, and ends
// the room.
const host = env('ROOMCAST_HOST');
const listener = env('ROOMCAST_LISTENER');
const word = env('ROOMCAST_SEARCH_WORD');
const privateTitle = env('ROOMCAST_PRIVATE_TITLE');
const clubName = env('ROOMCAST_CLUB_NAME');
const hostName = env('ROOMCAST_HOST_NAME');
const listenerName = env('ROOMCAST_LISTENER_NAME');
const title = `${word} night jazz`;
const RLO = '\u202E';

test('A starts a room from the form; B is notified live, reads the inbox and finds the room and A by search', async ({ browser }) => {
  // B reads the inbox before A starts the room: what comes next arrives over the WebSocket, not by a reload.
  const b = await signIn(browser, listener);
  const bell = b.getByRole('link', { name: /^Notifications/ });
  await bell.click();
  await expect(b.getByRole('list', { name: 'Inbox' }).getByTestId('notification')
    .or(b.getByText('No notifications yet.')).first()).toBeVisible();

  const a = await signIn(browser, host);
  await a.getByRole('link', { name: 'New room' }).click();
  const form = a.getByRole('form', { name: 'New room' });
  const hostile = `${RLO}${'x'.repeat(10 * 1024)}`;
  await form.getByLabel('Title').fill(hostile);
  await expect(form.getByLabel('Title')).toHaveValue(hostile);
  await form.getByRole('button', { name: 'Start room' }).click();
  const refused = form.getByRole('alert');
  await expect(refused).toContainText('The server refused it');
  await expect(refused).toContainText('title');
  await expect(a).toHaveURL(/\/new$/);
  await a.setViewportSize(PHONE);
  expect(await a.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await check(a, 'new-room-refused');

  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Topic').selectOption('tech.ai');
  await form.getByLabel('Language').fill('en');
  await check(a, 'new-room');
  await form.getByRole('button', { name: 'Start room' }).click();
  await expect(a).toHaveURL(/\/room\/r-/);
  const roomUrl = new URL(a.url()).pathname;
  await expect(a.getByTestId('room-heading')).toHaveText(title);
  await expect(a.getByRole('region', { name: 'Speakers' }).getByTestId('participant').filter({ hasText: hostName }))
    .toContainText('Moderator');

  // B's inbox shows it as it arrives, new, and the bell counts it; marking read clears the count, also after a reload.
  const item = b.getByTestId('notification').filter({ hasText: title });
  await expect(item).toContainText('New');
  await expect(bell).toHaveAttribute('aria-label', /^Notifications, \d+ unread$/);
  await expect(b.getByTestId('notification').filter({ hasText: privateTitle })).toHaveCount(0);
  await check(b, 'notifications');
  await b.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications');
  await expect(item).not.toContainText('New');
  await b.reload();
  await expect(b.getByTestId('notification').filter({ hasText: title })).toBeVisible();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications');
  await item.getByRole('link', { name: 'Open the room' }).click();
  await expect(b).toHaveURL(new RegExp(`${roomUrl}$`));
  await expect(b.getByRole('region', { name: 'Listeners' }).getByTestId('participant').filter({ hasText: listenerName }))
    .toBeVisible();

  // Search as B types: part of the last word is enough; the private room with the same words never shows.
  await b.getByRole('link', { name: 'Search' }).click();
  await b.getByLabel('Search rooms, people and clubs').pressSequentially(`${word.toLowerCase()} ni`);
  const results = b.getByRole('list', { name: 'Results' });
  await expect(results.getByTestId('search-result').filter({ hasText: title })).toBeVisible();
  await expect(results.getByTestId('search-result').filter({ hasText: privateTitle })).toHaveCount(0);
  await check(b, 'search-rooms');
  await b.getByText('People', { exact: true }).click();
  await b.getByLabel('Search rooms, people and clubs').fill(host.replace('-', '_'));
  await results.getByTestId('search-result').filter({ hasText: 'Ann' }).click();
  await expect(b).toHaveURL(new RegExp(`/user/${host}$`));
  await expect(b.getByRole('region', { name: 'Profile' })).toContainText(`@${host.replace('-', '_')}`);
  await check(b, 'profile');

  // B follows A (WebClientIT made the follow): Unfollow ends it and the count drops by one; Follow makes it again.
  const profileRegion = b.getByRole('region', { name: 'Profile' });
  const counts = profileRegion.getByTestId('follow-counts');
  const followers = Number((await counts.textContent())?.match(/(\d+) followers/)?.[1]);
  await profileRegion.getByRole('button', { name: 'Unfollow', exact: true }).click();
  await expect(profileRegion.getByRole('button', { name: 'Follow', exact: true })).toBeVisible();
  await expect(counts).toContainText(`${followers - 1} followers`);
  await profileRegion.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(profileRegion.getByRole('button', { name: 'Unfollow', exact: true })).toBeVisible();
  await expect(counts).toContainText(`${followers} followers`);

  // B finds A's public club by search, joins it (the count goes up), leaves it again, and follows it.
  await b.getByRole('link', { name: 'Search' }).click();
  await b.getByText('Clubs', { exact: true }).click();
  await b.getByLabel('Search rooms, people and clubs').fill(clubName.split(' ')[0]);
  await results.getByTestId('search-result').filter({ hasText: clubName }).click();
  await expect(b).toHaveURL(/\/club\/c/);
  const clubRegion = b.getByRole('region', { name: 'Club' });
  await expect(clubRegion.getByRole('heading')).toHaveText(clubName);
  const members = clubRegion.getByTestId('club-members');
  await expect(members).toHaveText('1 member');
  await clubRegion.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(members).toHaveText('2 members · you are a member');
  await check(b, 'club');
  await clubRegion.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(members).toHaveText('1 member');
  await clubRegion.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(clubRegion.getByRole('button', { name: 'Unfollow', exact: true })).toBeVisible();

  // A user id with a right-to-left override is refused at sign-in (the id rule of docs/protocol.md), with the reason.
  const mallory = await (await browser.newContext()).newPage();
  await mallory.goto('/');
  await mallory.getByLabel('User id').fill(`${RLO}mallory-${word}`);
  await mallory.getByRole('button', { name: 'Sign in' }).click();
  await expect(mallory.getByRole('alert')).toContainText('U+202E');
  await expect(mallory.getByLabel('Signed in as')).toHaveCount(0);

  // B's hallway shows the room of A, whom B follows, with its language on the card.
  await b.goto('/');
  const card = b.getByTestId('room-card').filter({ hasText: title });
  await expect(card.getByTestId('room-card-language')).toHaveText('en');
  await expect(card.getByTestId('card-speaker')).toHaveText([hostName]);

  // B goes back to the room: the listeners show B once.
  await b.goto(roomUrl);
  await expect(a.getByRole('region', { name: 'Listeners' }).getByTestId('participant').filter({ hasText: listenerName }))
    .toHaveCount(1);

  // A's room-wide tools: a new language shows in the room for everyone, in canonical case, and goes when cleared;
  // an invitation is confirmed; ending the room (a second press) tells everyone in it.
  const tools = a.getByRole('region', { name: 'Moderator tools' });
  await expect(b.getByTestId('room-language')).toHaveText('en');
  await tools.getByLabel('Room language').fill('pt-br');
  await tools.getByRole('button', { name: 'Set language' }).click();
  await expect(b.getByTestId('room-language')).toHaveText('pt-BR');
  await expect(a.getByTestId('room-language')).toHaveText('pt-BR');
  await tools.getByLabel('Room language').fill('');
  await tools.getByRole('button', { name: 'Set language' }).click();
  await expect(b.getByTestId('room-language')).toHaveCount(0);
  const guest = `zoe-${word}`;
  await tools.getByLabel('Invite someone (user id)').fill(guest);
  await tools.getByRole('button', { name: 'Invite' }).click();
  await expect(tools.getByRole('status')).toHaveText(`Invitation sent to ${guest}.`);
  await tools.getByRole('button', { name: 'End room' }).click();
  await check(a, 'room-moderator-tools');
  await tools.getByRole('button', { name: 'End the room for everyone' }).click();
  await expect(b.getByText('The room has ended.')).toBeVisible();
  await expect(a.getByText('The room has ended.')).toBeVisible();
});
