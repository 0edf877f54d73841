import { test, expect, Page, BrowserContext } from '@playwright/test';
import { PHONE, DESKTOP, PROJECTOR, ready, shot, login, expectNamedControls, expectAccessible, watchPolicy, openPropose } from './helpers';

// Runs after schedule.spec.ts (files run in name order), so the demo has a
// published schedule; the organizer switches the board between its modes.

const HD = { width: 1280, height: 720 };
const PORTRAIT = { width: 1080, height: 1920 };

async function setBoardMode(org: Page, mode: 'auto' | 'market' | 'schedule') {
  await org.goto('/admin/e/demo');
  await ready(org);
  await org.getByLabel('The board shows').selectOption(mode);
  const saved = org.waitForResponse((r) => r.url().includes('/api/set_board'));
  // A save reloads the page's data and rebuilds the page: the next steps act
  // on the rebuilt page.
  const rebuilt = org.waitForResponse((r) => r.url().includes('/api/admin_event'));
  await org.getByRole('button', { name: 'Save board settings' }).click();
  expect((await saved).status()).toBe(200);
  await rebuilt;
}

async function joined(ctx: BrowserContext, name: string): Promise<Page> {
  const p = await ctx.newPage();
  await p.goto('/e/demo');
  await ready(p);
  const join = p.getByLabel('Your name');
  if (await join.isVisible()) {
    await join.fill(name);
    await p.getByRole('button', { name: 'Join' }).click();
    await expect(p.getByText(`Hi ${name}`)).toBeVisible();
    await ready(p);
  }
  return p;
}

