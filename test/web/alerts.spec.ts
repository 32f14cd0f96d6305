import { apiRequestsOfReload, expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { API, ok, type Partnership, partnership, scoredRound } from './support/partnership';

/**
 * A partnership lead with more alerts than a page holds: a round of 30 members in which only two
 * answer, scored by the real worker, raises a response-rate alert for each silent member and one for
 * the footprint, and the ties rated low enter the concern band (40-odd alerts, every one open and
 * unread). The inbox pages through them all, the overview counts every open alert while listing the
 * few most severe, and the badge counts every unread.
 */
test.describe.configure({ mode: 'serial' });

interface AlertBody {
  id: string;
  summary: string;
  status: string;
  severity: string;
}
interface AlertPage {
  items: AlertBody[];
  nextCursor: string | null;
  total: number;
}

let world: Partnership;
/** Every alert of the footprint, newest first, and the one the lead acknowledged. */
let alerts: AlertBody[];
let acknowledged: AlertBody;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  world = await partnership(30);
  await scoredRound(world, { period: '2026-Q1', respondents: [6, 5] });
  // The round reads "scored" before its alerts exist: the alert rules run as a job of their own after the scoring.
  await expect
    .poll(async () => (await ok<AlertPage>(world.lead.http.get(`${API}/footprints/${world.footprintId}/alerts?limit=1`))).total, { timeout: 150_000, intervals: [250, 500, 1000] })
    .toBeGreaterThan(25);
  alerts = (await ok<AlertPage>(world.lead.http.get(`${API}/footprints/${world.footprintId}/alerts?limit=500`))).items;
  expect(alerts.length).toBeGreaterThan(25);
  expect(alerts.length).toBeLessThanOrEqual(50);
  // One acknowledged, so the overview's open count is not simply every alert.
  acknowledged = alerts[alerts.length - 1]!;
  await ok(world.lead.http.post(`${API}/alerts/${acknowledged.id}/acknowledge`, { data: {} }), [200]);
});

/** The alert ids the table of the page now shown links to, in order. */
async function idsOnPage(page: import('@playwright/test').Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Alerts' });
  const hrefs = await table.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.replace('/alerts/', ''));
}

test('the overview counts every open alert, and its link pages through them all', async ({ page }) => {
  test.setTimeout(240_000);
  const open = alerts.filter((a) => a.id !== acknowledged.id);
  await signIn(page, world.lead.email, world.lead.password);
  // The badge counts every unread alert, not a page of them.
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByTestId('unread-alerts')).toHaveText(new RegExp(`^${alerts.length}${alerts.length} unread alerts$`));

  await page.goto(`/footprints/${world.footprintId}`);
  await expect(page.getByTestId('open-alerts-count')).toHaveText(`Open alerts: ${open.length}. The 5 most severe are listed here, newest first within each severity.`);
  // The round's warnings (ties in concern) before its response-rate notices, as the API orders them.
  const mostSevere = (await ok<AlertPage>(world.lead.http.get(`${API}/footprints/${world.footprintId}/alerts?status=open&sort=severity&limit=5`))).items;
  expect(mostSevere.map((a) => a.severity)).toContain('warning');
  const listed = page.getByTestId('open-alerts').getByRole('link');
  await expect(listed).toHaveText(mostSevere.map((a) => a.summary));
  await expect(page.getByTestId('open-alerts').getByRole('link', { name: acknowledged.summary })).toHaveCount(0);
  // Opened directly, the overview asks for its open alerts once (early-reads.ts and openAlertsQuery agree on the address).
  const requests = await apiRequestsOfReload(page, () => expect(page.getByTestId('open-alerts-count')).toBeVisible());
  expect(requests.filter((url) => url.startsWith(`${API}/footprints/${world.footprintId}/alerts?`))).toEqual([`${API}/footprints/${world.footprintId}/alerts?status=open&sort=severity&limit=5`]);
  expect(requests.filter((url, i) => requests.indexOf(url) !== i)).toEqual([]);

  await page.getByRole('link', { name: `See all ${open.length} open alerts` }).click();
  await expect(page).toHaveURL(new RegExp(`/alerts\\?footprint=${world.footprintId}&status=open$`));
  await expect(page.getByTestId('alerts-range')).toHaveText(`Alerts 1 to 25 of ${open.length}`);
  const first = await idsOnPage(page);
  expect(first).toEqual(open.slice(0, 25).map((a) => a.id));
  await expectNoAxeViolations(page);
  await screenshots(page, 'alerts-open');

  const pages = page.getByRole('navigation', { name: 'Pages of alerts' });
  await expect(pages.getByRole('link', { name: /Previous/ })).toHaveCount(0);
  await pages.getByRole('link', { name: /^Next\W*Page 2 of 2$/ }).click();
  await expect(page.getByTestId('alerts-range')).toHaveText(`Alerts 26 to ${open.length} of ${open.length}`);
  await expect(page.getByTestId('alerts-range')).toBeFocused();
  expect(await idsOnPage(page)).toEqual(open.slice(25).map((a) => a.id));
  await expect(pages.getByRole('link', { name: /Next/ })).toHaveCount(0);
  await pages.getByRole('link', { name: /^Previous\W*Page 1 of 2$/ }).click();
  await expect(page.getByTestId('alerts-range')).toHaveText(`Alerts 1 to 25 of ${open.length}`);
  expect(await idsOnPage(page)).toEqual(first);
});

test('the inbox pages through every alert, unread ones marked, and filters by status', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, world.lead.email, world.lead.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: /^Alerts/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(page.getByTestId('alerts-range')).toHaveText(`Alerts 1 to 25 of ${alerts.length}`);
  await expect(page.getByTestId('unread')).toHaveCount(25);
  const seen = await idsOnPage(page);
  await page.getByRole('navigation', { name: 'Pages of alerts' }).getByRole('link', { name: /Next/ }).click();
  await expect(page.getByTestId('alerts-range')).toHaveText(`Alerts 26 to ${alerts.length} of ${alerts.length}`);
  seen.push(...(await idsOnPage(page)));
  expect([...seen].sort()).toEqual(alerts.map((a) => a.id).sort());
  await expectNoAxeViolations(page);
  await screenshots(page, 'alerts-inbox-page-2');

  await page.getByLabel('Status').selectOption({ label: 'Acknowledged' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/status=acknowledged/);
  await expect(page.getByTestId('alerts-range')).toHaveText('Alerts 1 to 1 of 1');
  expect(await idsOnPage(page)).toEqual([acknowledged.id]);
  await expect(page.getByRole('navigation', { name: 'Pages of alerts' })).toHaveCount(0);
});
