/** The groups a question's answers are counted in: everyone, then by sector, organisation type and respondent role. */
export const BREAKDOWNS = ['all', 'sector', 'organisation_type', 'respondent_role'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The group key of the `all` breakdown. */
export const EVERYONE = 'all';

export type Favourability = 'favourable' | 'neutral' | 'unfavourable';

/**
 * Where an option sits on its scale: the top two options favourable, the bottom two unfavourable,
 * the rest neutral — the split leads quote ("25% call relations limited"). A scale of four or fewer
 * splits at its middle (two options each side at most), an odd one keeping its middle option
 * neutral. A reversed item's favourable end is its first option.
 */
export function favourability(position: number, optionCount: number, reversed = false): Favourability {
  const fromTop = reversed ? position : optionCount - 1 - position;
  const endSize = Math.min(2, Math.floor(optionCount / 2));
  if (fromTop < endSize) return 'favourable';
  return fromTop >= optionCount - endSize ? 'unfavourable' : 'neutral';
}

export interface FavourabilityShares {
  favourable: number;
  neutral: number;
  unfavourable: number;
}

/**
 * Shares of the answers with an opinion ("don't know" is counted apart and left out), or null when
 * nobody gave one. `counts[i]` is the number of answers choosing option i.
 */
export function favourabilityShares(counts: readonly number[], reversed = false): FavourabilityShares | null {
  const totals: FavourabilityShares = { favourable: 0, neutral: 0, unfavourable: 0 };
  let opinions = 0;
  counts.forEach((count, position) => {
    totals[favourability(position, counts.length, reversed)] += count;
    opinions += count;
  });
  if (opinions === 0) return null;
  return { favourable: totals.favourable / opinions, neutral: totals.neutral / opinions, unfavourable: totals.unfavourable / opinions };
}

export interface OptionShare {
  count: number;
  /** Of every answer, "don't know" included. */
  share: number;
}

/** Count and share per option, and of "don't know", over every answer given. */
export function optionShares(counts: readonly number[], dontKnow: number): { options: OptionShare[]; dontKnow: OptionShare } {
  const answered = counts.reduce((sum, count) => sum + count, dontKnow);
  const share = (count: number) => (answered > 0 ? count / answered : 0);
  return { options: counts.map((count) => ({ count, share: share(count) })), dontKnow: { count: dontKnow, share: share(dontKnow) } };
}
