import { test, expect, Page } from '@playwright/test';
import { PHONE, DESKTOP, ready, shot, login, expectNamedControls, expectAccessible, watchPolicy, joinAs } from './helpers';

/** Which reload of its data the schedule page shows (`data-generation`). */
function generationOf(page: Page) {
  return () => page.locator('[data-generation]').getAttribute('data-generation');
}

/**
 * Moves a session by `act` (drag, keyboard or tap) and returns the feedback
 * shown. A move that is made rebuilds the page from reloaded data; the
 * next steps wait for that, since focus or a click on the old page would be
 * lost. A move the checker refuses (a hard rule, "Not changed") reloads
 * nothing.
 */
async function move(page: Page, act: () => Promise<void>): Promise<string> {
  const generation = generationOf(page);
  const before = await generation();
  const answered = page.waitForResponse((r) => r.url().includes('/api/move_session'));
  await act();
  const status = (await answered).status();
  expect([200, 409]).toContain(status);
  if (status === 200) await expect.poll(generation, { timeout: 20_000 }).not.toBe(before);
  return feedback(page);
}

/**
 * Waits until the page stops reloading: the same content for longer than the
 * 0.8 s between progress reloads of a run. A reload rebuilds the grid and
 * drops a selection made on the old one.
 */
async function settled(page: Page) {
  const generation = generationOf(page);
  await expect
    .poll(async () => {
      const before = await generation();
      await page.waitForTimeout(1_200);
      return before === (await generation());
    }, { timeout: 20_000 })
    .toBe(true);
}

/** The text of the latest edit's feedback ("−3 unserved votes …" or a refusal). */
async function feedback(page: Page) {
  const box = page.locator('.edit-feedback');
  await expect(box).toContainText(/unserved votes|Not changed/, { timeout: 20_000 });
  return box.innerText();
}

