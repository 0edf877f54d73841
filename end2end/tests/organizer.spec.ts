import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, ready, shot, login, expectNamedControls, expectAccessible, joinAs } from './helpers';

test.use({ viewport: DESKTOP });

test('organizer creates an event and sets up rooms and slots', async ({ page }) => {
  await login(page);
  await shot(page, 'desktop-01-dashboard');
  await expectNamedControls(page);
  await expectAccessible(page, 'desktop-01-dashboard');

  // A new event; a bad time zone is refused next to its field.
  await page.getByLabel('Name', { exact: true }).fill('E2E Camp');
  await page.getByLabel('Link name').fill('e2e-camp');
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await page.getByLabel('First day').fill('2027-03-01');
  await page.getByLabel('Last day').fill('2027-03-02');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByText('"Mars/Olympus" is not a time zone')).toBeVisible();
  await page.getByLabel('Time zone').fill('Europe/Brussels');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page).toHaveURL(/\/admin\/e\/e2e-camp$/);
  await expect(page.getByRole('heading', { name: 'E2E Camp' })).toBeVisible();
  await ready(page);

  // Rooms: a negative capacity is refused, then three rooms are added.
  const addRoom = page.locator('form', { has: page.getByRole('button', { name: 'Add room' }) });
  await addRoom.getByLabel('Room name').fill('Auditorium');
  await addRoom.getByLabel('Seats').fill('-5');
  await addRoom.evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await addRoom.getByRole('button', { name: 'Add room' }).click();
  await expect(addRoom.getByText('A room holds from 1 to 10,000 people.')).toBeVisible();
  for (const [name, seats, features] of [['Auditorium', '200', 'projector, step-free'], ['Garden', '15', ''], ['Room B', '40', 'projector']]) {
    await addRoom.getByLabel('Room name').fill(name);
    await addRoom.getByLabel('Seats').fill(seats);
    await addRoom.getByLabel('Features').fill(features);
    await addRoom.getByRole('button', { name: 'Add room' }).click();
    await expect(page.getByRole('button', { name: `Save room ${name}` })).toBeVisible();
  }
  await expect(page.getByText('(3 rooms, 255 seats)')).toBeVisible();
  await expect(addRoom.getByLabel('Room name')).toHaveValue('');
  await expect(addRoom.getByText('Room added.')).toBeVisible();

  // Reorder: Room B up above Garden. Garden's unsaved edit moves with Garden
  // (a row never inherits another row's typed text).
  const roomRow = (name: string) => page.locator('ol.rows li', { has: page.getByRole('button', { name: `Save room ${name}` }) });
  await roomRow('Garden').getByLabel('Features').fill('lawn');
  await page.getByRole('button', { name: 'Move Room B up' }).click();
  const roomList = page.locator('ol.rows').first().locator('li');
  await expect(roomList.nth(1).getByLabel('Room name')).toHaveValue('Room B');
  await expect(roomList.nth(1).getByLabel('Features')).toHaveValue('projector');
  await expect(roomList.nth(2).getByLabel('Room name')).toHaveValue('Garden');
  await expect(roomList.nth(2).getByLabel('Features')).toHaveValue('lawn');
  await expect(page.getByRole('button', { name: 'Move Room B down' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Move Garden down' })).toBeDisabled();
  // Only the last answer on the page is shown, and it keeps the keyboard's place.
  await expect(page.getByText('Moved.')).toBeFocused();
  await expect(page.getByText('Room added.')).toHaveCount(0);

  // Delete needs the confirmation box.
  await page.getByRole('button', { name: 'Delete Garden' }).click();
  await expect(page.getByText('Confirm that you want to delete this room.')).toBeVisible();
  const gardenRow = page.locator('li', { has: page.getByRole('button', { name: 'Delete Garden' }) });
  await gardenRow.getByLabel('Yes, delete').check();
  await gardenRow.getByRole('button', { name: 'Delete Garden' }).click();
  await expect(page.getByText('(2 rooms, 240 seats)')).toBeVisible();
  await expect(page.getByText('Room deleted.')).toBeVisible();

  // A refusal shows in its own row only, and stays (with what was typed)
  // while other forms are saved; "Saved." shows for the latest save only.
  const roomB = roomRow('Room B');
  await roomB.getByLabel('Seats').fill('0');
  await roomB.locator('form').first().evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await roomB.getByRole('button', { name: 'Save room Room B' }).click();
  await expect(roomB.getByText('A room holds from 1 to 10,000 people.')).toBeVisible();
  await expect(page.getByText('A room holds from 1 to 10,000 people.')).toHaveCount(1);
  await roomRow('Auditorium').getByLabel('Room name').fill('Main hall');
  await roomRow('Auditorium').getByRole('button', { name: 'Save room Auditorium' }).click();
  await expect(roomRow('Main hall').getByText('Saved.')).toBeFocused();
  await expect(page.getByText('Saved.')).toHaveCount(1);
  await expect(roomB.getByText('A room holds from 1 to 10,000 people.')).toBeVisible();
  await expect(roomB.getByLabel('Seats')).toHaveValue('0');
  await roomB.getByLabel('Seats').fill('45');
  await roomB.getByRole('button', { name: 'Save room Room B' }).click();
  await expect(roomRow('Room B').getByText('Saved.')).toBeVisible();
  await expect(page.getByText('Saved.')).toHaveCount(1);
  await expect(page.getByText('A room holds from 1 to 10,000 people.')).toHaveCount(0);
  await expect(page.getByText('(2 rooms, 245 seats)')).toBeVisible();

  // Slots in the event's time zone; an overlap is refused.
  const addSlot = page.locator('form', { has: page.getByRole('button', { name: 'Add slot' }) });
  for (const [start, end] of [['10:00', '10:45'], ['11:00', '11:45']]) {
    await addSlot.getByLabel('Day').fill('2027-03-01');
    await addSlot.getByLabel('Starts').fill(start);
    await addSlot.getByLabel('Ends').fill(end);
    await addSlot.getByRole('button', { name: 'Add slot' }).click();
    await expect(page.getByRole('button', { name: `Save the slot Mon 1 Mar ${start}–${end}` })).toBeVisible();
  }
  await addSlot.getByLabel('Starts').fill('10:30');
  await addSlot.getByLabel('Ends').fill('11:15');
  await addSlot.getByRole('button', { name: 'Add slot' }).click();
  await expect(addSlot.getByText('This overlaps the slot Mon 1 Mar 10:00–10:45.')).toBeVisible();

  // Phases: dot voting with 3 votes, counts hidden.
  await page.getByLabel('Votes per attendee').fill('3');
  await page.getByLabel('Hide vote counts from attendees until voting closes').check();
  await page.getByRole('button', { name: 'Save phases' }).click();
  await expect(page.getByText('Phases saved.')).toBeVisible();
  await expect(page.getByLabel('Votes per attendee')).toHaveValue('3');
  await expect(page.getByText('Saved.', { exact: true })).toHaveCount(0);

  await expect(page.getByRole('img', { name: /QR code for http:\/\/127\.0\.0\.1:3100\/e\/e2e-camp/ })).toBeVisible();
  await shot(page, 'desktop-02-event-setup');
  await expectNamedControls(page);
  await expectAccessible(page, 'desktop-02-event-setup');

  // The API shows what was set up.
  const api = await page.request.get('/api/v1/events/e2e-camp');
  const ev = await api.json();
  expect(ev.rooms.map((r: { name: string }) => r.name)).toEqual(['Main hall', 'Room B']);
  expect(ev.slots.map((s: { start: string }) => s.start)).toEqual(['2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z']);
  expect(ev.vote_budget).toBe(3);

  // Renaming the event: the page's heading follows at once.
  await page.getByLabel('Name', { exact: true }).fill('E2E Camp 2027');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByText('Event saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Camp 2027');
  await expect(page.getByText('Phases saved.')).toHaveCount(0);

  // A new link name: the page moves to its new address, and its reload asks
  // for the event by the new name (never the old one, which is gone).
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) notFound.push(r.url());
  });
  await page.getByLabel('Link name', { exact: true }).fill('e2e-camp-2027');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page).toHaveURL(/\/admin\/e\/e2e-camp-2027$/);
  await expect(page.getByText('Event saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Camp 2027');
  await ready(page);
  expect(notFound, 'requests answered 404 during the link-name change').toEqual([]);
});