test('the board and open topic lists stay current by themselves, survive a network drop, and switch to the schedule', async ({ browser }) => {
  const desk = await browser.newContext({ viewport: DESKTOP });
  const org = await desk.newPage();
  await login(org);
  await setBoardMode(org, 'market');
  await expect(org.getByRole('link', { name: '/e/demo/board' })).toBeVisible();
  await expectNamedControls(org);
  await expectAccessible(org, 'the event page with the board settings');
  // Bad input: a clear message next to the field, nothing stored.
  await org.getByLabel('Seconds per page of rooms').fill('2');
  await org.locator('form', { hasText: 'Seconds per page' }).evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await org.getByRole('button', { name: 'Save board settings' }).click();
  await expect(org.getByText('Enter a number of seconds from 5 to 120.')).toBeVisible();

  // The board on the projector: marketplace mode.
  const wall = await browser.newContext({ viewport: PROJECTOR });
  const board = await wall.newPage();
  const problems = watchPolicy(board);
  await board.goto('/e/demo/board');
  await ready(board);
  await expect(board.locator('.board[data-mode=market]')).toBeVisible();
  await expect(board.getByRole('heading', { name: 'Newest topics' })).toBeVisible();
  await expect(board.getByRole('img', { name: 'QR code: scan to join' })).toBeVisible();
  await expect(board.locator('.board-clock')).toHaveText(/\d\d:\d\d/);
  await expectAccessible(board, 'the board, marketplace mode');
  const countText = async () => Number((await board.locator('.board-counts strong').first().innerText()).trim());
  const topicsBefore = await countText();

  // Two attendees on their phones; one keeps the topic list open.
  const phoneA = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const phoneB = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const ann = await joined(phoneA, 'Wall Ann');
  const bob = await joined(phoneB, 'Wall Bob');
  const firstBobCard = bob.locator('article.topic').first();
  const firstBobTitle = (await firstBobCard.locator('h3').innerText()).trim();

  // Ann proposes a topic with hostile text.
  const title = `Live </title><script>window.__pwned=1</script> & "quotes" ${Date.now()}`;
  await openPropose(ann);
  await ann.getByLabel('Title').fill(title);
  await ann.getByLabel('Tags (optional)').fill('live, wall');
  await ann.getByRole('button', { name: 'Propose topic' }).click();
  await expect(ann).toHaveURL(/\/e\/demo$/);

  // Within 2 s, without a reload: the board lists it and counts it...
  await expect(board.locator('.board-list li.fresh', { hasText: title })).toBeVisible({ timeout: 2_000 });
  await expect.poll(countText, { timeout: 2_000 }).toBe(topicsBefore + 1);
  expect(await board.evaluate(() => (window as any).__pwned)).toBeUndefined();
  // ...and Bob's open list offers it without moving what is under his finger.
  const news = bob.getByRole('button', { name: '1 new topic — show it' });
  await expect(news).toBeVisible({ timeout: 2_000 });
  await expect(bob.locator('article.topic').first().locator('h3')).toHaveText(firstBobTitle);
  await shot(bob, 'phone-20-new-topics-waiting');
  await expectAccessible(bob, 'the topic list with news waiting');

  // Ann votes for the topic at the top of Bob's list: Bob's count moves in place.
  const count = firstBobCard.locator('.count');
  const before = Number((await count.innerText()).replace(/\D+/g, ''));
  const annCard = ann.locator('article.topic', { has: ann.locator('h3', { hasText: firstBobTitle }) });
  await annCard.getByRole('button', { name: new RegExp(`I'm interested in`) }).click();
  await expect(count).toContainText(String(before + 1), { timeout: 2_000 });

  await news.click();
  await expect(bob.locator('article.topic').first().locator('h3')).toHaveText(title);
  await expect(news).toBeHidden();

  // At every size both lists show, and only whole rows: a row that does
  // not fit is left out, never cut in half.
  const wholeRows = async (size: string) => {
    const lists = await board.evaluate(() => {
      const area = document.querySelector('.board-topics')!.getBoundingClientRect();
      return [...document.querySelectorAll('.board-topics > .board-list')].map((l) =>
        [...l.children].map((li) => {
          const r = li.getBoundingClientRect();
          const inside = r.bottom <= area.bottom + 0.5 && r.right <= area.right + 0.5;
          const outside = r.left >= area.right - 0.5 || r.top >= area.bottom - 0.5;
          return inside ? 'shown' : outside ? 'left out' : 'cut';
        }),
      );
    });
    expect(lists.length, `${size}: newest and most wanted`).toBe(2);
    for (const rows of lists) {
      expect(rows, `${size}: ${JSON.stringify(lists)}`).not.toContain('cut');
      expect(rows[0], `${size}: ${JSON.stringify(lists)}`).toBe('shown');
    }
  };
  await wholeRows('1920×1080');
  await shot(board, 'projector-20-board-market-1920');
  await board.setViewportSize(HD);
  await wholeRows('1280×720');
  await shot(board, 'projector-21-board-market-1280');
  await board.setViewportSize(PORTRAIT);
  await wholeRows('portrait');
  // The join link reads whole, and fits one line on a portrait screen.
  const link = board.locator('.board-link');
  expect((await link.textContent())!.replace(/\u200B/g, '')).toMatch(/^127\.0\.0\.1:\d+\/e\/demo$/);
  const lineHeight = await link.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  expect((await link.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
  await shot(board, 'projector-22-board-market-portrait');
  await board.setViewportSize(PROJECTOR);

  // The network drops: the board keeps its content and says since when.
  await wall.setOffline(true);
  await expect(board.getByText(/Offline since \d\d:\d\d/)).toBeVisible({ timeout: 15_000 });
  await expect(board.locator('.board-list li', { hasText: title })).toBeVisible();
  await shot(board, 'projector-23-board-offline');
  // A topic proposed meanwhile shows once the board is back, by itself.
  const missed = `Proposed while the board was offline ${Date.now()}`;
  await openPropose(ann);
  await ann.getByLabel('Title').fill(missed);
  await ann.getByRole('button', { name: 'Propose topic' }).click();
  await expect(ann).toHaveURL(/\/e\/demo$/);
  await wall.setOffline(false);
  await expect(board.getByText(/Offline since/)).toBeHidden({ timeout: 20_000 });
  await expect(board.locator('.board-list li', { hasText: missed })).toBeVisible({ timeout: 5_000 });

  // The organizer switches the board to the published schedule.
  await setBoardMode(org, 'auto');
  await expect(board.locator('.board[data-mode=schedule]')).toBeVisible({ timeout: 3_000 });
  await expect(board.getByText(/^Next · /)).toBeVisible();
  await expect(board.locator('.board-rooms li').first()).toBeVisible();
  // The demo's sessions are still to come: nothing is on, so there is no
  // column of empty "now" cells, and the next sessions get the width.
  await expect(board.getByText(/^Now · /)).toHaveCount(0);
  await expect(board.locator('.board-schedule.single')).toBeVisible();
  await expect(board.locator('.board-rooms li').first().locator('.board-cell')).toHaveCount(1);
  await expectAccessible(board, 'the board, schedule mode');
  await shot(board, 'projector-24-board-schedule-1920');
  await board.setViewportSize(HD);
  await expect(board.getByText(/Rooms (1–7|8–8) of 8/)).toBeVisible();
  await shot(board, 'projector-25-board-schedule-1280');
  await board.setViewportSize(PORTRAIT);
  // Portrait fits the demo's eight rooms on one page (the pager goes once
  // the board has seen the new size).
  await expect(board.locator('.board-rooms li')).toHaveCount(8);
  await expect(board.locator('.board-pages')).toHaveCount(0);
  // Every room's lines stay inside its row (a two-line title included).
  const spill = await board.evaluate(() =>
    [...document.querySelectorAll('.board-rooms .board-row')].map((row) => {
      const r = row.getBoundingClientRect();
      return Math.max(0, ...[...row.querySelectorAll('*')].map((c) => {
        const b = c.getBoundingClientRect();
        return b.height ? Math.max(r.top - b.top, b.bottom - r.bottom) : 0;
      }));
    }),
  );
  expect(Math.max(...spill), `pixels outside a room's row: ${spill}`).toBeLessThanOrEqual(0.5);
  await shot(board, 'projector-26-board-schedule-portrait');
  expect(problems).toEqual([]);

  // A door display.
  await org.goto('/admin/e/demo');
  await ready(org);
  const doorHref = await org.locator('.inline-links a').first().getAttribute('href');
  expect(doorHref).toMatch(/\/e\/demo\/board\/room\/\d+$/);
  const door = await wall.newPage();
  await door.setViewportSize(HD);
  await door.goto(doorHref!);
  await ready(door);
  await expect(door.getByRole('heading', { name: 'Next', exact: false }).first()).toBeVisible();
  // What comes next may be on another day: its heading says which.
  await expect(door.getByRole('heading', { name: /^Next · \S+ \d+ \S+ \d{1,2}:\d{2}–/ })).toBeVisible();
  await expect(door.getByText(/Next free:|No free slot left/)).toBeVisible();
  await expectAccessible(door, 'a door display');
  await shot(door, 'projector-27-door-display');

  for (const c of [desk, wall, phoneA, phoneB]) await c.close();
});

test('the board survives the server restarting: it keeps its content, says so, and catches up', async ({ browser }) => {
  // A server of its own, so that this test can stop and start it.
  const { spawn } = await import('child_process');
  const fs = await import('fs');
  const port = 3200;
  const db = 'target/e2e/restart.db';
  fs.rmSync(`../${db}`, { force: true });
  const env = {
    ...process.env,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: 'target/site',
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_OUTPUT_NAME: 'kring',
    DATABASE_URL: `sqlite://${db}`,
    KRING_SEED_DEMO: 'true',
    KRING_DEMO_PASSWORD: 'restart-organizer-password',
    RUST_LOG: 'warn',
  };
  const start = async () => {
    const child = spawn('target/debug/kring', [], { cwd: '..', env, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return child;
      } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the server did not start');
  };
  const stop = (child: any) =>
    new Promise<number>((resolve) => {
      const t0 = Date.now();
      child.on('exit', () => resolve(Date.now() - t0));
      child.kill('SIGTERM');
    });

  let server = await start();
  try {
    const wall = await browser.newContext({ viewport: HD, baseURL: `http://127.0.0.1:${port}` });
    const board = await wall.newPage();
    await board.goto('/e/demo/board');
    await ready(board);
    const first = board.locator('.board-list li .board-title').first();
    const before = await first.innerText();

    // SIGTERM: the graceful shutdown ends the open stream instead of waiting for it.
    const took = await stop(server);
    expect(took, 'shutdown with a board connected (ms)').toBeLessThan(5_000);
    await expect(board.getByText(/Offline since \d\d:\d\d/)).toBeVisible({ timeout: 10_000 });
    await expect(first).toHaveText(before);
    await shot(board, 'projector-28-board-server-down');

    // Meanwhile someone proposes a topic (straight into the database the
    // restarted server will read): the board shows it once it is back.
    server = await start();
    const phone = await browser.newContext({ viewport: PHONE, baseURL: `http://127.0.0.1:${port}` });
    const ann = await joined(phone, 'Restart Ann');
    const title = `Proposed after the restart ${Date.now()}`;
    await openPropose(ann);
    await ann.getByLabel('Title').fill(title);
    await ann.getByRole('button', { name: 'Propose topic' }).click();
    await expect(ann).toHaveURL(/\/e\/demo$/);
    await expect(board.getByText(/Offline since/)).toBeHidden({ timeout: 20_000 });
    await expect(board.locator('.board-list li', { hasText: title })).toBeVisible({ timeout: 5_000 });
    await wall.close();
    await phone.close();
  } finally {
    server.kill('SIGKILL');
  }
});
