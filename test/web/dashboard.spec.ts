import { expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { API, ok, partnership, scoredRound } from './support/partnership';

/**
 * The partnership lead's dashboard (#17): a footprint's overview, its questions and its alerts, per
 * role, on data answered through respondent links and scored by the real worker.
 */
test('a lead reads the footprint overview of a scored round', async ({ page }) => {
  const world = await partnership(3);
  const scored = await scoredRound(world);
  expect(scored.status).toBe('scored');
  const scores = await ok<{ items: { scope: string; subject: string; measure: string; suppressed: boolean }[] }>(world.lead.http.get(`${API}/rounds/${scored.id}/scores`));
  // The default answers leave some figures above the gate and some withheld, which the pages must tell apart.
  expect(scores.items.some((s) => s.scope === 'footprint' && s.measure === 'rhi' && !s.suppressed)).toBe(true);
  expect(scores.items.some((s) => s.suppressed)).toBe(true);

  await signIn(page, world.lead.email, world.lead.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' }).click();
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}$`));
  await expect(page.getByRole('navigation', { name: 'Footprint' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);
  await screenshots(page, 'overview');
});
