import { expect, expectNoAxeViolations, screenshots, signIn, stack, test } from './support/fixtures';

test.describe('Sign in and the shared layout', () => {
  test('the sign-in page passes axe, and shows errors beside the fields with the error summary', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Partnership Pulse');
    await expectNoAxeViolations(page);
    await screenshots(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('There is a problem');
    await expect(summary.getByRole('link', { name: 'Enter your email address' })).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Enter your password' })).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-describedby', 'email-error');
    await expect(page.locator('#email-error')).toContainText('Enter your email address');
    await expect(page).toHaveTitle(/^Error: Sign in/);
    await expectNoAxeViolations(page);
    await screenshots(page, 'sign-in-errors');

    // The API's answer to a wrong password, beside the email field.
    await page.getByLabel('Email address').fill(stack.admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#email-error')).toContainText('The email address or password is not right');
  });

  test('an admin created at the API\'s first start signs in and sees the signed-in layout', async ({ page }) => {
    await signIn(page, stack.admin.email, stack.admin.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('signed-in-as')).toContainText(stack.admin.email);
    // An admin answers no pulse: administration in the menu, no invitations.
    await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Administration' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Invitations' })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'home-signed-in');

    // Still signed in after a reload (the session is kept), and signed out on request.
    await page.reload();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  });

  test('the language switch turns the page Welsh, sets <html lang>, and is remembered after a reload', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Cymraeg' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mewngofnodi');
    await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mewngofnodi');
    await expect(page.getByLabel('Cyfeiriad e-bost')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
    await expectNoAxeViolations(page);
    await screenshots(page, 'sign-in-welsh');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  });

  test('an unknown address shows the not-found page; a signed-in route sends to sign-in and back', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found – Partnership Pulse');
    await expectNoAxeViolations(page);
    await screenshots(page, 'not-found');

    await page.goto('/rounds/0b7e6c52-7bb4-4d2a-9a61-1f2c1cf3d3a1');
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByLabel('Email address').fill(stack.admin.email);
    await page.getByLabel('Password').fill(stack.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/rounds\/0b7e6c52-7bb4-4d2a-9a61-1f2c1cf3d3a1$/);
    // Back on the round's page, which says this round cannot be found (the id is made up).
    await expect(page.getByText('This round cannot be found, or you cannot see it.')).toBeVisible();
  });

  test('an expired access token is refreshed silently; a revoked session returns to sign-in', async ({ page }) => {
    const session = () => page.evaluate(() => JSON.parse(localStorage.getItem('pp.session') ?? 'null') as { accessToken: string; refreshToken: string } | null);
    await signIn(page, stack.admin.email, stack.admin.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    const first = await session();
    expect(first).not.toBeNull();

    // An access token the API refuses, as an expired one is: the next call refreshes and carries on.
    await page.evaluate(() => localStorage.setItem('pp.session', JSON.stringify({ ...JSON.parse(localStorage.getItem('pp.session')!), accessToken: 'expired' })));
    await page.reload();
    await expect(page.getByTestId('signed-in-as')).toContainText(stack.admin.email);
    const refreshed = await session();
    expect(refreshed?.refreshToken).not.toBe(first?.refreshToken);
    expect(refreshed?.accessToken).not.toBe('expired');

    // The session revoked on the server (signed out elsewhere): the page goes back to sign-in.
    const logout = await page.request.post('/api/v1/auth/logout', { data: { refreshToken: refreshed?.refreshToken } });
    expect(logout.status()).toBe(204);
    await page.evaluate(() => localStorage.setItem('pp.session', JSON.stringify({ ...JSON.parse(localStorage.getItem('pp.session')!), accessToken: 'expired' })));
    await page.goto('/invitations');
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await session()).toBeNull();
  });
});
