import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { apiRequestsOfReload, expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { API, asAdmin, ok, type Organisation, type Partnership, partnership, scoredRound } from './support/partnership';

type CsvRow = Record<string, string>;

/** A table's body as text, cell by cell (a link's visually hidden words included, as a screen reader reads them). */
async function tableCells(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((td) => (td.textContent ?? '').trim())));
}

/** A "Download CSV" link's file, parsed. */
async function downloadCsv(page: Page, link: Locator): Promise<CsvRow[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return parse(await readFile(await download.path(), 'utf8'), { columns: true }) as CsvRow[];
}

const figureOf = (row: CsvRow) => (row.suppressed === 'true' ? 'withheld' : Number(row.mean).toFixed(1));
const tableFigure = (cell: string) => /^\d+\.\d/.exec(cell)?.[0] ?? (/^fewer than \d+ responses/.test(cell) ? 'withheld' : null);

/**
 * The page's chart: its CSV downloaded through its "Download CSV" link, and its table alternative's
 * figures, each written `period|series|figure` (a mean to one decimal, or `withheld`).
 */
async function chartFigures(page: Page, series: (row: CsvRow) => string, columns: readonly string[]): Promise<{ csv: string[]; table: string[]; rows: CsvRow[] }> {
  const figure = page.locator('figure.pp-chart-figure');
  const rows = await downloadCsv(page, figure.getByRole('link', { name: /^Download CSV/ }));
  const csv = rows.map((row) => `${row.period}|${series(row)}|${figureOf(row)}`);
  await figure.locator('summary').click();
  const table = (await tableCells(figure.getByRole('table'))).flatMap(([period, ...values]) =>
    values.flatMap((cell, i) => {
      const figure = tableFigure(cell);
      return figure ? [`${period}|${columns[i]}|${figure}`] : [];
    }),
  );
  return { csv: csv.sort(), table: table.sort(), rows };
}

/** Three councils and, so the pages have two sector groups, a GP practice (NHS): world.members in that order. */
async function councilsAndPractice(): Promise<Partnership> {
  const world = await partnership(3);
  const { http } = await asAdmin();
  const practice = await ok<Organisation>(http.post(`${API}/organisations`, { data: { code: `N${String(randomInt(1e5)).padStart(5, '0')}`, name: 'Heswall Medical Centre', type: 'gp_practice' } }));
  await ok(http.post(`${API}/footprints/${world.footprintId}/members`, { data: { organisationId: practice.id, memberFrom: '2020-04-01', memberTo: null } }));
  world.members.push(practice);
  return world;
}

/**
 * The Relationships pages (#17) on a partnership answered through respondent links and scored by
 * the real worker: three councils and a GP practice, over two rounds, with one council of only two
 * respondents, so its ratings of the others stay behind the gate (k = 5).
 */
