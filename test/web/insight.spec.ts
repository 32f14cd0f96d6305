import { readFileSync } from 'node:fs';
import { expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { API, invitedAccount, ok, type Partnership, partnership, type Round, scoredRound } from './support/partnership';

const ACTION = 'Joint discharge workshop for the council and the trust';
const UPDATE = 'Workshop booked for both executive teams';

/**
 * Insight of #18 in the web app: the key drivers of a scored round and the action plans a lead
 * records against what the figures show. Two rounds answered through respondent links and scored
 * by the real worker: a good quarter, then a worse one whose answers vary item by item (so the
 * dimensions and questions move apart, as key drivers need) and which raises an RHI-drop alert.
 */
test.describe.configure({ mode: 'serial' });

let world: Partnership;
let rounds: Round[];

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  world = await partnership(3);
  rounds = [
    await scoredRound(world, { period: '2026-Q1', level: 3 }),
    await scoredRound(world, { period: '2026-Q2', level: 2, itemOffset: (respondent, item) => (((respondent * 11 + item * 5 + respondent * item * 7) % 9) - 4) / 4 }),
  ];
});

test('a lead reads the key drivers of the latest round', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, world.lead.email, world.lead.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' }).click();
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}$`));

  // Key drivers: every dimension's correlation, CI, share and class, in the chart and its table.
  await page.getByRole('navigation', { name: 'Footprint' }).getByRole('link', { name: 'Key drivers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Key drivers' })).toBeVisible();
  await expect(page.getByLabel('Round')).toHaveValue(rounds[1]!.id);
  const api = await ok<{ items: { kind: string; key: string; correlation: { r: number | null }; importance: { share: number | null; class: string | null } }[] }>(
    world.lead.http.get(`${API}/rounds/${rounds[1]!.id}/drivers`),
  );
  const dimensions = api.items.filter((d) => d.kind === 'dimension');
  expect(dimensions.length).toBeGreaterThan(0);
  const table = page.getByRole('table', { name: 'Dimensions as drivers of the overall relationship, 2026-Q2' });
  await expect(table.getByRole('row')).toHaveCount(1 + dimensions.length);
  const trust = dimensions.find((d) => d.key === 'trust')!;
  await expect(table.getByRole('row', { name: /^Trust/ })).toContainText(trust.correlation.r!.toFixed(2));
  await expect(table.getByRole('row', { name: /^Trust/ })).toContainText(`${Math.round(trust.importance.share! * 100)}%`);
  await expect(table.getByTestId('driver-class').first()).toBeVisible();
  await expect(page.getByRole('img', { name: /Dot chart of/ }).first()).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('thresholds')).toContainText('at least an equal share: 20% with 5 dimensions');

  // Its CSV is the BI export of the same drivers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download CSV Dimensions as drivers/ }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toContain('relative_weight');
  expect(csv).toHaveLength(1 + dimensions.length);

  // The earlier round by keyboard: the round list and its button.
  await page.getByLabel('Round').focus();
  await page.keyboard.press('Home');
  await page.getByLabel('Round').selectOption({ label: '2026-Q1' });
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Show' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`round=${rounds[0]!.id}`));
  await expect(page.getByRole('table', { name: /2026-Q1$/ }).first()).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}/drivers`);
  await expect(page.getByRole('img', { name: /Dot chart of/ }).first()).toHaveAttribute('data-rendered', 'true');
  await expectNoAxeViolations(page);
  await screenshots(page, 'drivers');
});

async function rhiDropAlert(): Promise<{ id: string; summary: string }> {
  const alerts = await ok<{ items: { id: string; kind: string; summary: string }[] }>(world.lead.http.get(`${API}/footprints/${world.footprintId}/alerts?limit=100`));
  const alert = alerts.items.find((a) => a.kind === 'rhi_drop');
  expect(alert, JSON.stringify(alerts.items.map((a) => a.kind))).toBeDefined();
  return alert!;
}

