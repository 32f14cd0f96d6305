import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { type Page, request } from '@playwright/test';
import { expect, expectNoAxeViolations, screenshots, signIn, stack, test } from './support/fixtures';
import { API, invitedAccount, ok, partnership, round } from './support/partnership';

/** The messages the SMTP catcher received for one address, once there are at least `count`. */
async function mailTo(address: string, count = 1): Promise<{ subject: string; text: string }[]> {
  const catcher = process.env.PP_WEB_MAIL_URL;
  if (!catcher) throw new Error('PP_WEB_MAIL_URL is not set: run the browser tests with `npm test`, which starts the SMTP catcher');
  for (let waited = 0; ; waited += 200) {
    const messages = (await (await fetch(`${catcher}/messages?to=${encodeURIComponent(address)}`)).json()) as { subject: string; text: string }[];
    if (messages.length >= count) return messages;
    if (waited > 30_000) throw new Error(`${address} received ${messages.length} of ${count} messages`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const ITEMS = ['trust_commitments', 'trust_openness', 'purpose_shared_goals', 'purpose_joint_working', 'involvement_equal_partner', 'communication_information', 'communication_problem_solving'];
const PARTNER_ITEMS = ['partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving'];
const ANSWERS: Record<string, string> = {
  ...Object.fromEntries(ITEMS.map((key) => [key, 'agree'])),
  trust_nhs_council: 'reasonable',
  involvement_decisions: 'moderate',
  delivery_progress: 'some',
  delivery_integration_likelihood: 'likely',
  delivery_relations_change: 'better',
};
const PARTNER_ANSWERS: Record<string, string> = { partner_overall: 'good', ...Object.fromEntries(PARTNER_ITEMS.map((key) => [key, 'agree'])), partner_closer_links: 'yes' };

/** An offline upload: one row per respondent of `organisationCode`, rating the partner `partnerCode`, each row with its role. */
function uploadCsv(organisationCode: string, partnerCode: string, roles: readonly string[]): string {
  const partnerColumns = Object.keys(PARTNER_ANSWERS).map((key) => `${key}:${partnerCode}`);
  const header = ['organisation', 'respondent_role', ...Object.keys(ANSWERS), ...partnerColumns];
  const rows = roles.map((role) => [organisationCode, role, ...Object.values(ANSWERS), ...Object.values(PARTNER_ANSWERS)]);
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

test.describe('Rounds', () => {
  test.describe.configure({ timeout: 600_000 });

  test('a lead creates and opens a round, issues and emails links, watches a response arrive, reminds, uploads offline responses and closes it', async ({ page }) => {
    const world = await partnership(2);
    const [a, b] = world.members as [(typeof world.members)[0], (typeof world.members)[0]];
    const submitter = await invitedAccount('submitter', [{ role: 'org_submitter', organisationId: a.id }]);

    await signIn(page, world.lead.email, world.lead.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto(`/footprints/${world.footprintId}/rounds`);
    await expect(page.getByRole('heading', { level: 1, name: 'Rounds of Cheshire and Merseyside' })).toBeVisible();
    await expect(page.getByText('This footprint has no rounds yet.')).toBeVisible();
    await expect(page.getByText('No quarterly schedule: rounds are created by hand.')).toBeVisible();
    await expectNoAxeViolations(page);

    // The quarterly schedule: a bad day is named beside its field, then it is saved.
    await page.getByLabel('Opening day').fill('31');
    await button(page, 'Save schedule').click();
    await expect(page.locator('#schedule-open-day-error')).toContainText('Enter a day from 1 to 28');
    await page.getByLabel('Opening day').fill('2');
    await button(page, 'Save schedule').click();
    await expect(page.getByText('The schedule is saved.')).toBeVisible();
    await expect(page.getByText("Day 2 of the quarter's first month")).toBeVisible();
    expect((await ok<{ openDay: number }>(world.lead.http.get(`${API}/footprints/${world.footprintId}/round-schedule`))).openDay).toBe(2);

    // A quarter the API cannot have is named beside the field, before anything is sent; then the round is created.
    await page.getByLabel('Quarter', { exact: true }).fill('2026-Q5');
    await button(page, 'Create round').click();
    await expect(page.locator('#round-period-error')).toContainText('Enter the quarter as YYYY-Q1 to YYYY-Q4');
    await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
    await expectNoAxeViolations(page);
    await screenshots(page, 'rounds-list-errors');
    await page.getByLabel('Quarter', { exact: true }).fill('2026-Q3');
    await button(page, 'Create round').click();
    await expect(page).toHaveURL(/\/rounds\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1, name: /Round 2026-Q3/ })).toContainText('Draft');
    await expectNoAxeViolations(page);

    // A second round for the same quarter: the API's refusal sits beside the quarter.
    await page.getByRole('link', { name: 'All rounds of the footprint' }).click();
    await expect(page.getByRole('row', { name: /2026-Q3/ })).toContainText('Draft');
    await page.getByLabel('Quarter', { exact: true }).fill('2026-Q3');
    await button(page, 'Create round').click();
    await expect(page.locator('#round-period-error')).toContainText('period already has a round in this footprint');
    await page.getByRole('row', { name: /2026-Q3/ }).getByRole('link', { name: '2026-Q3' }).click();

    await button(page, 'Open the round').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');
    const rowOf = (name: string) => page.getByRole('table', { name: 'Respondents by organisation' }).getByRole('row', { name: new RegExp(name) });
    await expect(rowOf(b.name).getByRole('cell').first()).toHaveText('0');

    // Links for one organisation as a CSV download: two rows, each a /pulse#token link.
    await page.locator('#links-organisation').selectOption(b.id);
    await page.getByLabel('Number of links').fill('2');
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Download links').click()]);
    expect(download.suggestedFilename()).toBe(`respondent-links-2026-Q3-${b.code}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('link_id,organisation_id,url,expires_at');
    expect(csv).toHaveLength(3);
    const urls = csv.slice(1).map((line) => line.split(',')[2]!);
    for (const url of urls) expect(new URL(url).pathname).toBe('/pulse');
    await expect(page.getByText('2 links downloaded')).toBeVisible();

    // A respondent answers through the first link; the page shows it without being reloaded.
    const respondent = await request.newContext({ baseURL: stack.url });
    await ok(respondent.post(`${API}/pulse/responses`, { headers: { 'X-Pulse-Token': decodeURIComponent(new URL(urls[0]!).hash.slice(1)) }, data: { respondentRole: 'finance', answers: ANSWERS, partnerRatings: { [a.id]: PARTNER_ANSWERS } } }));
    await respondent.dispose();
    await expect(rowOf(b.name).getByRole('cell').first()).toHaveText('1');
    await expect(page.getByTestId('rates-overall')).toContainText('from 1 of 2 organisations');

    // Remind: both organisations are short of respondents; the submitter of one is emailed.
    await button(page, 'Remind organisations').click();
    await expect(page.getByText('Reminders sent to 2 organisation(s).')).toBeVisible();
    // The submitter's mail also holds their account invitation and the round's opening: wait for the reminder itself.
    const isReminder = (mail: { subject: string }) => mail.subject.startsWith('[Partnership Pulse] Reminder');
    await expect.poll(async () => (await mailTo(submitter.email)).filter(isReminder).length, { timeout: 60_000 }).toBe(1);
    expect((await mailTo(submitter.email)).find(isReminder)?.text).toContain(`${a.name} is invited to answer it`);

    // Links emailed to a pasted list: a line that is not an address is named beside the field.
    const addresses = [`r1-${randomBytes(4).toString('hex')}@web-tests.pulse.local`, `r2-${randomBytes(4).toString('hex')}@web-tests.pulse.local`];
    await page.locator('#email-organisation').selectOption(a.id);
    await page.getByLabel('Email addresses').fill(`${addresses[0]}\nBob at Halton`);
    await button(page, 'Email links').click();
    await expect(page.locator('#email-addresses-error')).toContainText('“Bob” is not an email address');
    await page.getByLabel('Email addresses').fill(addresses.join(',\n'));
    await button(page, 'Email links').click();
    await expect(page.getByText('2 links emailed.')).toBeVisible();
    await expect(page.getByLabel('Email addresses')).toHaveValue('');
    for (const address of addresses) {
      const [mail] = await mailTo(address);
      expect(mail?.text).toMatch(/^https?:\/\/[^/]+\/pulse#\S+$/m);
    }

    // An offline upload with a bad second row: nothing is imported, and the report names the row and column.
    const bad = uploadCsv(a.code, b.code, ['finance', 'wizard']);
    await page.getByLabel('CSV file').setInputFiles({ name: 'offline.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await button(page, 'Upload responses').click();
    const report = page.getByRole('table', { name: 'Nothing was imported: the problems, row by row' });
    await expect(report.getByRole('row', { name: /Row 2/ })).toContainText('respondent_role');
    await expect(report.getByRole('row')).toHaveCount(2);
    await expect(rowOf(a.name).getByRole('cell').first()).toHaveText('0');
    await expectNoAxeViolations(page);
    await screenshots(page, 'round-open');
    await page.getByLabel('CSV file').setInputFiles({ name: 'offline.csv', mimeType: 'text/csv', buffer: Buffer.from(uploadCsv(a.code, b.code, ['finance', 'public_health'])) });
    await button(page, 'Upload responses').click();
    await expect(page.getByText('2 responses imported.')).toBeVisible();
    await expect(rowOf(a.name).getByRole('cell').first()).toHaveText('2');

    // Closing cannot be undone, so it asks first: cancelled, the round stays open; confirmed, it closes.
    await button(page, 'Close the round now').click();
    await expect(page.getByRole('heading', { name: 'Close the round for every organisation?' })).toBeVisible();
    await expectNoAxeViolations(page);
    await button(page, 'Cancel').click();
    await expect(page.getByRole('heading', { name: 'Close the round for every organisation?' })).toHaveCount(0);
    expect((await ok<{ status: string }>(world.lead.http.get(`${API}/rounds/${roundId}`))).status).toBe('open');
    await button(page, 'Close the round now').click();
    await button(page, 'Yes, close the round').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Closed');
    await expect(button(page, 'Remind organisations')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Respondent links' })).toHaveCount(0);
    await expect(page.getByTestId('rates-overall')).toContainText('from 2 of 2 organisations');
    await expectNoAxeViolations(page);
    await expect.poll(async () => (await ok<{ status: string }>(world.lead.http.get(`${API}/rounds/${roundId}`))).status).toMatch(/^(closed|scored)$/);
  });

  test('an analyst reads rounds and response rates with no button that changes them, and the API refuses the changes', async ({ page }) => {
    const world = await partnership(1);
    const open = await round(world);
    const analyst = await invitedAccount('analyst', [{ role: 'analyst', footprintId: world.footprintId }]);

    await signIn(page, analyst.email, analyst.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto(`/footprints/${world.footprintId}/rounds`);
    await expect(page.getByRole('row', { name: /2026-Q3/ })).toContainText('Open');
    await expect(page.getByRole('heading', { name: 'Quarterly schedule' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create a round' })).toHaveCount(0);
    await expect(button(page, 'Save schedule')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'rounds-list-analyst');

    await page.getByRole('link', { name: '2026-Q3' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');
    await expect(page.getByRole('table', { name: 'Respondents by organisation' })).toBeVisible();
    for (const name of ['Close the round now', 'Remind organisations', 'Download links', 'Email links', 'Upload responses']) await expect(button(page, name)).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'round-analyst');

    const refused = async (call: Promise<import('@playwright/test').APIResponse>) => expect((await call).status()).toBe(403);
    await refused(analyst.http.post(`${API}/rounds/${open.id}/close`));
    await refused(analyst.http.post(`${API}/rounds/${open.id}/reminders`));
    await refused(analyst.http.post(`${API}/rounds/${open.id}/links`, { data: { organisationId: world.members[0]!.id } }));
    await refused(analyst.http.post(`${API}/rounds/${open.id}/links/emails`, { data: { organisationId: world.members[0]!.id, emails: ['someone@web-tests.pulse.local'] } }));
    await refused(analyst.http.post(`${API}/footprints/${world.footprintId}/rounds`, { data: { period: '2026-Q4', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() } }));
    expect((await ok<{ status: string }>(world.lead.http.get(`${API}/rounds/${open.id}`))).status).toBe('open');
  });

  test('someone who leads one footprint and is an analyst on another may change only the first one\'s rounds, on the page as in the API', async ({ page }) => {
    const led = await partnership(1);
    const analysed = await partnership(1);
    const open = await round(analysed);
    const both = await invitedAccount('lead-and-analyst', [
      { role: 'footprint_lead', footprintId: led.footprintId },
      { role: 'analyst', footprintId: analysed.footprintId },
    ]);

    await signIn(page, both.email, both.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto(`/footprints/${led.footprintId}/rounds`);
    await expect(page.getByRole('heading', { name: 'Create a round' })).toBeVisible();
    await page.goto(`/footprints/${analysed.footprintId}/rounds`);
    await expect(page.getByRole('heading', { name: 'Quarterly schedule' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create a round' })).toHaveCount(0);
    await expect(button(page, 'Save schedule')).toHaveCount(0);
    await page.getByRole('link', { name: '2026-Q3' }).click();
    await expect(page.getByRole('table', { name: 'Respondents by organisation' })).toBeVisible();
    for (const name of ['Close the round now', 'Remind organisations', 'Download links']) await expect(button(page, name)).toHaveCount(0);
    await expectNoAxeViolations(page);
    expect((await both.http.post(`${API}/rounds/${open.id}/close`)).status()).toBe(403);
  });
});