test('a lead goes from the overview to the heatmap, opens a tie with the keyboard, and reads the network, sector pairs and an organisation', async ({ page }) => {
  // Two rounds answered and scored by the worker before the browser starts: minutes on a busy machine.
  test.setTimeout(420_000);
  const world = await councilsAndPractice();
  await scoredRound(world, { period: '2026-Q1', respondents: [6, 5, 2, 5], level: 3 });
  await scoredRound(world, { period: '2026-Q2', respondents: [6, 5, 2, 5], level: 2 });
  const [halton, warrington, cheshireEast] = world.members as [Organisation, Organisation, Organisation];

  // What the API publishes is what the page must show: Halton → Warrington above the gate, Cheshire East's ratings withheld.
  const dyads = await ok<{ anonymityThreshold: number; items: { subject: string; suppressed: boolean; mean: number | null; respondents: number | null }[] }>(
    world.lead.http.get(`${API}/footprints/${world.footprintId}/scores?scope=dyad&limit=500`),
  );
  const shown = dyads.items.find((s) => s.subject === `${halton.id}>${warrington.id}`)!;
  expect(shown.suppressed).toBe(false);
  expect(dyads.items.find((s) => s.subject === `${cheshireEast.id}>${halton.id}`)!.suppressed).toBe(true);

  await signIn(page, world.lead.email, world.lead.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' }).click();
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}$`));
  const sections = page.getByRole('navigation', { name: 'Footprint' });
  await sections.getByRole('link', { name: 'Relationships' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Relationships' })).toBeVisible();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'heatmap');

  // Opened directly, the heatmap reads its ties once, early (early-reads.ts), and only the columns it draws.
  const requests = await apiRequestsOfReload(page, () => expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible());
  const ties = requests.filter((url) => url.startsWith('/api/v1/bi/scores?'));
  expect(ties).toHaveLength(1);
  expect(new URL(ties[0]!, 'http://x').searchParams.get('columns')).toBe('organisation_id,partner_organisation_id,respondents,mean,band');
  expect(requests.filter((url, i) => requests.indexOf(url) !== i)).toEqual([]);

  // Keyboard: Tab from the round picker reaches the heatmap; the arrows move, the status says where; Enter opens the tie.
  await page.getByLabel('Round').focus();
  await page.keyboard.press('Tab');
  const heatmap = page.getByRole('group', { name: /^Heatmap of ties/ });
  await expect(heatmap).toBeFocused();
  const status = page.locator('.pp-chart-keyboard__status');
  // Rows and columns: the GP practice (NHS) first, then the councils by name: Cheshire East, Halton, Warrington.
  await expect(status).toHaveText(/^Heswall Medical Centre → Cheshire East Council: /);
  await page.keyboard.press('ArrowDown');
  await expect(status).toHaveText(`Cheshire East Council → Cheshire East Council: the same organisation`);
  await page.keyboard.press('ArrowRight');
  await expect(status).toHaveText(`Cheshire East Council → Halton Borough Council: fewer than ${dyads.anonymityThreshold} responses`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(status).toHaveText(new RegExp(`^Halton Borough Council → Warrington Borough Council: ${shown.mean!.toFixed(1)}, (Strong|Moderate|Concern), ${shown.respondents} respondents$`));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}/ties/${halton.id}/${warrington.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Halton Borough Council → Warrington Borough Council' })).toBeVisible();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  await expect(page.getByText(shown.mean!.toFixed(1)).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'tie-history');
  // The tie's CSV holds exactly its chart: this tie both ways, round by round, no other dyad.
  const forward = `${halton.code}>${warrington.code}`;
  const backward = `${warrington.code}>${halton.code}`;
  const tie = await chartFigures(page, (row) => (row.subject === forward ? 'forward' : row.subject === backward ? 'reverse' : `another dyad ${row.subject}`), ['forward', 'reverse']);
  expect(tie.rows.length).toBeGreaterThanOrEqual(2);
  expect(tie.csv).toEqual(tie.table);

  // The network map, and its table alternative read with the keyboard.
  await sections.getByRole('link', { name: 'Network map' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Network map' })).toBeVisible();
  await expect(page.locator('.pp-network[data-rendered=true]')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'network');
  const summary = page.locator('summary', { hasText: /^Show Network of ties/ });
  await summary.focus();
  await page.keyboard.press('Enter');
  const table = page.getByRole('table', { name: /^Network of ties/ });
  await expect(table).toBeVisible();
  // Cheshire East's trust given comes from two respondents: withheld, in words.
  await expect(table.getByRole('row', { name: /Cheshire East Council/ })).toContainText(`fewer than ${dyads.anonymityThreshold} responses`);
  // The table's scroll box comes first (it takes focus so a phone user can scroll it with keys), then its first link.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: /^Network of ties/ })).toBeFocused();
  await page.keyboard.press('Tab');
  const first = table.getByRole('link').first();
  await expect(first).toBeFocused();
  const name = await first.textContent();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}/organisations/`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) })).toBeVisible();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'organisation');
  // The organisation's CSV: its own index and the trust it receives and gives, nothing of any other member.
  const organisationId = new URL(page.url()).pathname.split('/').pop();
  const trend = await chartFigures(page, (row) => (row.organisation_id === organisationId ? row.measure : `another organisation ${row.organisation_code}`), ['rhi', 'trust_received', 'trust_given']);
  expect(trend.rows.length).toBeGreaterThanOrEqual(3);
  expect(trend.csv).toEqual(trend.table);

  // Every tie of the four members (withheld ones too, drawn without weight); filtered to the NHS, the GP practice's ties only.
  await sections.getByRole('link', { name: 'Network map' }).click();
  await expect(page.getByRole('img', { name: /^Network map of 4 organisations and 12 ties/ })).toBeVisible();
  await page.getByLabel('Sector').selectOption('nhs');
  await expect(page.getByRole('img', { name: /^Network map of 4 organisations and 6 ties/ })).toBeVisible();

  await sections.getByRole('link', { name: 'Sector pairs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sector pairs' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'NHS ↔ local government perception gap' })).toBeVisible();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshots(page, 'sector-pairs');
});

