import { expect, Page } from '@playwright/test';
import * as fs from 'fs';

export const ORGANIZER = { email: 'organizer@kring.local', password: 'e2e-organizer-password' };
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
export const PROJECTOR = { width: 1920, height: 1080 };

/** Waits until the page has loaded its WebAssembly and hydrated. */
export async function ready(page: Page) {
  await page.waitForLoadState('networkidle');
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

export async function login(page: Page) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(ORGANIZER.email);
  await page.getByLabel('Password').fill(ORGANIZER.password);
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
