import { test, expect } from '@playwright/test';
import { PHONE, DESKTOP, PROJECTOR, ready, shot, login, expectNamedControls, expectAccessible, openPropose, joinAs } from './helpers';

test.describe('attendee on a phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('join, propose, vote; the organizer sees the count', async ({ page, browser }) => {
    // The topic list needs the main bundle only; other pages' code is split
    // out (app/src/pages/lazy.rs) and fetched when the router enters them.
    const wasm: string[] = [];
    page.on('request', r => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    await page.goto('/e/demo');
    await page.waitForFunction(() => document.body?.dataset.hydrated === '1', undefined, { timeout: 30_000 });
    expect(wasm, 'the topic list hydrates with one WebAssembly file').toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/pkg\/kring\.[^/]+\.wasm$/);
    await ready(page);
    // A few seconds later it fetches the attendee pages' chunk by itself.
    await expect.poll(() => wasm.some(p => p.includes('split_attendee_pages')), { timeout: 15_000 }).toBe(true);
    await expect(page.getByRole('heading', { name: 'DevOpsDays Demo' })).toBeVisible();
    await shot(page, 'phone-01-join');
    await expectNamedControls(page);
    await expectAccessible(page, 'phone-01-join');

    // An empty name is refused next to the field (the browser's own check is
    // bypassed to see the server's message).
    await page.locator('form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText('Choose a name that others will see.')).toBeVisible();

    await page.getByLabel('Your name').fill('Phone Tester');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText('Hi Phone Tester')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
    await shot(page, 'phone-02-topics');
    await expectNamedControls(page);
    await expectAccessible(page, 'phone-02-topics');

    // Sorting and search.
    await page.getByRole('link', { name: 'Most votes' }).click();
    await expect(page).toHaveURL(/sort=most/);
    await page.getByLabel('Search topics').fill('docker');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('heading', { name: 'Data persistence in Docker' })).toBeVisible();
    await shot(page, 'phone-03-search');

    // Propose a topic whose title contains markup: it is shown as text.
    await page.goto('/e/demo');
    await ready(page);
    await openPropose(page);
    await shot(page, 'phone-04-propose');
    await expectNamedControls(page);
    await expectAccessible(page, 'phone-04-propose');
    const title = 'Chaos game days <b>for real</b>';
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description (optional)').fill('How do you run your first game day without breaking production?');
    await page.getByLabel('Tags (optional)').fill('chaos, resilience');
    await page.getByRole('button', { name: 'Propose topic' }).click();
    await expect(page).toHaveURL(/\/e\/demo$/);
    const card = page.locator('article.topic', { hasText: title });
    await expect(card).toBeVisible();
    await expect(card.locator('h3')).toHaveText(title);
    // Newest first: the new proposal leads the list.
    await expect(page.locator('article.topic').first().locator('h3')).toHaveText(title);

    // Vote with one tap, undo, vote again.
    const vote = card.getByRole('button', { name: /I'm interested in Chaos game days/ });
    await vote.click();
    await expect(card.getByRole('button', { name: /Remove my interest/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(card.locator('.count')).toContainText('1');
    await card.getByRole('button', { name: /Remove my interest/ }).click();
    await expect(card.getByRole('button', { name: /I'm interested/ })).toHaveAttribute('aria-pressed', 'false');
    await expect(card.locator('.count')).toContainText('0');
    await card.getByRole('button', { name: /I'm interested/ }).click();
    await expect(card.locator('.count')).toContainText('1');
    await expect(page.getByText('1 topic marked')).toBeVisible();
    await shot(page, 'phone-05-voted');

    // The topic page: hosts, edit form for the proposer.
    await card.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { name: 'Edit your topic' })).toBeVisible();
    await ready(page);
    await shot(page, 'phone-06-topic');
    await expectNamedControls(page);
    await expectAccessible(page, 'phone-06-topic');
    await page.getByLabel('Title').fill('');
    await page.locator('form', { hasText: 'Save changes' }).evaluate((f: HTMLFormElement) => (f.noValidate = true));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Give your topic a title.')).toBeVisible();
    await page.getByLabel('Title').fill('Chaos game days');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Chaos game days', level: 1 })).toBeVisible();

    // The organizer, on a laptop, sees the vote counted.
    const desk = await browser.newContext({ viewport: DESKTOP });
    const org = await desk.newPage();
    await login(org);
    await org.goto('/admin/e/demo/topics');
    await ready(org);
    const row = org.locator('article.admin-topic').filter({ has: org.getByRole('heading', { name: 'Chaos game days' }) });
    await expect(row.locator('.big-count')).toContainText('1');
    await expect(row).toContainText('Phone Tester');
    await shot(org, 'desktop-03-topics');
    await expectNamedControls(org);
    await expectAccessible(org, 'desktop-03-topics');
    await desk.close();
  });
});

test('the topic list on a projector', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PROJECTOR });
  const page = await ctx.newPage();
  await joinAs(page, 'Big Screen');
  await shot(page, 'projector-01-topics');
  await expectAccessible(page, 'projector-01-topics');
  await ctx.close();
});

test('a page opened directly names its code chunks for preloading, and hydrates', async ({ page }) => {
  // Every request, not just some (Leptos's own head tags are unreliable).
  for (let i = 0; i < 4; i++) {
    const resp = await page.request.get('/e/demo/board');
    const link = resp.headers()['link'] ?? '';
    expect(link).toContain('split_wall_pages');
    expect(link).toContain('rel=preload; as=fetch; type="application/wasm"');
    expect(link).toContain('rel=modulepreload');
  }
  // The topic list is in the main bundle: nothing to preload.
  const list = await page.request.get('/e/demo');
  expect(list.headers()['link'] ?? '').not.toContain('split_');
  const chunks: string[] = [];
  page.on('request', r => { if (r.url().includes('split_')) chunks.push(r.url()); });
  await page.goto('/e/demo/board');
  await ready(page);
  expect(chunks.some(u => u.includes('split_wall_pages'))).toBe(true);
});

test('a page whose code does not arrive says so, and the app stays alive', async ({ page }) => {
  await page.setViewportSize(PHONE);
  // The attendee pages' chunk fails, as on a venue Wi-Fi that drops: the
  // background prefetch and the navigation both get an error.
  let blocked = true;
  await page.route(/split_attendee_pages/, r => (blocked ? r.abort('connectionreset') : r.continue()));
  await joinAs(page, 'Flaky Wifi');
  await page.waitForTimeout(3_500); // past the background prefetch
  await page.getByRole('link', { name: '+ Propose a topic' }).click();
  await expect(page.getByRole('alert')).toContainText('This page did not load');
  await shot(page, 'phone-21-chunk-missing');
  await expectAccessible(page, 'the page that did not load');
  // Still alive: the router still answers a tap on a link of the main bundle.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
  // Back online: the retry link loads the page for real.
  await page.getByRole('link', { name: '+ Propose a topic' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  blocked = false;
  await page.getByRole('link', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Propose a topic' })).toBeVisible();
  await ready(page);
  await expect(page.getByLabel('Title')).toBeEditable();
});

test('an unknown event is a friendly 404', async ({ page }) => {
  const resp = await page.goto('/e/no-such-event');
  expect(resp?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expectAccessible(page, 'the 404 page');
});

test.describe('without JavaScript', () => {
  test.use({ viewport: PHONE, javaScriptEnabled: false });

  test('reading, joining and voting still work as plain forms', async ({ page }) => {
    await page.goto('/e/demo');
    await expect(page.getByRole('heading', { name: 'DevOpsDays Demo' })).toBeVisible();
    await page.getByLabel('Your name').fill('No Script');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText('Hi No Script')).toBeVisible();
    const card = page.locator('article.topic').filter({ has: page.getByRole('heading', { name: 'Data persistence in Docker' }) });
    const before = Number((await card.locator('.count').innerText()).split(' ')[0]);
    await card.getByRole('button', { name: /I'm interested/ }).click();
    const after = page.locator('article.topic').filter({ has: page.getByRole('heading', { name: 'Data persistence in Docker' }) });
    await expect(after.getByRole('button', { name: /Remove my interest/ })).toBeVisible();
    await expect(after.locator('.count')).toContainText(String(before + 1));
    await expect(page.getByText('1 topic marked')).toBeVisible();
  });
});