test('a lead records an action from an alert, adds an update and finds it in the list', async ({ page }) => {
  test.setTimeout(300_000);
  const alert = await rhiDropAlert();
  await signIn(page, world.lead.email, world.lead.password);
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' })).toBeVisible();
  await page.goto(`/alerts/${alert.id}`);
  await expect(page.getByTestId('alert-summary')).toHaveText(alert.summary);
  await page.getByTestId('record-action').click();

  // The form knows what the action is about; problems are named beside their fields.
  await expect(page.getByRole('heading', { level: 1, name: 'Record an action' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Alert: / })).toBeVisible();
  await page.getByRole('button', { name: 'Record the action' }).click();
  await expect(page.locator('#action-owner-error')).toContainText('Choose the organisation');
  await expect(page.locator('#action-due-error')).toContainText('Enter the due date');
  await page.getByLabel('Owner organisation').selectOption({ label: world.members[0]!.name });
  await page.getByLabel('What will be done').fill('x'.repeat(2001));
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
  await page.getByLabel('Due date').fill(yesterday);
  await page.getByRole('button', { name: 'Record the action' }).click();
  await expect(page.locator('#action-description-error')).toContainText('description');
  await expect(page.getByLabel('What will be done')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#action-owner-error')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByLabel('What will be done').fill(ACTION);
  await page.getByRole('button', { name: 'Record the action' }).click();

  // The action's page: due yesterday, so overdue; no later round yet to judge it by.
  await expect(page.getByTestId('action-description')).toHaveText(ACTION);
  await expect(page.getByTestId('action-status')).toHaveText('Planned');
  await expect(page.getByTestId('overdue')).toHaveText('Overdue');
  await expect(page.getByTestId('no-outcomes')).toBeVisible();

  // An update moving it to "in progress", by keyboard.
  await page.getByLabel('What happened').fill(UPDATE);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
  await page.getByLabel('Status', { exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add the update' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-status')).toHaveText('In progress');
  await expect(page.getByTestId('updates')).toContainText(UPDATE);
  await expect(page.getByTestId('updates')).toContainText('Planned → In progress');

  // A later round is scored: the action's figure before and after, and the change in words.
  const later = await scoredRound(world, { period: '2026-Q3', level: 3 });
  await page.reload();
  const actionId = new URL(page.url()).pathname.split('/').pop();
  const detail = await ok<{ outcomes: { after: { period: string }; change: { delta: number; significant: boolean } | null }[] }>(world.lead.http.get(`${API}/actions/${actionId}`));
  expect(detail.outcomes.map((o) => o.after.period)).toEqual([later.period]);
  const change = detail.outcomes[0]!.change!;
  const words = !change.significant ? 'No significant change' : change.delta > 0 ? 'Improved significantly' : 'Worsened significantly';
  const outcomes = page.getByRole('table', { name: 'The linked figure before the action and in each round since' });
  await expect(outcomes.getByRole('row', { name: /^2026-Q3/ }).getByTestId('outcome')).toHaveText(words);
  await expectNoAxeViolations(page);
  await screenshots(page, 'action');

  // The list: the action, in progress and overdue, under the status filter; the in-app reminder names it.
  await page.getByRole('navigation', { name: 'Footprint' }).getByRole('link', { name: 'Actions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
  await expect(page.getByTestId('overdue-reminder')).toContainText(ACTION);
  await page.getByLabel('Status').selectOption({ label: 'In progress' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=in_progress/);
  const row = page.getByRole('row', { name: new RegExp(ACTION) });
  await expect(row.getByTestId('action-status')).toHaveText('In progress');
  await expect(row.getByTestId('overdue')).toBeVisible();
  // Its CSV is the BI export of the same actions.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download CSV Actions of this footprint/ }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toContain('description');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(ACTION);
  await page.getByLabel('Status').selectOption({ label: 'Done' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('no-actions')).toBeVisible();
  await expectNoAxeViolations(page);
  const stored = await ok<{ items: { description: string; status: string; overdue: boolean }[] }>(world.lead.http.get(`${API}/footprints/${world.footprintId}/actions`));
  expect(stored.items).toEqual([expect.objectContaining({ description: ACTION, status: 'in_progress', overdue: true })]);
});

test('an analyst reads drivers and actions without write buttons, and the API refuses the writes', async ({ page }) => {
  const analyst = await invitedAccount('analyst', [{ role: 'analyst', footprintId: world.footprintId }]);
  await signIn(page, analyst.email, analyst.password);
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' })).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}/drivers?round=${rounds[1]!.id}`);
  await expect(page.getByRole('table', { name: 'Dimensions as drivers of the overall relationship, 2026-Q2' })).toBeVisible();

  await page.goto(`/footprints/${world.footprintId}/actions`);
  await page.getByRole('link', { name: ACTION }).click();
  await expect(page.getByTestId('action-description')).toHaveText(ACTION);
  await expect(page.getByTestId('updates')).toContainText(UPDATE);
  await expect(page.getByRole('button', { name: 'Add the update' })).toHaveCount(0);
  await expect(page.getByLabel('What happened')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.goto(`/footprints/${world.footprintId}/actions`);
  await expect(page.getByRole('link', { name: ACTION })).toBeVisible();
  await expect(page.getByTestId('record-action')).toHaveCount(0);
  await page.goto(`/alerts/${(await rhiDropAlert()).id}`);
  await expect(page.getByTestId('alert-summary')).toBeVisible();
  await expect(page.getByTestId('record-action')).toHaveCount(0);
  const actions = await ok<{ items: { id: string }[] }>(analyst.http.get(`${API}/footprints/${world.footprintId}/actions`));
  expect((await analyst.http.post(`${API}/actions/${actions.items[0]!.id}/updates`, { data: { note: 'x' } })).status()).toBe(403);
  expect((await analyst.http.post(`${API}/footprints/${world.footprintId}/actions`, { data: { linkKind: 'dimension', dimension: 'trust', ownerOrganisationId: world.members[0]!.id, description: 'x', dueOn: '2027-01-01' } })).status()).toBe(403);
});
