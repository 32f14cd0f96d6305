import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expect, expectNoAxeViolations, SCREENSHOT_DIR, screenshots, signIn, stack, test } from './support/fixtures';
import { API, invitedAccount, issueLinks, ok, partnership, respondentsOf, round } from './support/partnership';

/** The radio groups on the page, by name, in order. */
async function radioGroups(page: Page): Promise<string[]> {
  return page.locator('main input[type=radio]').evaluateAll((inputs) => [...new Set(inputs.map((input) => (input as HTMLInputElement).name))]);
}

/** Picks the `index`-th option (clamped to the last real one before "Don't know") of every radio group whose name starts with `prefix`. */
async function answerGroups(page: Page, prefix: string, index: number): Promise<number> {
  const names = (await radioGroups(page)).filter((name) => name.startsWith(prefix));
  for (const name of names) {
    const options = page.locator(`input[type=radio][name="${name}"]:not([value="dont_know"])`);
    const count = await options.count();
    await options.nth(Math.min(index, count - 1)).check();
  }
  return names.length;
}

const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue', exact: true });

/** Presses Tab until the focused element matches `selector` (keyboard only: no clicks). */
async function tabTo(page: Page, selector: string, max = 300): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/**
 * How the focused element shows its focus: the NHS.UK focus style is a yellow background with a
 * dark underline (links, buttons: a box shadow), a box shadow or outline (inputs), or, for radios,
 * a box shadow on the label's ::before circle. Empty when nothing shows.
 */
async function focusIndicator(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const shown = (style: CSSStyleDeclaration) =>
      [style.boxShadow !== 'none' && `box-shadow ${style.boxShadow}`, style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0 && `outline ${style.outlineWidth}`]
        .filter(Boolean)
        .join('; ');
    const own = shown(getComputedStyle(element));
    if (own) return own;
    const label = element.matches('input[type=radio], input[type=checkbox]') ? document.querySelector(`label[for="${element.id}"]`) : null;
    return label ? shown(getComputedStyle(label, '::before')) : '';
  });
}

