import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser';

/**
 * Browser tests: Debian's Chromium (launched by path: browsers cannot be downloaded here) against
 * the real API, serving the built web app, and the real worker, on a freshly migrated database of
 * the run's own (support/global-setup.ts). `npm test` runs them after jest; `npm run test:web` alone.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './support/global-setup.ts',
  outputDir: '../../.data/web-test-results',
  // Two cores shared with the API and the worker: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Generous: the machine is often shared, and a test that is slow is not a test that failed.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