test('organizer merges a likely duplicate from the suggestions', async ({ page }) => {
  // An attendee proposes the same topic twice, in other words.
  await joinAs(page, 'Dup Tester');
  for (const [title, description] of [
    ['Terraform state locking for big teams', 'Remote Terraform state, locks and drift in big teams'],
    ['Big teams and Terraform state locking', 'Locking remote Terraform state when teams grow big'],
  ]) {
    await page.goto('/e/demo/propose');
    await ready(page);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description (optional)').fill(description);
    await page.getByLabel('Tags (optional)').fill('terraform, iac');
    await page.getByRole('button', { name: 'Propose topic' }).click();
    await expect(page).toHaveURL(/\/e\/demo$/);
  }

  await login(page);
  await page.goto('/admin/e/demo/topics');
  await ready(page);
  const section = page.locator('section.duplicates');
  await expect(section.getByRole('heading', { name: 'Likely duplicates' })).toBeVisible();
  const merge = section.getByRole('button', { name: /^Merge “(Big teams and|Terraform state locking for big teams)/ });
  await expect(merge).toHaveCount(1);
  await expect(merge).toHaveAccessibleName(/into “(Terraform state locking for big teams|Big teams and Terraform state locking)”$/);
  await shot(page, 'desktop-03-topics-duplicates');
  await expectNamedControls(page);
  await expectAccessible(page, 'desktop-03-topics-duplicates');
  await merge.click();
  await expect(page.locator('.badge', { hasText: /merged into “(Terraform state locking for big teams|Big teams and Terraform state locking)”/ })).toBeVisible();
  await expect(merge).toHaveCount(0);
});

