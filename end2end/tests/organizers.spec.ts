import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, ready, shot, login, expectNamedControls, expectAccessible, joinAs } from './helpers';

// Organizers belong to events: the administrator (the demo's organizer) adds
// an account; its owner sees only their own event, adds a co-organizer,
// cannot open the demo, and deletes their event. An attendee leaves an event.
test('organizers see and manage only their events', async ({ browser }) => {
  const adminCtx = await browser.newContext({ viewport: DESKTOP });
  const admin = await adminCtx.newPage();
  await login(admin);
  await ready(admin);
  const accounts = admin.locator('section', { has: admin.getByRole('heading', { name: 'Organizer accounts' }) });
  await expect(accounts).toContainText('organizer@kring.local');
  await expect(accounts).toContainText('administrator');
  const ana = { email: 'ana.owner@example.org', password: 'ana-first-password' };
  await accounts.getByLabel('Email').fill(ana.email);
  await accounts.getByLabel('Password', { exact: true }).fill(ana.password);
  await accounts.getByRole('button', { name: 'Add organizer' }).click();
  await expect(accounts.getByText('Organizer added.')).toBeVisible();
  await expect(accounts.getByRole('listitem').filter({ hasText: ana.email })).toBeVisible();
  await shot(admin, 'desktop-10-accounts');
  await expectNamedControls(admin);
  await expectAccessible(admin, 'desktop-10-accounts');

  // Ana: no events yet; she creates one, which she owns.
  const anaCtx = await browser.newContext({ viewport: DESKTOP });
  const page = await anaCtx.newPage();
  await login(page, ana);
  await ready(page);
  await expect(page.getByText('No events yet')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Organizer accounts' })).toHaveCount(0);
  await page.getByLabel('Name', { exact: true }).fill('Ana <Days> & "friends"');
  await page.getByLabel('Link name').fill('ana-days');
  await page.getByLabel('First day').fill('2027-05-01');
  await page.getByLabel('Last day').fill('2027-05-01');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page).toHaveURL(/\/admin\/e\/ana-days$/);
  await ready(page);
  const team = page.locator('section', { has: page.getByRole('heading', { name: 'Organizers' }) });
  await expect(team).toContainText("You are this event's owner.");
  // A new co-organizer needs a first password; then they are on the team.
  await team.getByLabel('Their email').fill('bo.co@example.org');
  await team.getByRole('button', { name: 'Add co-organizer' }).click();
  await expect(team.getByText('choose a first password')).toBeVisible();
  await team.getByLabel('First password').fill('bo-first-password');
  await team.getByRole('button', { name: 'Add co-organizer' }).click();
  await expect(team.getByRole('listitem').filter({ hasText: 'bo.co@example.org' })).toContainText('co-organizer');
  await shot(page, 'desktop-11-team');
  await expectNamedControls(page);
  await expectAccessible(page, 'desktop-11-team');

  // The demo is somebody else's: 403, and it says so.
  const r = await page.goto('/admin/e/demo');
  expect(r?.status()).toBe(403);
  await expect(page.getByText('run by other organizers')).toBeVisible();

  // Deleting needs the link name typed; then the event is gone.
  await page.goto('/admin/e/ana-days');
  await ready(page);
  const danger = page.locator('section', { has: page.getByRole('heading', { name: 'Delete this event' }) });
  await danger.getByLabel("Type the event's link name to confirm").fill('demo');
  await danger.getByRole('button', { name: 'Delete the event' }).click();
  await expect(danger.getByText("Type the event's link name, ana-days, to delete it.")).toBeVisible();
  await danger.getByLabel("Type the event's link name to confirm").fill('ana-days');
  await danger.getByRole('button', { name: 'Delete the event' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await ready(page);
  await expect(page.getByText('No events yet')).toBeVisible();
  expect((await page.goto('/e/ana-days'))?.status()).toBe(404);

  // The administrator deactivates Ana: her session ends.
  await admin.reload();
  await ready(admin);
  await accounts.getByRole('button', { name: `Deactivate ${ana.email}` }).click();
  await expect(accounts.getByRole('listitem').filter({ hasText: ana.email })).toContainText('deactivated');
  expect((await page.goto('/admin'))?.status()).toBe(401);
  await anaCtx.close();
  await adminCtx.close();
});

test('an attendee leaves an event and their votes go with them', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await joinAs(page, 'Leaving Lena');
  await ready(page);
  // Lena votes; leaving takes the vote away again.
  const firstVote = page.getByRole('button', { name: /I'm interested/ }).first();
  await firstVote.click();
  await expect(page.getByText('Hi Leaving Lena · 1')).toBeVisible();
  await page.getByText('Leave this event').click();
  await shot(page, 'phone-12-leave');
  await expectNamedControls(page);
  await expectAccessible(page, 'phone-12-leave');
  await page.getByLabel('Yes, remove my name and votes').check();
  await page.getByRole('button', { name: 'Leave the event' }).click();
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  await ctx.close();
});

test('an organizer hides a topic and blocks its proposer; attendees no longer see it', async ({ browser }) => {
  // An attendee proposes something that does not belong.
  const phone = await browser.newContext({ viewport: PHONE });
  const spam = await phone.newPage();
  await joinAs(spam, 'Watch Seller');
  await spam.goto('/e/demo/propose');
  await ready(spam);
  await spam.getByLabel('Title').fill('Cheap watches, DM me');
  await spam.getByRole('button', { name: 'Propose topic' }).click();
  await expect(spam).toHaveURL(/\/e\/demo$/);
  await expect(spam.locator('article.topic', { hasText: 'Cheap watches, DM me' })).toBeVisible();

  const desk = await browser.newContext({ viewport: DESKTOP });
  const org = await desk.newPage();
  await login(org);
  await org.goto('/admin/e/demo/topics');
  await ready(org);
  const row = org.locator('article.admin-topic').filter({ has: org.getByRole('heading', { name: 'Cheap watches, DM me' }) });
  await row.getByRole('button', { name: 'Hide Cheap watches, DM me' }).click();
  await expect(row).toContainText('hidden from attendees');
  await row.getByRole('button', { name: 'Block Watch Seller' }).click();
  await expect(row).toContainText('proposer blocked');
  await shot(org, 'desktop-13-moderation');
  await expectAccessible(org, 'desktop-13-moderation');

  // The proposer's page: the topic is gone, posting is refused, reading works.
  await spam.goto('/e/demo');
  await ready(spam);
  await expect(spam.getByText('An organizer has stopped you from posting')).toBeVisible();
  await expect(spam.locator('article.topic', { hasText: 'Cheap watches, DM me' })).toHaveCount(0);
  await shot(spam, 'phone-14-blocked');
  await phone.close();
  await desk.close();
});
