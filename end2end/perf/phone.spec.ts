import { test, expect, BrowserContext, Page } from '@playwright/test';

// A mid-range phone on crowded venue Wi-Fi: 1.6 Mbit/s down, 750 kbit/s up,
// 150 ms round trip, CPU 4x slower. Measures, on the release build, how long
// until /e/{slug} is usable: hydrated, and a tap on "I'm interested"
// answered. Run by scripts/phone-load.sh (target: 3 s).

const RUNS = Number(process.env.RUNS ?? 5);

/** Cold cache, the phone's network and CPU, for page `p` of context `ctx`. */
async function throttle(ctx: BrowserContext, p: Page) {
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

test('the topic list is usable within 3 s on a throttled mid-range phone', async ({ browser }) => {
  const times: number[] = [];
  const tapped: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each time: nothing cached, a new attendee.
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    // Join first (unthrottled): the measured load is the topic list itself.
    await page.goto('/e/demo');
    await page.getByLabel('Your name').fill(`Phone ${i}`);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText(`Hi Phone ${i}`)).toBeVisible();
    const cookies = await ctx.cookies();
    await page.close();
    const fresh = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await fresh.addCookies(cookies);
    const p = await fresh.newPage();
    await throttle(fresh, p);
    const t0 = Date.now();
    await p.goto('/e/demo', { waitUntil: 'commit' });
    await p.waitForFunction(() => document.body?.dataset.hydrated === '1', undefined, { timeout: 60_000 });
    const hydrated = Date.now() - t0;
    const vote = p.getByRole('button', { name: /I'm interested in/ }).first();
    const answered = p.waitForResponse((r) => r.url().includes('/api/vote'));
    await vote.click();
    await answered;
    await expect(p.locator('button.vote[aria-pressed=true]').first()).toBeVisible();
    const usable = Date.now() - t0;
    times.push(hydrated);
    tapped.push(usable);
    await fresh.close();
    await ctx.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`hydrated (ms): ${times.join(', ')}; median ${median(times)}`);
  console.log(`tap answered (ms): ${tapped.join(', ')}; median ${median(tapped)}`);
  expect(median(tapped)).toBeLessThan(3_000);
});

// The pages split out of the main bundle (app/src/pages/lazy.rs), opened
// directly on the same throttled phone: the main bundle plus the page's
// chunks, which the server names in `Link: rel=preload` headers. Reported,
// not asserted (the 3 s target is the topic list's).
for (const path of ['/e/demo/t/1', '/e/demo/board']) {
  test(`hydration time of ${path} on a throttled mid-range phone`, async ({ browser }) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const p = await ctx.newPage();
      await throttle(ctx, p);
      const t0 = Date.now();
      await p.goto(path, { waitUntil: 'commit' });
      await p.waitForFunction(() => document.body?.dataset.hydrated === '1', undefined, { timeout: 60_000 });
      times.push(Date.now() - t0);
      await ctx.close();
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    console.log(`${path} hydrated (ms): ${times.join(', ')}; median ${median}`);
  });
}
