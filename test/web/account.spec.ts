import type { APIRequestContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { expect, expectNoAxeViolations, screenshots, signIn, stack, test } from './support/fixtures';

/** The messages the SMTP catcher (scripts/mail-catcher.mjs) received for one address, newest first. */
async function mailTo(address: string, count = 1): Promise<{ subject: string; text: string; html: string | null }[]> {
  const catcher = process.env.PP_WEB_MAIL_URL;
  if (!catcher) throw new Error('PP_WEB_MAIL_URL is not set: run the browser tests with `npm test`, which starts the SMTP catcher');
  for (let waited = 0; ; waited += 200) {
    const messages = (await (await fetch(`${catcher}/messages?to=${encodeURIComponent(address)}`)).json()) as { subject: string; text: string; html: string | null }[];
    if (messages.length >= count) return messages;
    if (waited > 15_000) throw new Error(`${address} received ${messages.length} of ${count} messages`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** The page a message links to (its path and #token), checked to be the same link in its plain text and HTML parts. */
function pageLinkedFrom(message: { text: string; html: string | null }, page: string): string {
  const url = message.text.split('\n').find((line) => new RegExp(`^https?://[^/]+/${page}`).test(line.trim()))?.trim();
  if (!url) throw new Error(`no link to /${page} in:\n${message.text}`);
  expect(message.html).toContain(`href="${url.replaceAll('&', '&amp;')}"`);
  const { pathname, hash } = new URL(url);
  return `${pathname}${hash}`;
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const login = await request.post('/api/v1/auth/login', { data: { email: stack.admin.email, password: stack.admin.password } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/** An admin invites a new user through the API, as the admin pages will; returns the address. */
async function invite(request: APIRequestContext, name: string): Promise<string> {
  const email = `${name}-${randomBytes(4).toString('hex')}@web-tests.pulse.local`;
  const res = await request.post('/api/v1/users/invitations', {
    headers: { Authorization: `Bearer ${await adminToken(request)}` },
    data: { email, displayName: name, grants: [] },
  });
  expect(res.status()).toBe(201);
  return email;
}

/** An invited user who has set a password through the emailed link, as the first test walks through in detail. */
async function newAccount(page: Page, name: string): Promise<{ email: string; password: string }> {
  const email = await invite(page.request, name);
  const password = `first-${randomBytes(8).toString('hex')}`;
  await page.goto(pageLinkedFrom((await mailTo(email))[0]!, 'account/accept-invitation#'));
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account is ready' })).toBeVisible();
  return { email, password };
}

async function expectFieldError(page: Page, field: string, message: string): Promise<void> {
  await expect(page.getByRole('alert').getByRole('link', { name: message })).toBeVisible();
  await expect(page.locator(`#${field}-error`)).toContainText(message);
  await expect(page.locator(`#${field}`)).toHaveAttribute('aria-invalid', 'true');
}

test.describe('Account pages', () => {
  test('an invited user follows the emailed link, sets a password with errors beside the fields, and signs in; the link then works no more', async ({ page }) => {
    const email = await invite(page.request, 'invitee');
    const [invitation] = await mailTo(email);
    const link = pageLinkedFrom(invitation!, 'account/accept-invitation#');

    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'Set up your account' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'account-accept-invitation');

    await page.getByRole('button', { name: 'Create account' }).click();
    await expectFieldError(page, 'password', 'Enter a new password');
    await expectFieldError(page, 'confirm', 'Confirm your new password');
    await expect(page).toHaveTitle(/^Error: Set up your account/);
    await expectNoAxeViolations(page);

    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Confirm new password').fill('different');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectFieldError(page, 'password', 'Password must be 12 characters or more');
    await expectFieldError(page, 'confirm', 'The passwords do not match');

    const password = `accept-${randomBytes(8).toString('hex')}`;
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account is ready' })).toBeVisible();
    await expectNoAxeViolations(page);

    await signIn(page, email, password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    // The same link again: the API refuses the used token, and the page says so.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation link cannot be used' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('a link without its token says the link is incomplete', async ({ page }) => {
    for (const path of ['/account/accept-invitation', '/account/reset-password']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'This link is incomplete' })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });

  test('a forgotten password is reset from the emailed link, and the old password stops working', async ({ page }) => {
    const { email, password: first } = await newAccount(page, 'forgetful');

    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expectFieldError(page, 'email', 'Enter your email address');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
    await expectNoAxeViolations(page);

    const messages = await mailTo(email, 2);
    const reset = messages.find((message) => /reset-password#/.test(message.text));
    await page.goto(pageLinkedFrom(reset!, 'account/reset-password#'));
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'account-reset-password');
    const second = `second-${randomBytes(8).toString('hex')}`;
    await page.getByLabel('New password', { exact: true }).fill(second);
    await page.getByLabel('Confirm new password').fill(second);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();

    await signIn(page, email, first);
    await expect(page.locator('#email-error')).toContainText('The email address or password is not right');
    await signIn(page, email, second);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
  });

  test('a signed-in user changes their password, with a wrong current password shown beside its field, and stays signed in', async ({ page }) => {
    const { email, password: first } = await newAccount(page, 'changer');
    await signIn(page, email, first);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    await page.getByRole('link', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Change your password' })).toBeVisible();
    await expectNoAxeViolations(page);
    const second = `second-${randomBytes(8).toString('hex')}`;
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill(second);
    await page.getByLabel('Confirm new password').fill(second);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expectFieldError(page, 'currentPassword', 'Your current password is not right');
    await expectNoAxeViolations(page);

    await page.getByLabel('Current password').fill(first);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
    // This session carries on with the fresh pair the API returned.
    await page.reload();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, email, second);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
  });
});
