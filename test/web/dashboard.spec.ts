import { readFileSync } from 'node:fs';
import { apiRequestsOfReload, expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { API, invitedAccount, ok, type Partnership, partnership, type Round, scoredRound } from './support/partnership';

/**
 * The partnership lead's dashboard (#17): a footprint's overview, its questions and its alerts, per
 * role, on two rounds answered through respondent links and scored by the real worker: a good
 * quarter, then a much worse one, which raises an RHI-drop alert.
 */
test.describe.configure({ mode: 'serial' });

let world: Partnership;
let rounds: Round[];
const COMMENT = 'Joint discharge meetings have helped';

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  world = await partnership(3);
  rounds = [await scoredRound(world, { period: '2026-Q1', level: 3, comment: COMMENT }), await scoredRound(world, { period: '2026-Q2', level: 2 })];
});

/**
 * The RHI-drop alert of the second round. A round reads "scored" before its alerts exist: the gate
 * and then the alert rules run as jobs of their own after the scoring, and wait while other rounds
 * are being scored (YIELDS_TO), so this waits for them.
 */
async function rhiDropAlert(): Promise<{ id: string; summary: string }> {
  let alerts: { items: { id: string; kind: string; summary: string }[] } = { items: [] };
  await expect
    .poll(
      async () => {
        alerts = await ok<typeof alerts>(world.lead.http.get(`${API}/footprints/${world.footprintId}/alerts?limit=100`));
        return alerts.items.map((a) => a.kind);
      },
      { timeout: 150_000, intervals: [250, 500, 1000] },
    )
    .toContain('rhi_drop');
  const alert = alerts.items.find((a) => a.kind === 'rhi_drop');
  expect(alert, JSON.stringify(alerts.items.map((a) => a.kind))).toBeDefined();
  return alert!;
}

test('a lead reads the overview and the questions, then acknowledges and resolves an alert with notes', async ({ page }) => {
  // A long journey (three pages, axe and two screenshots each) on a shared, busy machine.
  test.setTimeout(300_000);
  const alert = await rhiDropAlert();
  await signIn(page, world.lead.email, world.lead.password);
  const menu = page.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByTestId('unread-alerts')).toBeVisible();
  await menu.getByRole('link', { name: 'Footprints' }).click();

  // Overview: the latest round's figures, the significant fall marked, the trend over both rounds.
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Cheshire and Merseyside: overview' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Latest scores: 2026-Q2' })).toBeVisible();
  const scores = page.getByRole('table', { name: 'Relationship Health Index and dimensions, 2026-Q2' });
  await expect(scores.getByRole('row')).toHaveCount(7);
  await expect(page.getByTestId('rhi-headline').getByTestId('significant-change')).toHaveText('Significant fall');
  const chart = page.getByRole('img', { name: /Line chart of the Relationship Health Index/ });
  await expect(chart).toHaveAttribute('data-rendered', 'true');
  await page.getByText('Show Relationship Health Index and dimensions by round as a table').click();
  const trendTable = page.getByRole('table', { name: 'Relationship Health Index and dimensions by round' });
  await expect(trendTable.getByRole('row', { name: /^2026-Q1/ })).toBeVisible();
  await expect(trendTable.getByRole('row', { name: /^2026-Q2/ })).toBeVisible();
  await expect(page.getByTestId('open-alerts').getByRole('link', { name: alert.summary })).toBeVisible();

  // Its CSV is the BI export of the same figures: one row per round × measure shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV Relationship Health Index and dimensions by round' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toContain('period');
  expect(csv).toHaveLength(1 + 2 * 6);
  await expectNoAxeViolations(page);
  await screenshots(page, 'overview');

  // Opened directly, the overview asks for each read once: early-reads.ts sends the response rate as
  // soon as the rounds are in, at the address the page's query then takes it from.
  const requests = await apiRequestsOfReload(page, async () => {
    await expect(page.getByText('Organisations that responded')).toBeVisible();
    await expect(page.getByRole('img', { name: /Line chart of the Relationship Health Index/ })).toHaveAttribute('data-rendered', 'true');
  });
  expect(requests.filter((url) => /^\/api\/v1\/rounds\/[^/]+\/response-rates$/.test(url))).toHaveLength(1);
  expect(requests.filter((url, i) => requests.indexOf(url) !== i)).toEqual([]);

  // Questions: shares by respondent role, where the small groups are withheld in words; free text of the closed round.
  await page.getByRole('navigation', { name: 'Footprint' }).getByRole('link', { name: 'Questions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Questions' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'One question by sector' })).toBeVisible();
  await page.getByLabel('Round').selectOption({ label: '2026-Q1' });
  await page.getByLabel('Break down by').selectOption({ label: 'Respondent role' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { name: 'One question by respondent role' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Stacked bar chart/ }).first()).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByText('fewer than 5 responses').first()).toBeAttached();
  await expect(page.getByTestId('free-text')).toContainText(COMMENT);
  // Each comment sits under the question it answers, in the instrument's words, with how many answered.
  const round = await ok<{ instrumentId: string }>(world.lead.http.get(`${API}/rounds/${rounds[0]!.id}`));
  const instrument = await ok<{ questions: { key: string; type: string; text: string }[] }>(world.lead.http.get(`${API}/instruments/${round.instrumentId}`));
  const commentQuestion = instrument.questions.find((q) => q.type === 'free_text')!;
  const comments = page.getByTestId('free-text').getByRole('region', { name: commentQuestion.text });
  await expect(comments).toContainText(COMMENT);
  await expect(comments.getByRole('heading', { level: 3 })).toContainText(`answers: ${await comments.getByRole('listitem').count()}`);
  await expectNoAxeViolations(page);
  await screenshots(page, 'questions');

  // Alerts: the inbox marks it unread; opening it reads it; a note too long is refused beside the field.
  await menu.getByRole('link', { name: /^Alerts/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(alert.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).getByTestId('unread')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: alert.summary }).click();
  await expect(page).toHaveURL(new RegExp(`/alerts/${alert.id}$`));
  await expect(page.getByTestId('alert-summary')).toHaveText(alert.summary);
  await expect(page.getByText('Score in the previous round')).toBeVisible();
  await expect(page.getByRole('img', { name: /Line chart of/ })).toHaveAttribute('data-rendered', 'true');
  await page.getByLabel('Note').fill('x'.repeat(1001));
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.locator('#note-error')).toContainText('1000');
  await expect(page.getByLabel('Note')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('alert-status')).toHaveText('open');
  await page.getByLabel('Note').fill('Raised with both chief executives');
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByTestId('alert-status')).toHaveText('acknowledged');
  await expect(page.getByTestId('alert-note')).toHaveText('Raised with both chief executives');
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resolve' })).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'alert');
  const stored = await ok<{ status: string; note: string }>(world.lead.http.get(`${API}/alerts/${alert.id}`));
  expect(stored).toMatchObject({ status: 'acknowledged', note: 'Raised with both chief executives' });

  // Resolved with a note once the joint session has taken place: no buttons left, and the API agrees.
  await page.getByLabel('Note').fill('Joint session held; actions agreed');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('alert-status')).toHaveText('resolved');
  await expect(page.getByTestId('alert-note')).toHaveText('Joint session held; actions agreed');
  await expect(page.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect(await ok<{ status: string; note: string }>(world.lead.http.get(`${API}/alerts/${alert.id}`))).toMatchObject({ status: 'resolved', note: 'Joint session held; actions agreed' });
});

