import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test as base, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the tests write page screenshots (git-ignored); pick a few for docs/screenshots by hand. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../.data/screenshots');

/** The stack from global-setup.ts. */
export const stack = {
  get url(): string {
    return required('PP_WEB_URL');
  },
  admin: {
    get email(): string {
      return required('PP_WEB_ADMIN_EMAIL');
    },
    get password(): string {
      return required('PP_WEB_ADMIN_PASSWORD');
    },
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through test/web/playwright.config.ts`);
  return value;
}

/**
 * `test` with baseURL pointing at the API that serves the web app, so `page.goto('/sign-in')` works,
 * and every test failing on what a person would see in the browser's console: an uncaught error, a
 * console error from the app, or a file of the app (anything but an API read) that did not load.
 * An API refusal is not one: the page shows it to the reader, and tests provoke them on purpose.
 */
export const test = base.extend<{ pageProblems: void }>({
  baseURL: async ({}, use) => use(stack.url),
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const isApi = (url: string) => url !== '' && new URL(url).pathname.startsWith('/api/');
      page.on('pageerror', (error) => problems.push(`uncaught ${error.name}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // Chromium logs every 4xx or 5xx response as "Failed to load resource"; API ones are answered on the page.
        if (message.text().startsWith('Failed to load resource') && isApi(message.location().url)) return;
        problems.push(`console error: ${message.text()} (${message.location().url})`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400 && !isApi(response.url())) problems.push(`${response.status()} for ${response.url()}`);
      });
      await use();
      expect(problems, `what the browser reported on ${page.url()}`).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Runs axe-core (WCAG 2.2 A and AA rules, and best practice) on the page as it is and fails on any violation, listed by rule and element. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Screenshots of the page at desktop width (1280 px) and at 375 px (a small phone), full length,
 * as `<name>-desktop.png` and `<name>-375.png`; attached to the test's report too. Restores the viewport.
 */
export async function screenshots(page: Page, name: string, testInfo: TestInfo = test.info()): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const [suffix, width] of [['desktop', 1280], ['375', 375]] as const) {
    await page.setViewportSize({ width, height: 800 });
    const path = resolve(SCREENSHOT_DIR, `${name}-${suffix}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(`${name}-${suffix}`, { path, contentType: 'image/png' });
  }
  if (original) await page.setViewportSize(original);
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email address|Cyfeiriad e-bost)$/).fill(email);
  await page.getByLabel(/^(Password|Cyfrinair)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Mewngofnodi)$/ }).click();
}

/**
 * Reloads the page (a footprint's page opened directly: early-reads.ts sends its first reads before
 * the entry has run) and gives every API address it asked for, once per request, after `ready`.
 * An address early-reads.ts and the page's queries write differently shows up twice.
 */
export async function apiRequestsOfReload(page: Page, ready: () => Promise<void>): Promise<string[]> {
  const urls: string[] = [];
  const listen = (request: { url(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) urls.push(`${url.pathname}${url.search}`);
  };
  page.on('request', listen);
  try {
    await page.reload();
    await ready();
  } finally {
    page.off('request', listen);
  }
  return urls;
}