test("an organizer's half-typed edit stays with its topic when the list reorders", async ({ page, browser }) => {
  await login(page);
  await page.goto('/admin/e/demo/topics');
  await ready(page);
  const rows = page.locator('article.admin-topic');
  const first = (await rows.nth(0).getByRole('heading').innerText()).trim();
  const second = (await rows.nth(1).getByRole('heading').innerText()).trim();
  const rowOf = (title: string) => page.locator('article.admin-topic').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

  // Half an edit of the second topic, not saved yet.
  await rowOf(second).getByText('Edit topic').click();
  await rowOf(second).getByLabel('Description (optional)').fill('Half-typed note');

  // An attendee votes for that topic meanwhile.
  const phone = await browser.newContext({ viewport: PHONE });
  const voter = await phone.newPage();
  await joinAs(voter, 'Late Voter');
  const card = voter.locator('article.topic').filter({ has: voter.getByRole('heading', { name: second, exact: true }) });
  await card.getByRole('button', { name: /I'm interested/ }).click();
  await expect(card.getByRole('button', { name: /Remove my interest/ })).toHaveAttribute('aria-pressed', 'true');
  await phone.close();
  const before = Number((await rowOf(second).locator('.big-count').innerText()).match(/\d+/)![0]);

  // The most voted topic is withdrawn: it goes to the end, every row moves up.
  await rowOf(first).getByRole('button', { name: `Withdraw ${first}` }).click();
  await expect(rows.nth(0).getByRole('heading')).toHaveText(second);
  await expect(rowOf(first)).toContainText('withdrawn');
  // The edit is still the second topic's, and nobody else's.
  await expect(rowOf(second).locator('details')).toHaveAttribute('open', '');
  await expect(rowOf(second).getByLabel('Description (optional)')).toHaveValue('Half-typed note');
  await expect(page.locator('details[open]')).toHaveCount(1);
  // The new vote is counted all the same.
  await expect(rowOf(second).locator('.big-count')).toContainText(String(before + 1));

  // Saving it says so next to that topic.
  const description = rowOf(second).getByLabel('Description (optional)');
  await description.fill('Half-typed note, now finished');
  await rowOf(second).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(rowOf(second).getByText('Topic saved.')).toBeVisible();
  await expect(page.getByText('Topic saved.')).toHaveCount(1);

  // Put the demo back as it was for the tests after this one.
  await rowOf(first).getByRole('button', { name: `Reopen ${first}` }).click();
  await expect(rows.nth(0).getByRole('heading')).toHaveText(first);
});