/**
 * What the gate withholds, as a reader meets it: on a network map whose ties are mostly of concern
 * (a poor quarter, level 1) with one council of two respondents, the ties table (read with the
 * keyboard) names a tie of concern and says "fewer than k responses" for the withheld ones, and each
 * table's CSV holds exactly its rows under the sector filter; on the questions page, a round of four
 * respondents (k = 5) lists every question as "fewer than 5 responses" rather than an empty chart.
 */
test('the network map lists its ties (a tie of concern, withheld ones in words) with CSVs of exactly the filtered tables; a question withheld overall is said so', async ({ page }) => {
  test.setTimeout(420_000);
  const world = await councilsAndPractice();
  const practice = world.members[3]!;
  const small = await scoredRound(world, { period: '2026-Q1', respondents: [2, 2, 0, 0] });
  await scoredRound(world, { period: '2026-Q2', respondents: [6, 5, 2, 5], level: 1 });
  const k = 5;

  // The API's ties of the round: at least one of concern shown, and withheld ones, so the page has both to say.
  const names = new Map(world.members.map((m) => [m.id, m.name]));
  const dyads = await ok<{ items: { subject: string; suppressed: boolean; band: string | null }[] }>(world.lead.http.get(`${API}/footprints/${world.footprintId}/scores?scope=dyad&limit=500`));
  const concern = dyads.items.find((s) => !s.suppressed && s.band === 'concern' && s.subject.split('>').includes(practice.id));
  expect(concern, JSON.stringify(dyads.items)).toBeDefined();
  expect(dyads.items.some((s) => s.suppressed)).toBe(true);
  const [concernRater, concernRated] = concern!.subject.split('>').map((id) => names.get(id)!) as [string, string];

  await signIn(page, world.lead.email, world.lead.password);
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' })).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}/network`);
  await expect(page.locator('.pp-network[data-rendered=true]')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Key' }).getByText(`trust received from fewer than ${k} responses`)).toBeVisible();
  // Filtered to the NHS: the GP practice's ties both ways, and the three councils at their other ends.
  await page.getByLabel('Sector').selectOption('nhs');
  await expect(page.getByRole('img', { name: /^Network map of 4 organisations and 6 ties/ })).toBeVisible();

  // The ties table, with the keyboard: its summary opens it, then its scroll box and its first link take focus.
  const summary = page.locator('summary', { hasText: /^Show Ties drawn on the map/ });
  await summary.focus();
  await page.keyboard.press('Enter');
  const ties = page.getByRole('table', { name: /^Ties drawn on the map, 2026-Q2/ });
  await expect(ties).toBeVisible();
  await expect(ties.locator('tbody tr')).toHaveCount(6);
  await expect(ties.getByRole('row', { name: new RegExp(`^${concernRater} ${concernRated}`) })).toContainText('Yes, of concern');
  await expect(ties.getByRole('row', { name: new RegExp(`^Cheshire East Council ${practice.name}`) })).toContainText(`fewer than ${k} responses`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: /^Ties drawn on the map/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(ties.getByRole('link').first()).toBeFocused();
  await page.getByText(/^Show Network of ties/).click();
  await expectNoAxeViolations(page);
  await screenshots(page, 'network-ties');

  // The ties' CSV is exactly the filtered table: the same six ties, figures and bands, no other.
  const tieRows = await downloadCsv(page, page.getByRole('link', { name: 'Download CSV Ties drawn on the map, 2026-Q2' }));
  const tiesCsv = tieRows.map((row) => `${row.organisation_name} → ${row.partner_organisation_name}|${figureOf(row)}|${row.band ?? ''}`).sort();
  const tiesTable = (await tableCells(ties)).map(([rater, rated, score, band]) => `${rater} → ${rated!.replace(/ \(.*\)$/, '')}|${tableFigure(score!)}|${band!.toLowerCase()}`).sort();
  expect(tiesCsv).toHaveLength(6);
  expect(tiesCsv).toEqual(tiesTable);
  // Back to every sector: the whole round's twelve ties, in the table and the CSV alike.
  await page.getByLabel('Sector').selectOption('');
  await expect(ties.locator('tbody tr')).toHaveCount(12);
  const everyTie = (await downloadCsv(page, page.getByRole('link', { name: 'Download CSV Ties drawn on the map, 2026-Q2' }))).map((row) => `${row.organisation_name} → ${row.partner_organisation_name}|${figureOf(row)}`).sort();
  expect(everyTie).toEqual((await tableCells(ties)).map(([rater, rated, score]) => `${rater} → ${rated!.replace(/ \(.*\)$/, '')}|${tableFigure(score!)}`).sort());
  await page.getByLabel('Sector').selectOption('nhs');
  await expect(ties.locator('tbody tr')).toHaveCount(6);

  // The members' CSV: the trust received and given of the members drawn, withheld ones withheld, nothing else.
  const members = page.getByRole('table', { name: /^Network of ties, 2026-Q2/ });
  const memberRows = await downloadCsv(page, page.getByRole('link', { name: 'Download CSV Network of ties, 2026-Q2' }));
  const membersCsv = memberRows.map((row) => `${row.organisation_name}|${row.measure}|${figureOf(row)}`).sort();
  const membersTable = (await tableCells(members))
    .flatMap(([name, , received, , given]) => [
      [`${name}|trust_received`, tableFigure(received!)],
      [`${name}|trust_given`, tableFigure(given!)],
    ])
    .filter(([, figure]) => figure !== null)
    .map(([what, figure]) => `${what}|${figure}`)
    .sort();
  expect(membersTable.some((row) => row.endsWith('|withheld'))).toBe(true);
  expect(membersCsv).toEqual(membersTable);

  // Questions: in the round of four respondents every question is withheld overall, and says so in the chart's table.
  await page.goto(`/footprints/${world.footprintId}/questions?round=${small.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Questions' })).toBeVisible();
  const overall = page.getByRole('img', { name: /Stacked bar chart/ }).last();
  await expect(overall).toHaveAttribute('data-rendered', 'true');
  await page.getByText('Show Answers to every question, 2026-Q1 as a table').click();
  const questions = page.getByRole('table', { name: 'Answers to every question, 2026-Q1' });
  const rows = await tableCells(questions);
  expect(rows.length).toBeGreaterThan(0);
  for (const [, figure] of rows) expect(figure).toBe(`fewer than ${k} responses`);
  // Its CSV holds the same questions, each withheld.
  const distributionRows = await downloadCsv(page, page.getByRole('link', { name: 'Download CSV Answers to every question, 2026-Q1' }));
  expect(distributionRows.every((row) => row.suppressed === 'true')).toBe(true);
  expect(new Set(distributionRows.map((row) => row.question_key)).size).toBe(rows.length);
  await expectNoAxeViolations(page);
  await screenshots(page, 'questions-withheld');
});

/** A UK calendar date `days` from today, as the registry keeps membership dates. */
function ukDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 24 * 3600_000));
}

/**
 * Each round is drawn with its own members (#31): those that were members on any day it was open,
 * whether or not they are now. An earlier round keeps an organisation that has left since (its
 * membership ended yesterday), and leaves out one that joined after it (in three days' time), which
 * the later round has instead; today's members are neither set.
 */
test("each round's heatmap draws that round's members: one who has left since, not one who joined later", async ({ page }) => {
  test.setTimeout(420_000);
  const world = await partnership(2);
  const [halton, warrington] = world.members as [Organisation, Organisation];
  const { http } = await asAdmin();
  const member = async (name: string, memberFrom: string, memberTo: string | null) => {
    const organisation = await ok<Organisation>(http.post(`${API}/organisations`, { data: { code: `E06${String(randomInt(1e6)).padStart(6, '0')}`, name, type: 'unitary_authority' } }));
    await ok(http.post(`${API}/footprints/${world.footprintId}/members`, { data: { organisationId: organisation.id, memberFrom, memberTo } }));
    return organisation;
  };
  const leaver = await member('Wirral Council', '2020-04-01', ukDate(-1));
  const joiner = await member('Sefton Council', ukDate(3), null);
  // The earlier round opened two months ago and closes tomorrow: the leaver was a member then, the joiner not yet.
  world.members = [halton, warrington, leaver];
  const earlier = await scoredRound(world, { period: '2026-Q1', respondents: [5, 5, 5], opensInHours: -60 * 24, closesInHours: 24 });
  // The later one opens in five days, after the leaver left and the joiner joined (a round may open early; it must close after now).
  world.members = [halton, warrington, joiner];
  await scoredRound(world, { period: '2026-Q2', respondents: [5, 5, 5], opensInHours: 5 * 24, closesInHours: 12 * 24 });

  await signIn(page, world.lead.email, world.lead.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto(`/footprints/${world.footprintId}/relationships?period=2026-Q1`);
  // The list of the round's member organisations under the heatmap.
  const members = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Halton Borough Council', exact: true }) });
  const drawn = async () => (await members.getByRole('link').allTextContents()).sort();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  expect(await drawn()).toEqual(['Halton Borough Council', 'Warrington Borough Council', 'Wirral Council']);
  await expect(page.getByRole('img', { name: /^Heatmap of the ties between 3 member organisations/ })).toBeVisible();
  // The leaver's ratings are figures of the round, not an unrated row: its table holds no "not rated" tie.
  const figure = page.locator('figure.pp-chart-figure');
  await figure.locator('summary').click();
  const leaverRow = figure.getByRole('row').filter({ hasText: /^Wirral Council/ }).filter({ hasText: 'Halton Borough Council' });
  await expect(leaverRow).toContainText(/\d+\.\d/);
  await expectNoAxeViolations(page);

  // Opened directly, the round's members are read once, for its dates, early (early-reads.ts) as its ties are.
  const requests = await apiRequestsOfReload(page, () => expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible());
  const memberReads = requests.filter((url) => url.startsWith(`/api/v1/footprints/${world.footprintId}/members`));
  expect(memberReads).toEqual([`/api/v1/footprints/${world.footprintId}/members?from=${earlier.opensOn}&to=${earlier.closesOn}&limit=500`]);
  expect(requests.filter((url, i) => requests.indexOf(url) !== i)).toEqual([]);

  // The leaver's own page and its tie, reached from this round, name it.
  await members.getByRole('link', { name: 'Wirral Council', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/organisations/${leaver.id}\\?period=2026-Q1$`));
  await expect(page.getByRole('heading', { level: 1, name: /^Wirral Council/ })).toBeVisible();
  await expect(page.getByText('This organisation is not a member of this footprint.')).toHaveCount(0);
  await page.getByRole('link', { name: /\(Wirral Council → Halton Borough Council\)/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wirral Council → Halton Borough Council' })).toBeVisible();
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();

  // The latest round: the joiner, not the leaver.
  await page.goto(`/footprints/${world.footprintId}/relationships`);
  await expect(page.locator('.pp-chart[data-rendered=true]')).toBeVisible();
  expect(await drawn()).toEqual(['Halton Borough Council', 'Sefton Council', 'Warrington Borough Council']);
  // And back to the earlier one with the round picker.
  await page.getByLabel('Round').selectOption('2026-Q1');
  await expect(members.getByRole('link', { name: 'Wirral Council', exact: true })).toBeVisible();
  expect(await drawn()).toEqual(['Halton Borough Council', 'Warrington Borough Council', 'Wirral Council']);
});
