import { expect, Page } from '@playwright/test';
import * as fs from 'fs';

export const ORGANIZER = { email: 'organizer@kring.local', password: 'e2e-organizer-password' };
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
export const PROJECTOR = { width: 1920, height: 1080 };

/**
 * Waits until the page has loaded its WebAssembly and hydrated (the app marks
 * <body data-hydrated>), then for the network to settle. Pages with a live
 * stream keep one request open for good, so "network idle" is only waited
 * for a moment there. "Network idle" is an event of the page's load: once it
 * has happened, this no longer waits for requests made later (an action's
 * reload); wait for their responses instead.
 */
export async function ready(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => document.body?.dataset.hydrated === '1', undefined, { timeout: 30_000 });
  await page.waitForLoadState('networkidle', { timeout: 2_500 }).catch(() => {});
}

/**
 * Follows the topic list's "+ Propose a topic" link. The propose page's code
 * is a chunk loaded on the first visit (app/src/pages/lazy.rs): the old page
 * stays until it has arrived, so wait for the new page's heading.
 */
export async function openPropose(page: Page) {
  await page.getByRole('link', { name: '+ Propose a topic' }).click();
  await expect(page.getByRole('heading', { name: 'Propose a topic' })).toBeVisible();
  await ready(page);
}

/**
 * Opens the demo event's topic list and joins it as `name` (a fresh
 * attendee in the page's browser context).
 */
export async function joinAs(page: Page, name: string) {
  await page.goto('/e/demo');
  await ready(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText(`Hi ${name}`)).toBeVisible();
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

export async function login(page: Page, who: { email: string; password: string } = ORGANIZER) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Organizer', exact: true })).toBeVisible();
}

/** Every button, link and form control has an accessible name. */
export async function expectNamedControls(page: Page) {
  const unnamed = await page.evaluate(() => {
    const out: string[] = [];
    const els = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea');
    els.forEach((el) => {
      const e = el as HTMLElement;
      const label =
        e.getAttribute('aria-label') ||
        (e.id && document.querySelector(`label[for="${e.id}"]`)?.textContent) ||
        e.closest('label')?.textContent ||
        e.textContent;
      if (!label || !label.trim()) out.push(e.outerHTML.slice(0, 120));
    });
    return out;
  });
  expect(unnamed, 'controls without an accessible name').toEqual([]);
}

/**
 * Zero WCAG 2.1 AA violations under axe-core on the page as it is now. The
 * report names each rule and the elements it failed on.
 */
export async function expectAccessible(page: Page, what: string) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const report = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(report, `axe-core WCAG 2.1 AA violations on ${what}`).toEqual([]);
}

/**
 * Collects Content-Security-Policy violations (reported on the console) and
 * page errors, so a test can assert that the app ran under its policy.
 */
export function watchPolicy(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) {
      problems.push(m.text());
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}
