import type { Page } from '@playwright/test';
import { randomBytes, randomInt } from 'node:crypto';
import { expect, expectNoAxeViolations, screenshots, signIn, stack, test } from './support/fixtures';
import { API, asAdmin, invitedAccount, ok, type Organisation, partnership } from './support/partnership';

/** The problem is in the error summary, linked to its field, and beside the field, which is marked invalid. */
async function expectFieldError(page: Page, field: string, message: string | RegExp): Promise<void> {
  await expect(page.getByRole('alert').getByRole('link', { name: message })).toBeVisible();
  await expect(page.locator(`#${field}-error`)).toContainText(message);
  await expect(page.locator(`#${field}`)).toHaveAttribute('aria-invalid', 'true');
}

const councilCode = () => `E06${String(randomInt(1e6)).padStart(6, '0')}`;

test.describe('Administration pages', () => {
  // Long journeys through many pages, each checked with axe, on a machine often shared.
  test.describe.configure({ timeout: 600_000 });

  test('a platform admin invites a user, grants and revokes roles, and creates an API key shown once with a copy button', async ({ page, context }) => {
    const world = await partnership(2);
    await signIn(page, stack.admin.email, stack.admin.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
    for (const section of ['Users and roles', 'API keys', 'Footprint members', 'Alert rules', 'Webhooks', 'Instruments', 'Audit log']) await expect(page.getByRole('link', { name: section })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-index');

    // Invite: errors beside the fields, first the form's own, then the API's.
    await page.getByRole('link', { name: 'Users and roles' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Invite a user' }).click();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectFieldError(page, 'email', 'Enter their email address');
    await expectFieldError(page, 'displayName', 'Enter their name');
    await expect(page).toHaveTitle(/^Error: Invite a user/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByLabel('Name').fill('Alex Analyst');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectFieldError(page, 'email', /Email address must be an email/);

    const email = `analyst-${randomBytes(4).toString('hex')}@web-tests.pulse.local`;
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Analyst').check();
    await page.getByLabel('Footprint the role is for').selectOption(world.footprintId);
    await screenshots(page, 'admin-invite');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${email} is invited` })).toBeVisible();
    await expect(page.getByTestId('invitation-link')).toContainText('/account/accept-invitation#');
    await expectNoAxeViolations(page);

    // Grant: a lead's role needs a footprint, which the API names beside the field; then grant, revoke and disable.
    await page.getByRole('link', { name: `Go to ${email}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alex Analyst' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Roles of Alex Analyst' })).toContainText('Analyst, Cheshire and Merseyside');
    await page.getByLabel('Partnership lead').check();
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expectFieldError(page, 'footprintId', /Footprint the role is for must be a UUID/);
    await page.getByLabel('Footprint the role is for').selectOption(world.footprintId);
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expect(page.getByRole('table', { name: 'Roles of Alex Analyst' })).toContainText('Partnership lead, Cheshire and Merseyside');
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-user');
    await page.getByRole('button', { name: 'Revoke Analyst, Cheshire and Merseyside' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Revoked: Analyst, Cheshire and Merseyside.' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Roles of Alex Analyst' })).not.toContainText('Analyst, Cheshire');
    await expect(page.getByText('They have not accepted their invitation yet')).toBeVisible();
    const admin = await asAdmin();
    const [invited] = (await ok<{ items: { status: string; grants: { role: string }[] }[] }>(admin.http.get(`${API}/users?email=${encodeURIComponent(email)}`))).items;
    expect(invited).toMatchObject({ status: 'invited', grants: [{ role: 'footprint_lead' }] });

    // Disabling someone who has signed up signs them out at once.
    const submitter = await invitedAccount('submitter', []);
    const [active] = (await ok<{ items: { id: string }[] }>(admin.http.get(`${API}/users?email=${encodeURIComponent(submitter.email)}`))).items;
    await page.goto(`/admin/users/${active!.id}`);
    await page.getByRole('button', { name: 'Disable user' }).click();
    await expect(page.getByRole('button', { name: 'Re-enable user' })).toBeVisible();
    expect((await submitter.http.get(`${API}/me`)).status()).toBe(401);

    // API key: shown once with a copy button; the key works; after a reload it is gone.
    await page.goto('/admin/api-keys');
    await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expectFieldError(page, 'name', 'Enter a name for the key');
    // Checkboxes carry their error on the fieldset (the NHS.UK pattern), so no box is marked invalid.
    await expect(page.getByRole('alert').getByRole('link', { name: 'Select at least one footprint' })).toBeVisible();
    await expect(page.locator('#footprintIds-error')).toContainText('Select at least one footprint');
    await page.getByLabel('Name', { exact: true }).fill('Power BI board pack');
    await page.getByRole('group', { name: 'Footprints it reads' }).getByLabel('Cheshire and Merseyside').first().check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(key).toMatch(/^pp_/);
    await expect(page.getByText('You will not see this key again')).toBeVisible();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await page.getByRole('button', { name: 'Copy key' }).click();
    await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-api-key-created');
    const me = await page.request.get(`${API}/me`, { headers: { 'X-API-Key': key } });
    expect(me.status()).toBe(200);
    await page.reload();
    await expect(page.getByRole('table', { name: 'API keys' })).toContainText('Power BI board pack');
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);
    expect(await page.content()).not.toContain(key);
  });

  test('a platform admin grants a submitter role to an organisation found by typing part of its name, and the pages name it', async ({ page }) => {
    // One of thousands in a real registry: found by the API's search, never from a list of them all.
    const admin = await asAdmin();
    const tag = randomBytes(3).toString('hex');
    const name = `Zennor Surgery ${tag}`;
    const practice = await ok<Organisation>(admin.http.post(`${API}/organisations`, { data: { code: `Y${String(randomInt(1e5)).padStart(5, '0')}`, name, type: 'gp_practice' } }));
    const manager = await invitedAccount('practice-manager', []);
    const [user] = (await ok<{ items: { id: string }[] }>(admin.http.get(`${API}/users?email=${encodeURIComponent(manager.email)}`))).items;
    await signIn(page, stack.admin.email, stack.admin.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto(`/admin/users/${user!.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'practice-manager' })).toBeVisible();
    await page.getByLabel('Submitter').check();
    const field = page.getByRole('combobox', { name: 'Organisation the role is for' });
    await expect(field).toHaveAccessibleDescription(/Type part of its name or its ODS or ONS code/);

    // Nothing chosen: the API's problem is beside the field, which names it.
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expectFieldError(page, 'organisationId', /Organisation the role is for must be a UUID/);
    await expect(field).toHaveAccessibleDescription(/must be a UUID/);
    await expectNoAxeViolations(page);

    // Typed in another case, part of the name lists it with its code; the keyboard chooses it.
    await field.pressSequentially(`surgery ${tag.toUpperCase()}`);
    const option = page.getByRole('option', { name: `${name} ${practice.code}` });
    await expect(option).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-organisation-picker');
    await field.press('ArrowDown');
    await expect(option).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(field).toHaveValue(`${name} (${practice.code})`);
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expect(page.getByRole('table', { name: 'Roles of practice-manager' })).toContainText(`Submitter, ${name} (${practice.code})`);
    await expect(page.getByRole('status').filter({ hasText: `Granted` })).toContainText(name);
    await expectNoAxeViolations(page);
    const [granted] = (await ok<{ items: { grants: { role: string; organisationId: string | null }[] }[] }>(admin.http.get(`${API}/users?email=${encodeURIComponent(manager.email)}`))).items;
    expect(granted!.grants).toEqual([expect.objectContaining({ role: 'org_submitter', organisationId: practice.id })]);

    // The users' list names the organisation too.
    await page.goto(`/admin/users?email=${encodeURIComponent(manager.email)}`);
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(`Submitter, ${name} (${practice.code})`);
  });

  test('a platform admin reads members on a date, imports members with a bad row named, tunes an alert rule, and reads webhooks, instruments and the audit log', async ({ page }) => {
    const world = await partnership(2);
    const admin = await asAdmin();
    await signIn(page, stack.admin.email, stack.admin.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    // Members on a date, then an import whose bad row is named and which imports nothing.
    await page.goto(`/admin/members?footprint=${world.footprintId}`);
    const members = page.getByRole('table', { name: /^Members of Cheshire and Merseyside on / });
    for (const member of world.members) await expect(members).toContainText(member.code);
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-members');

    // Add a member found by typing its code (in lower case); the field is empty again afterwards.
    const practice = await ok<Organisation>(admin.http.post(`${API}/organisations`, { data: { code: `Y${String(randomInt(1e5)).padStart(5, '0')}`, name: `Tregony Practice ${randomBytes(3).toString('hex')}`, type: 'gp_practice' } }));
    const organisationField = page.getByRole('combobox', { name: 'Organisation' });
    await organisationField.pressSequentially(practice.code.toLowerCase());
    await page.getByRole('option', { name: `${practice.name} ${practice.code}` }).click();
    await expect(organisationField).toHaveValue(`${practice.name} (${practice.code})`);
    await page.getByLabel('Member from').fill('2020-04-01');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${practice.name} is a member.` })).toBeVisible();
    await expect(members).toContainText(practice.code);
    await expect(organisationField).toHaveValue('');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Import members from a CSV file' }).click();
    await page.getByRole('button', { name: 'Import members' }).click();
    await expectFieldError(page, 'file', 'Select a CSV file');
    const good = councilCode();
    const header = 'code,code_system,name,organisation_type,member_from,member_to';
    await page.getByLabel('Members file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good},ons,Knowsley Council,unitary_authority,2021-04-01,\n${councilCode()},ons,St Helens Council,unitary_authority,2021-02-30,\n`) });
    await page.getByRole('button', { name: 'Import members' }).click();
    await expectFieldError(page, 'file', /Nothing was imported: correct the rows listed/);
    const rowProblems = page.getByRole('table', { name: 'Rows with problems' });
    await expect(rowProblems.getByRole('row').nth(1)).toContainText('2');
    await expect(rowProblems).toContainText('member_from');
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-import-errors');
    const afterBad = await ok<{ items: { organisation: { code: string } }[] }>(admin.http.get(`${API}/footprints/${world.footprintId}/members`));
    expect(afterBad.items.map((m) => m.organisation.code)).not.toContain(good);

    await page.getByLabel('Members file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good},ons,Knowsley Council,unitary_authority,2021-04-01,\n`) });
    await page.getByRole('button', { name: 'Import members' }).click();
    await expect(page.getByRole('heading', { name: 'The file is imported' })).toBeVisible();
    await expect(page.getByText('1 created, 0 updated, 0 unchanged').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'See the members' }).click();
    await expect(members).toContainText(good);

    // Alert rules: the API's range is named beside the threshold.
    await page.goto(`/admin/alert-rules?footprint=${world.footprintId}`);
    const threshold = page.locator('#rhi_drop-threshold');
    await threshold.fill('500');
    await page.getByRole('button', { name: /^Save rule The Relationship Health Index drops/ }).click();
    await expectFieldError(page, 'rhi_drop-threshold', /Threshold must be/);
    await threshold.fill('8');
    await page.locator('#rhi_drop-severity').selectOption('warning');
    await page.getByRole('button', { name: /^Save rule The Relationship Health Index drops/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: The Relationship Health Index/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-alert-rules');
    const rules = await ok<{ items: { kind: string; threshold: number; severity: string }[] }>(admin.http.get(`${API}/footprints/${world.footprintId}/alert-rules`));
    expect(rules.items.find((rule) => rule.kind === 'rhi_drop')).toMatchObject({ threshold: 8, severity: 'warning' });

    // Webhooks: the API's refusal of the address is named beside it.
    await page.goto(`/admin/webhooks?footprint=${world.footprintId}`);
    await expect(page.getByText('This footprint has no webhook endpoints.')).toBeVisible();
    await page.getByLabel('Address (URL)').fill('ftp://hooks.example.org/pulse');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expectFieldError(page, 'url', 'Address (URL) must be an https:// URL');
    await expectNoAxeViolations(page);

    // Instruments: the versions, and the API's validation of an instrument pasted as JSON, field by field.
    await page.goto('/admin/instruments');
    await expect(page.getByRole('table', { name: 'Instrument versions, oldest first' })).toContainText('Default');
    await page.getByLabel('Instrument (JSON)').fill('{"key": "board-pulse", ');
    await page.getByRole('button', { name: 'Create instrument' }).click();
    await expectFieldError(page, 'definition', /The text is not valid JSON/);
    await page.getByLabel('Instrument (JSON)').fill(JSON.stringify({ key: 'Board Pulse', name: 'Board pulse', dimensions: [], questions: [] }));
    await page.getByRole('button', { name: 'Create instrument' }).click();
    const refused = page.getByRole('table', { name: 'What the API refused' });
    await expect(refused).toContainText('key');
    await expect(refused).toContainText('questions');
    await expect(page.locator('#definition-error')).toContainText('questions');
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-instruments-errors');

    // The audit log shows what was done here, filtered; a malformed filter is named beside its field.
    await page.goto('/admin/audit');
    await page.getByLabel('Action').fill('alert_rule.update');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByRole('table', { name: /^Audit log entries/ })).toContainText(stack.admin.email);
    await expectNoAxeViolations(page);
    await screenshots(page, 'admin-audit');
    await page.getByLabel('Action').fill('not an action');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expectFieldError(page, 'action', /must look like entity\.verb/);
  });

  test('a lead sees only their footprint’s tasks and an analyst reads without write buttons; the user pages refuse both, and so does the API', async ({ page }) => {
    const world = await partnership(1);
    const analyst = await invitedAccount('analyst', [{ role: 'analyst', footprintId: world.footprintId }]);

    await signIn(page, world.lead.email, world.lead.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto('/admin');
    for (const section of ['API keys', 'Footprint members', 'Alert rules', 'Audit log']) await expect(page.getByRole('link', { name: section })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Users and roles' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Instruments' })).toHaveCount(0);
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'You cannot use this page' })).toBeVisible();
    await expectNoAxeViolations(page);
    expect((await world.lead.http.get(`${API}/users`)).status()).toBe(403);
    await page.goto('/admin/members');
    await expect(page.getByRole('table', { name: /^Members of / })).toContainText(world.members[0]!.code);
    await expect(page.getByRole('link', { name: 'Import members from a CSV file' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Add a member' })).toHaveCount(0);
    await page.goto('/admin/members/import');
    await expect(page.getByRole('heading', { level: 1, name: 'You cannot use this page' })).toBeVisible();
    const csv = await world.lead.http.post(`${API}/footprints/${world.footprintId}/members/import`, { headers: { 'Content-Type': 'text/csv' }, data: `code,code_system,name,organisation_type,member_from,member_to\n${councilCode()},ons,X,unitary_authority,2021-04-01,\n` });
    expect(csv.status()).toBe(403);
    await page.goto('/admin/api-keys');
    await expect(page.getByRole('heading', { name: 'Create an API key' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, analyst.email, analyst.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto('/admin');
    await expect(page.getByRole('link', { name: 'Alert rules' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'API keys' })).toHaveCount(0);
    await page.goto('/admin/alert-rules');
    await expect(page.getByRole('table', { name: /^Alert rules of / })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Save rule/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
    const rules = await ok<{ items: { id: string }[] }>(analyst.http.get(`${API}/footprints/${world.footprintId}/alert-rules`));
    expect((await analyst.http.patch(`${API}/alert-rules/${rules.items[0]!.id}`, { data: { enabled: false } })).status()).toBe(403);
    for (const path of ['/admin/users', '/admin/api-keys', '/admin/audit']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'You cannot use this page' })).toBeVisible();
    }
    expect((await analyst.http.get(`${API}/api-keys`)).status()).toBe(403);
  });
});
