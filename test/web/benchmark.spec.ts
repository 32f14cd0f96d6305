import { randomInt } from 'node:crypto';
import { expect, expectNoAxeViolations, screenshots, signIn, stack, test } from './support/fixtures';
import { API, asAdmin, ok, type Partnership, partnership, scoredRound } from './support/partnership';

/**
 * The national benchmark in the browser: five one-member footprints score a round of the same
 * period (a year drawn at random, so no other test's rounds share it); four share through the API,
 * and the fifth's lead opts in on the overview and then sees where the footprint stands.
 */
test.describe.configure({ mode: 'serial' });

const PERIOD = `${2030 + randomInt(70)}-Q${1 + randomInt(4)}`;
let worlds: Partnership[] = [];

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(400_000);
  worlds = [];
  for (let i = 0; i < 5; i++) {
    const world = await partnership(1);
    await scoredRound(world, { period: PERIOD, respondents: [5], level: 1 + i * 0.5 });
    worlds.push(world);
  }
  for (const world of worlds.slice(1)) await ok(world.lead.http.patch(`${API}/footprints/${world.footprintId}`, { data: { benchmarkSharing: true } }));
});

test.afterAll(async () => {
  const { http } = await asAdmin();
  for (const world of worlds) await http.patch(`${API}/footprints/${world.footprintId}`, { data: { benchmarkSharing: false } });
});

test('a lead opts in on the overview and sees the footprint’s standing among the sharers', async ({ page }) => {
  test.setTimeout(180_000);
  const world = worlds[0]!;
  await signIn(page, world.lead.email, world.lead.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}`);
  const section = page.getByTestId('benchmark');
  await expect(section.getByRole('heading', { name: 'National benchmark' })).toBeVisible();
  await expect(section.getByTestId('benchmark-withheld')).toContainText('does not share');

  await section.getByLabel('Share our footprint-level figures (RHI and dimensions) in the national benchmark').check();
  await section.getByRole('button', { name: 'Save sharing setting' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved: your footprint shares its figures.');
  // The lowest of five: 100 × (0 + ½) / 5 = 10.
  await expect(section.getByTestId('benchmark-standing').getByRole('listitem').first()).toHaveText(
    'Relationship Health Index: percentile 10: in the lowest quarter of the 5 footprints sharing this period.',
  );
  await expect(section.getByRole('img', { name: /RHI and each dimension/ })).toHaveAttribute('data-rendered', 'true');
  await section.getByText(`Show National benchmark, ${PERIOD} as a table`).click();
  await expect(section.getByRole('table', { name: `National benchmark, ${PERIOD}` }).getByRole('row')).toHaveCount(7);
  for (const other of worlds.slice(1)) await expect(page.locator('body')).not.toContainText(other.footprintId);
  await section.scrollIntoViewIfNeeded();
  await expectNoAxeViolations(page);
  await screenshots(page, 'benchmark');
});

test('a platform admin reads the full table', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, stack.admin.email, stack.admin.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto(`/admin/benchmark?period=${PERIOD}`);
  await expect(page.getByRole('heading', { level: 1, name: 'National benchmark' })).toBeVisible();
  await expect(page.getByRole('table', { name: `Sharing footprints, ${PERIOD}` }).getByRole('row')).toHaveCount(1 + 5 * 6);
  await expectNoAxeViolations(page);
  await screenshots(page, 'admin-benchmark');
});