test('organizer runs the scheduler, adjusts the draft by drag, keyboard and tap, publishes; attendees see it', async ({ browser }) => {
  // An organizer at a desk runs the engine on the demo.
  const desk = await browser.newContext({ viewport: DESKTOP });
  const org = await desk.newPage();
  const problems = watchPolicy(org);
  await login(org);
  await org.goto('/admin/e/demo/schedule');
  await ready(org);
  await expect(org.getByRole('heading', { name: 'Run the scheduler' })).toBeVisible();
  await expectNamedControls(org);
  await expectAccessible(org, 'schedule page before a run');

  // Out of range: a clear message next to the field, nothing runs.
  await org.getByLabel('Time limit (seconds)').fill('500');
  await org.locator('form', { hasText: 'Time limit' }).evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await org.getByRole('button', { name: 'Run the scheduler' }).click();
  await expect(org.getByText('Choose a time limit from 1 to 120 seconds.')).toBeVisible();

  // Themed rooms (on at 2 % by default): out of range gets a clear message
  // next to the field and nothing changes; a valid share saves.
  const themed = org.getByLabel('Attendance to trade for themed rooms (%)');
  await expect(themed).toHaveValue('2');
  const themesCard = org.locator('section', { has: org.getByRole('heading', { name: 'Themed rooms' }) });
  await themesCard.locator('form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await themed.fill('25');
  await themesCard.getByRole('button', { name: 'Save' }).click();
  await expect(themesCard.getByText('Enter a whole percentage from 0 to 20 (0 turns themed rooms off).')).toBeVisible();
  await themed.fill('3');
  // A save reloads the page's data and rebuilds the page: wait for both, so
  // that the next steps act on the rebuilt page.
  const saved = org.waitForResponse((r) => r.url().includes('/api/set_themed_rooms'));
  const rebuilt = org.waitForResponse((r) => r.url().includes('/api/schedule_admin'));
  await themesCard.getByRole('button', { name: 'Save' }).click();
  expect((await saved).status()).toBe(200);
  await rebuilt;
  await expect(themesCard.getByText('Enter a whole percentage')).toHaveCount(0);
  await expect(org.getByLabel('Attendance to trade for themed rooms (%)')).toHaveValue('3');
  await expect(themesCard.getByText('Saved.')).toBeVisible();
  // Another form's save leaves the time limit's refusal where it was: its
  // rejected value is still in the field, and it was not saved.
  await expect(org.getByLabel('Time limit (seconds)')).toHaveValue('500');
  await expect(org.getByText('Choose a time limit from 1 to 120 seconds.')).toBeVisible();

  await org.getByLabel('Time limit (seconds)').fill('5');
  await org.getByRole('button', { name: 'Run the scheduler' }).click();
  // Progress while it runs, then the draft.
  await expect(org.getByText(/Running: /)).toBeVisible({ timeout: 10_000 });
  await shot(org, 'desktop-04-schedule-running');
  await expect(org.getByText(/Done: a new draft with \d+ unserved votes/)).toBeVisible({ timeout: 40_000 });
  await expect(org.getByText('Choose a time limit from 1 to 120 seconds.')).toHaveCount(0);
  await expect(themesCard.getByText('Saved.')).toHaveCount(0);
  await expect(org.getByRole('heading', { name: 'Adjust the draft' })).toBeVisible();
  await ready(org);
  await settled(org);
  await shot(org, 'desktop-05-schedule-draft');
  await expectNamedControls(org);
  await expectAccessible(org, 'the draft grid');

  // Drag a session onto another cell: the change in votes is shown.
  const grid = org.locator('.grid-desk');
  const first = grid.locator('button.session').first();
  const firstTitle = (await first.locator('.s-title').innerText()).trim();
  const target = grid.locator('button.empty:not(.closed)').first();
  const dragged = await move(org, () => first.dragTo(target));
  expect(dragged).toMatch(/unserved votes|Not changed/);

  // With the keyboard: Enter on a session, then Enter on a cell.
  await ready(org);
  const s2 = grid.locator('button.session').nth(1);
  await s2.focus();
  // (Escape first: the drag's emulated mouse-up may have selected a cell.)
  await org.keyboard.press('Escape');
  await expect(grid.locator('button[aria-pressed=true]')).toHaveCount(0);
  await org.keyboard.press('Enter');
  await expect(s2).toHaveAttribute('aria-pressed', 'true');
  await expect(org.getByRole('region', { name: 'Selected session' })).toBeVisible();
  // "Why here?" explains the choice.
  await expect(org.getByText(/voters have no other voted session in this slot/)).toBeVisible({ timeout: 20_000 });
  await shot(org, 'desktop-06-why-here');
  const s3 = grid.locator('button.session').nth(5);
  const s3Cell = await s3.getAttribute('data-cell');
  await s3.focus();
  await move(org, () => org.keyboard.press('Enter'));
  const focusedCell = () => org.evaluate(() => document.activeElement?.getAttribute('data-cell') ?? null);
  await expect.poll(focusedCell).toBe(s3Cell);
  // Into an empty cell: that cell's button is replaced by the session's, and
  // keyboard focus follows to it instead of falling back to the top of the page.
  await settled(org);
  const s4 = grid.locator('button.session').nth(2);
  await s4.focus();
  await org.keyboard.press('Enter');
  await expect(s4).toHaveAttribute('aria-pressed', 'true');
  const empty = grid.locator('button.empty:not(.closed)').last();
  const emptyCell = await empty.getAttribute('data-cell');
  await empty.focus();
  const intoEmpty = await move(org, () => org.keyboard.press('Enter'));
  if (!intoEmpty.includes('Not changed')) {
    await expect(grid.locator(`[data-cell="${emptyCell}"]`)).toHaveClass(/session/);
  }
  await expect.poll(focusedCell).toBe(emptyCell);
  // Pinning from the panel: the panel goes away with the selection when the
  // page reloads, and focus comes back to the pinned session's cell.
  await settled(org);
  const generation = generationOf(org);
  const pinned = grid.locator(`[data-cell="${s3Cell}"]`);
  await pinned.focus();
  await org.keyboard.press('Enter');
  await expect(pinned).toHaveAttribute('aria-pressed', 'true');
  const pinByKeyboard = async (name: string) => {
    const before = await generation();
    await org.getByRole('button', { name }).focus();
    await org.keyboard.press('Enter');
    await expect.poll(generation, { timeout: 20_000 }).not.toBe(before);
    await expect.poll(focusedCell).toBe(s3Cell);
  };
  await pinByKeyboard('Pin here for the next run');
  await expect(pinned).toContainText('pinned');
  // And unpinned again the same way. (Neither makes the draft out of date:
  // the publish below needs no "publish anyway".)
  await settled(org);
  await org.keyboard.press('Enter');
  await expect(pinned).toHaveAttribute('aria-pressed', 'true');
  await pinByKeyboard('Unpin');
  await expect(pinned).not.toContainText('pinned');

  // Publish: attendees now see version 1.
  await ready(org);
  await org.getByRole('button', { name: 'Publish this schedule' }).click();
  await expect(org.getByRole('heading', { name: 'Published: version 1' })).toBeVisible({ timeout: 20_000 });
  // The run's "new draft" is not news any more: that draft is published.
  await expect(org.getByText(/Done: a new draft/)).toHaveCount(0);
  await shot(org, 'desktop-07-published');
  expect(problems).toEqual([]);

  // On a phone (360 px): one slot at a time; tap a session, tap another cell.
  const phoneOrg = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const po = await phoneOrg.newPage();
  await login(po);
  await po.goto('/admin/e/demo/schedule');
  await ready(po);
  // A long run, stopped from the phone while the page follows its progress
  // (the page is rebuilt every 0.8 s meanwhile): the best so far is kept.
  await po.getByLabel('Time limit (seconds)').fill('60');
  await po.getByRole('button', { name: 'Run the scheduler' }).click();
  await expect(po.getByText(/Running: /)).toBeVisible({ timeout: 10_000 });
  await expect(po.getByText(/best so far: \d+ unserved votes/)).toBeVisible({ timeout: 20_000 });
  await po.getByRole('button', { name: 'Stop and keep the best so far' }).click();
  await expect(po.getByText(/Stopped early: the best schedule so far \(\d+ unserved votes\) is the new draft\./)).toBeVisible({ timeout: 20_000 });
  await ready(po);
  await settled(po);
  // A draft equal to what attendees already see offers nothing to publish.
  const same = po.getByText('Same as the published version: there is nothing new to publish.');
  const publishButton = po.getByRole('button', { name: 'Publish this schedule' });
  await expect(same.or(publishButton)).toBeVisible();
  if (await same.isVisible()) await expect(publishButton).toHaveCount(0);
  const phone = po.locator('.grid-phone');
  await expect(phone.getByLabel('Slot')).toBeVisible();
  await expect(po.locator('.grid-desk')).toBeHidden();
  const cells = phone.locator('button.session');
  await cells.first().tap();
  await expect(cells.first()).toHaveAttribute('aria-pressed', 'true');
  await shot(po, 'phone-08-schedule-selected');
  const tapped = await move(po, () => phone.locator('.phone-cells button[aria-pressed=false]').first().tap());
  expect(tapped).toMatch(/unserved votes|Not changed/);
  await shot(po, 'phone-09-schedule-moved');
  await expectAccessible(po, 'the draft on a phone');
  await phoneOrg.close();

  // An attendee on a phone: the schedule and their agenda.
  const att = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const a = await att.newPage();
  await joinAs(a, 'Agenda Tester');
  // Mark interest in the first topic of the list, then open the schedule.
  await a.locator('article.topic').first().getByRole('button', { name: /I'm interested/ }).click();
  await expect(a.locator('article.topic').first().getByRole('button', { name: /Remove my interest/ })).toBeVisible();
  await a.getByRole('link', { name: 'Schedule' }).click();
  await expect(a.getByText(/Version 1 · published/)).toBeVisible();
  await expect(a.getByText(firstTitle).first()).toBeVisible();
  await ready(a);
  await shot(a, 'phone-10-schedule');
  await expectNamedControls(a);
  await expectAccessible(a, 'the attendee schedule');
  await a.getByRole('link', { name: 'My agenda' }).click();
  await expect(a.getByRole('heading', { name: /My agenda/ })).toBeVisible();
  await expect(a.locator('.session-card.mine')).toHaveCount(1);
  await expect(a.getByText(/personal calendar feed/)).toBeVisible();
  await ready(a);
  await shot(a, 'phone-11-agenda');
  await expectAccessible(a, 'my agenda');
  await att.close();
  await desk.close();
});
