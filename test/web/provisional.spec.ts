import { expect, expectNoAxeViolations, screenshots, signIn, test } from './support/fixtures';
import { answerRound, API, ok, partnership, round } from './support/partnership';

interface ProvisionalScores {
  anonymityThreshold: number;
  round: { respondents: number; coverage: { respondentsCovered: number; respondentsSoFar: number; nextPublicationAt: number } | null } | null;
  items: { scope: string; measure: string; suppressed: boolean; mean: number | null }[];
}

/**
 * An open round's provisional figures (#17, docs/scoring.md "Provisional figures lag the count"):
 * answered through respondent links and republished by the real worker, the overview labels them
 * provisional and says whom they cover and when they next change.
 */
test("a lead reads an open round's provisional figures, labelled as such, with what they cover", async ({ page }) => {
  // The worker rescores an open round about a minute after its last submission.
  test.setTimeout(300_000);
  const world = await partnership(3);
  const open = await round(world, { period: '2026-Q3' });
  const answered = await answerRound(world, open.id);

  let published: ProvisionalScores | undefined;
  await expect
    .poll(
      async () => {
        published = await ok<ProvisionalScores>(world.lead.http.get(`${API}/rounds/${open.id}/scores?scope=footprint`));
        return published.round?.coverage ?? null;
      },
      { timeout: 180_000, intervals: [1000, 2000, 5000] },
    )
    .not.toBeNull();
  // c, the largest multiple of k with c ≤ N − k; republished when N reaches c + 2k (c grows by k).
  const k = published!.anonymityThreshold;
  const covered = Math.floor((answered - k) / k) * k;
  expect(covered).toBeGreaterThanOrEqual(k);
  expect(published!.round).toMatchObject({ respondents: covered, coverage: { respondentsCovered: covered, respondentsSoFar: answered, nextPublicationAt: covered + 2 * k } });
  const rhi = published!.items.find((s) => s.scope === 'footprint' && s.measure === 'rhi');
  expect(rhi).toMatchObject({ suppressed: false, mean: expect.any(Number) });

  await signIn(page, world.lead.email, world.lead.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Footprints' }).click();
  await expect(page).toHaveURL(new RegExp(`/footprints/${world.footprintId}$`));
  const provisional = page.getByTestId('provisional');
  await expect(provisional.getByRole('heading', { name: 'Provisional figures of the open round 2026-Q3' })).toBeVisible();
  await expect(provisional).toContainText(`Relationship Health Index: ${rhi!.mean!.toFixed(1)} from ${covered} respondents`);
  await expect(provisional.getByTestId('provisional-coverage')).toHaveText(
    `They cover the first ${covered} of the ${answered} people who have answered so far, in the order they answered, and are next updated when ${covered + 2 * k} have answered.`,
  );
  await expectNoAxeViolations(page);
  await screenshots(page, 'overview-provisional');
});