test.describe('The respondent pulse', () => {
  // Long journeys on a shared two-core machine: minutes, not the default two.
  test.describe.configure({ timeout: 600_000 });

  test('a link a lead issued is opened, answered with validation, checked, changed, sent, and counted in the response rates', async ({ page }) => {
    const world = await partnership(3);
    const [a, b, c] = world.members as [(typeof world.members)[0], (typeof world.members)[0], (typeof world.members)[0]];
    const pulse = await round(world);
    const [link, second] = await issueLinks(world, pulse.id, b.id, { count: 2 });

    await page.goto(link!);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
    await expect(page.getByTestId('pulse-progress')).toHaveText(/^Section 1 of 3/);
    await expect(page.getByTestId('pulse-round')).toContainText(`You are answering for ${b.name} in the ${pulse.period} round of the Relationship Health Pulse.`);
    await expect(page.getByTestId('pulse-round')).toContainText('Answers are taken until');
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-about');

    // Nothing chosen: the error summary takes focus, the error sits beside its field, its link moves focus there.
    await continueButton(page).click();
    const summary = page.locator('.nhsuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('alert')).toContainText('There is a problem');
    await expect(page.locator('#respondent-role-error')).toContainText('Select your role');
    await expect(page).toHaveTitle(/^Error: About you/);
    await expectNoAxeViolations(page);
    await summary.getByRole('link', { name: 'Select your role' }).click();
    await expect(page.locator('#respondent-role')).toBeFocused();
    await page.getByRole('group', { name: /What is your role\?/ }).getByLabel('Finance', { exact: true }).check();
    await continueButton(page).click();

    await expect(page.getByRole('heading', { level: 1, name: 'The partnership' })).toBeVisible();
    await expect(page.getByTestId('pulse-progress')).toHaveText(/^Section 2 of 3/);
    await continueButton(page).click();
    // Every required question (the instrument's `required`) is named; the optional ones are not.
    await expect(summary.getByRole('link', { name: 'Select an answer: Partners deliver on what they commit to.' })).toBeVisible();
    await expect(page.locator('#q-trust_commitments-error')).toContainText('Select an answer');
    await expect(page.locator('#q-main_barrier-error')).toHaveCount(0);
    await expect(page.locator('#q-comments-error')).toHaveCount(0);
    const required = await summary.getByRole('link').count();
    expect(required).toBe(12);
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-errors');
    await summary.getByRole('link', { name: 'Select an answer: Partners deliver on what they commit to.' }).click();
    await expect(page.locator('#q-trust_commitments')).toBeFocused();

    // "Don't know" where the instrument allows it, not where it doesn't.
    await expect(page.getByRole('group', { name: /Partners deliver on what they commit to/ }).getByLabel("Don't know")).toBeVisible();
    await expect(page.getByRole('group', { name: /How involved is your organisation/ }).getByLabel("Don't know")).toHaveCount(0);
    await answerGroups(page, 'q-', 3);
    await page.getByRole('group', { name: /Partners are open about difficulties/ }).getByLabel("Don't know").check();
    await page.getByLabel('Anything else you would like the partnership leads to know? (optional)').fill('Better than last quarter');

    // Closing the tab loses nothing: the answers so far come back from this browser.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
    await expect(page.getByLabel('Finance', { exact: true })).toBeChecked();
    await continueButton(page).click();
    await expect(page.getByLabel('Anything else you would like the partnership leads to know? (optional)')).toHaveValue('Better than last quarter');
    await continueButton(page).click();

    // The partner grid: a fieldset per partner organisation, a radio group per partner item.
    await expect(page.getByRole('heading', { level: 1, name: 'Your partners' })).toBeVisible();
    const partnerA = page.getByRole('group', { name: a.name, exact: true });
    const partnerC = page.getByRole('group', { name: c.name, exact: true });
    await expect(partnerA).toBeVisible();
    await expect(partnerC).toBeVisible();
    await expect(page.getByRole('group', { name: b.name, exact: true })).toHaveCount(0);
    await expect(partnerA.getByRole('group', { name: /It is reliable/ })).toBeVisible();
    await answerGroups(page, `p-${a.id}-`, 3);
    await partnerC.getByRole('group', { name: /Overall, how is your relationship/ }).getByLabel('Good', { exact: true }).check();
    await continueButton(page).click();
    // A partner rated in part: its other items are asked for, beside their fields.
    await expect(page.locator(`[id="p-${c.id}-partner_reliable-error"]`)).toContainText(`Select an answer, or clear your answers for ${c.name}`);
    await expect(page.locator(`[id="p-${a.id}-partner_reliable-error"]`)).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-partners-errors');
    await page.getByRole('button', { name: `Clear answers for this organisation ${c.name}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your partners' })).toBeVisible();
    // Usable at 320 px: nothing wider than the screen.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
    await continueButton(page).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending them' })).toBeVisible();
    const answers = page.locator('.nhsuk-summary-list');
    await expect(answers.first()).toContainText('Finance');
    await expect(page.getByText('Better than last quarter')).toBeVisible();
    await expect(page.getByRole('region', { name: c.name })).toContainText('Not rated.');
    await expect(page.getByTestId('pulse-replaces')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-check');

    // Change the role: back to its field, then straight back to the check page.
    await page.getByRole('link', { name: 'Change What is your role?' }).click();
    await expect(page.locator('#respondent-role')).toBeFocused();
    await page.getByLabel('Public health', { exact: true }).check();
    await page.getByRole('button', { name: 'Save and check your answers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending them' })).toBeVisible();
    await expect(answers.first()).toContainText('Public health');

    expect((await respondentsOf(world, pulse.id))[b.id]).toBe(0);
    await page.getByRole('button', { name: 'Send answers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Answers sent' })).toBeVisible();
    await expect(page.locator('.nhsuk-panel')).toContainText(`Your answers count in ${b.name}'s response to the ${pulse.period} round.`);
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-sent');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('pp.pulse-draft')))).toEqual([]);
    expect(await respondentsOf(world, pulse.id)).toMatchObject({ [a.id]: 0, [b.id]: 1, [c.id]: 0 });

    // The link is used up: opening it again (from the email, in a new tab) says so.
    const again = await page.context().newPage();
    await again.goto(link!);
    await expect(again.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();
    await expectNoAxeViolations(again);
    await screenshots(again, 'pulse-link-used');
    // The other link of the pair is untouched.
    await again.goto(second!);
    await expect(again.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
  });

  test('each bad link gets a page that says which: missing, unknown, expired, and a round not open', async ({ page }) => {
    const world = await partnership(2);
    const [a] = world.members;
    const open = await round(world);
    const draft = await round(world, { open: false, period: '2026-Q4' });
    const [expiring] = await issueLinks(world, open.id, a!.id, { expiresAt: new Date(Date.now() + 1500).toISOString() });
    const [early] = await issueLinks(world, draft.id, a!.id);

    const cases: [string, string, string][] = [
      ['/pulse', 'This link is incomplete', 'pulse-link-missing'],
      ['/pulse#not-a-link-anyone-issued', 'This link is not recognised', 'pulse-link-unknown'],
      [expiring!, 'This link has expired', 'pulse-link-expired'],
      [early!, 'This round is not open', 'pulse-link-not-open'],
    ];
    await page.waitForTimeout(Math.max(0, 1600));
    for (const [path, heading, name] of cases) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page).toHaveTitle(`${heading} – Partnership Pulse`);
      await expectNoAxeViolations(page);
      await screenshots(page, name);
    }
  });

  test('the link journey can be completed with the keyboard alone (Tab, Space, Enter)', async ({ page }) => {
    const world = await partnership(2);
    const [a, b] = world.members as [(typeof world.members)[0], (typeof world.members)[0]];
    const pulse = await round(world);
    const [link] = await issueLinks(world, pulse.id, a.id);
    await page.goto(link!);
    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();

    await tabTo(page, '#respondent-role');
    expect(await focusIndicator(page), 'a focused radio shows its focus').not.toBe('');
    await page.keyboard.press('Space');
    await expect(page.locator('#respondent-role')).toBeChecked();
    await tabTo(page, 'button[type=submit]');
    expect(await focusIndicator(page), 'a focused button shows its focus').not.toBe('');
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'The partnership' })).toBeVisible();
    // Tab enters each radio group at its first option; Space chooses it. Optional questions are passed by.
    const required = ['trust_commitments', 'trust_openness', 'trust_nhs_council', 'purpose_shared_goals', 'purpose_joint_working', 'involvement_decisions', 'involvement_equal_partner', 'communication_information', 'communication_problem_solving', 'delivery_progress', 'delivery_integration_likelihood', 'delivery_relations_change'];
    for (const key of required) {
      await tabTo(page, `#q-${key}`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Your partners' })).toBeVisible();
    for (const key of ['partner_overall', 'partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving', 'partner_closer_links']) {
      await tabTo(page, `[id="p-${b.id}-${key}"]`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending them' })).toBeVisible();
    await tabTo(page, '#send-answers');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Answers sent' })).toBeVisible();
    expect((await respondentsOf(world, pulse.id))[a.id]).toBe(1);
  });

  test('at 200% zoom the form reflows: no sideways scrolling on any of its pages', async ({ browser }) => {
    // A 1280 x 900 window zoomed to 200% lays pages out in 640 x 450 CSS pixels at twice the
    // pixel density: that is what Chromium's zoom does, emulated here without the browser's chrome.
    const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const fitsWidth = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways scrolling on ${await page.title()}`).toBeLessThanOrEqual(640);
    try {
      const world = await partnership(2);
      const [a] = world.members as [(typeof world.members)[0]];
      const pulse = await round(world);
      const [link] = await issueLinks(world, pulse.id, a.id);
      await page.goto(link!);
      for (const heading of ['About you', 'The partnership', 'Your partners']) {
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
        await fitsWidth();
        if (heading === 'Your partners') await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'pulse-partners-zoom-200.png'), fullPage: true });
        await answerGroups(page, '', 0);
        await continueButton(page).click();
      }
      await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending them' })).toBeVisible();
      await fitsWidth();
      await page.getByRole('button', { name: 'Send answers' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Answers sent' })).toBeVisible();
      await fitsWidth();
    } finally {
      await context.close();
    }
  });

  test('the form in Welsh: the instrument\'s translation and the interface strings', async ({ page }) => {
    const world = await partnership(2);
    const [a] = world.members;
    const pulse = await round(world);
    const [link] = await issueLinks(world, pulse.id, a!.id);
    await page.goto(link!);
    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
    await page.getByRole('button', { name: 'Cymraeg' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Amdanoch chi' })).toBeVisible();
    await expect(page.getByTestId('pulse-progress')).toHaveText(/^Adran 1 o 3/);
    await expect(page.getByTestId('pulse-round')).toContainText('Pwls Iechyd y Berthynas');
    await page.getByLabel('Cyllid', { exact: true }).check();
    await page.getByRole('button', { name: 'Parhau' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Y bartneriaeth' })).toBeVisible();
    await expect(page.getByRole('group', { name: /Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo/ })).toBeVisible();
    await expect(page.getByText('Partners deliver on what they commit to.')).toHaveCount(0);
    await expect(page.getByLabel('Ddim yn gwybod').first()).toBeVisible();
    await page.getByRole('button', { name: 'Parhau' }).click();
    await expect(page.locator('#q-trust_commitments-error')).toContainText('Dewiswch ateb');
    await expect(page).toHaveTitle(/^Gwall: Y bartneriaeth/);
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-welsh');
  });

  test('a signed-in submitter answers their organisation\'s invitation, then answers again with their answers filled in, replacing them', async ({ page }) => {
    const world = await partnership(2);
    const [a, b] = world.members as [(typeof world.members)[0], (typeof world.members)[0]];
    const pulse = await round(world);
    const submitter = await invitedAccount('submitter', [{ role: 'org_submitter', organisationId: a.id }]);

    await signIn(page, submitter.email, submitter.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Invitations' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Your organisation's invitations" })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(pulse.period) });
    await expect(row).toContainText(a.name);
    await expect(row).toContainText('Open');
    await expectNoAxeViolations(page);
    await screenshots(page, 'invitations');
    await row.getByRole('link', { name: /Answer/ }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
    await page.getByLabel('Commissioning', { exact: true }).check();
    await continueButton(page).click();
    await answerGroups(page, 'q-', 1);
    await continueButton(page).click();
    await answerGroups(page, `p-${b.id}-`, 1);
    await continueButton(page).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending them' })).toBeVisible();
    await page.getByRole('button', { name: 'Send answers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Answers sent' })).toBeVisible();
    await expect(page.getByText('They replaced the answers you sent before.')).toHaveCount(0);
    expect((await respondentsOf(world, pulse.id))[a.id]).toBe(1);

    // Again, while the round is open: the earlier answers are filled in, and the check page says sending replaces them.
    await page.getByRole('link', { name: 'Back to your invitations' }).click();
    await page.getByRole('row', { name: new RegExp(pulse.period) }).getByRole('link', { name: /Answer/ }).click();
    await expect(page.getByLabel('Commissioning', { exact: true })).toBeChecked();
    await continueButton(page).click();
    await expect(page.locator('input[name="q-trust_commitments"][value="disagree"]')).toBeChecked();
    await page.getByRole('group', { name: /Partners deliver on what they commit to/ }).getByLabel('Strongly agree').check();
    await continueButton(page).click();
    await expect(page.locator(`input[name="p-${b.id}-partner_overall"][value="poor"]`)).toBeChecked();
    await continueButton(page).click();
    await expect(page.getByTestId('pulse-replaces')).toContainText('You answered this round on');
    await expect(page.getByText('Sending these answers replaces the ones you sent before.')).toBeVisible();
    await expect(page.locator('.nhsuk-summary-list').nth(1)).toContainText('Strongly agree');
    await expectNoAxeViolations(page);
    await screenshots(page, 'pulse-check-resubmission');
    await page.getByRole('button', { name: 'Send answers' }).click();
    await expect(page.getByText('They replaced the answers you sent before.')).toBeVisible();

    // One respondent still, whose answers are now the second ones.
    expect((await respondentsOf(world, pulse.id))[a.id]).toBe(1);
    const mine = await ok<{ revision: number; answers: Record<string, string> }>(submitter.http.get(`${API}/rounds/${pulse.id}/responses/mine`));
    expect(mine).toMatchObject({ revision: 2, answers: { trust_commitments: 'strongly_agree' } });
  });
});