test('an analyst reads the dashboard without write buttons, and the API refuses the writes', async ({ page }) => {
  const alert = await rhiDropAlert();
  const analyst = await invitedAccount('analyst', [{ role: 'analyst', footprintId: world.footprintId }]);
  await signIn(page, analyst.email, analyst.password);
  const menu = page.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByRole('link', { name: 'Footprints' })).toBeVisible();
  // Administration holds the alert rules an analyst may read (admin.spec.ts checks they are read-only).
  await expect(menu.getByRole('link', { name: 'Administration' })).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}`);
  await expect(page.getByRole('heading', { name: 'Latest scores: 2026-Q2' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(`/footprints/${world.footprintId}/questions`);
  await expect(page.getByRole('heading', { name: 'Every question' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Free-text answers' })).toHaveCount(0);
  expect((await analyst.http.get(`${API}/rounds/${rounds[0]!.id}/free-text`)).status()).toBe(403);

  await page.goto(`/alerts/${alert.id}`);
  await expect(page.getByTestId('alert-summary')).toHaveText(alert.summary);
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await expect(page.getByLabel('Note')).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect((await analyst.http.post(`${API}/alerts/${alert.id}/resolve`, { data: {} })).status()).toBe(403);
});

test('a submitter sees only their invitations, no dashboard, and the API refuses its figures', async ({ page }) => {
  const submitter = await invitedAccount('submitter', [{ role: 'org_submitter', organisationId: world.members[0]!.id }]);
  await signIn(page, submitter.email, submitter.password);
  const menu = page.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByRole('link', { name: 'Invitations' })).toBeVisible();
  await expect(menu.getByRole('link')).toHaveCount(1);
  await page.goto(`/footprints/${world.footprintId}`);
  await expect(page.getByText('This footprint could not be found, or you may not read it.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect((await submitter.http.get(`${API}/footprints/${world.footprintId}/scores`)).status()).toBe(403);
  expect((await submitter.http.get(`${API}/me/alerts`)).status()).toBe(200);
});
