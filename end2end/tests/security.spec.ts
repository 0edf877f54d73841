import { test, expect, Page } from '@playwright/test';
import { PHONE, DESKTOP, ready, shot, login, expectAccessible, watchPolicy, openPropose, joinAs } from './helpers';

// Text that tried to break out of the page title and of the edit form's
// textarea (issue: stored script injection through the page title).
const TITLE = `Kubernetes tips</title><img src=x onerror="document.title='PWNED'">`;
const DESCRIPTION =
  `</textarea><img src=x onerror="window.__pwned=1"> "quotes" & <script>window.__pwned=2</script> ` +
  'x'.repeat(1800);

async function joinAndPropose(page: Page, name: string): Promise<string> {
  await joinAs(page, name);
  await openPropose(page);
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Description (optional)').fill(DESCRIPTION);
  await page.getByLabel('Tags (optional)').fill('</title>, <script>');
  await page.getByRole('button', { name: 'Propose topic' }).click();
  await expect(page).toHaveURL(/\/e\/demo$/);
  const card = page.locator('article.topic', { hasText: 'Kubernetes tips</title>' }).first();
  await expect(card).toBeVisible();
  return (await card.getByRole('link', { name: TITLE }).getAttribute('href'))!;
}

test.describe('hostile text on a phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('a topic whose title and description hold markup runs no script, and the app hydrates under its policy', async ({ page, browser }) => {
    const problems = watchPolicy(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const href = await joinAndPropose(page, 'Mallory');

    // A fresh load of the topic page: the server-rendered head and form.
    const resp = await page.goto(href);
    const csp = resp!.headers()['content-security-policy'];
    expect(csp).toContain("'nonce-");
    expect(csp).toContain("frame-ancestors 'none'");
    await ready(page);
    await expect(page.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
    // After hydration the tab shows the title exactly as typed.
    expect(await page.evaluate(() => document.title)).toBe(`${TITLE} · Kring`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.getByLabel('Description (optional)')).toHaveValue(DESCRIPTION);
    await shot(page, 'phone-07-hostile-topic');
    await expectAccessible(page, 'a topic page with hostile text');

    // Hydrated under the policy: a tap on "I'm interested" is answered.
    await page.getByRole('button', { name: /I'm interested/ }).click();
    await expect(page.getByRole('button', { name: /Remove my interest/ })).toHaveAttribute('aria-pressed', 'true');

    // The same page without JavaScript: the server's <title> decodes to the raw title.
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const plain = await noJs.newPage();
    await plain.goto(href);
    expect(await plain.title()).toBe(`${TITLE} · Kring`);
    expect(await plain.locator('img[src="x"]').count()).toBe(0);
    await noJs.close();

    // The organizer's topic list has an edit form for every topic.
    const desk = await browser.newContext({ viewport: DESKTOP });
    const org = await desk.newPage();
    const orgProblems = watchPolicy(org);
    org.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await login(org);
    await org.goto('/admin/e/demo/topics');
    await ready(org);
    await expect(org.getByRole('heading', { name: TITLE }).first()).toBeVisible();
    expect(await org.locator('img[src="x"]').count()).toBe(0);
    expect(await org.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(orgProblems).toEqual([]);
    await desk.close();

    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
