import { type Breakdown, BREAKDOWNS, EVERYONE, favourabilityShares } from './distributions';

export interface DistributedQuestion {
  key: string;
  optionCount: number;
  /** Ordered questions have a favourable end; single choice has not. */
  ordered: boolean;
  reversed: boolean;
}

/**
 * Answer counts of one (organisation, respondent role) group as SQL returns them: per question,
 * the count of each option then of "don't know", and the distinct respondents who answered.
 */
export interface AnswerCounts {
  organisationId: string;
  respondentRole: string;
  counts: readonly (readonly number[])[];
  respondents: readonly number[];
}

export interface Organisations {
  sectorOf: ReadonlyMap<string, string>;
  typeOf: ReadonlyMap<string, string>;
}

export interface DistributionRow {
  questionKey: string;
  breakdown: Breakdown;
  groupKey: string;
  respondents: number;
  answered: number;
  dontKnow: number;
  counts: number[];
  favourableShare: number | null;
  neutralShare: number | null;
  unfavourableShare: number | null;
}

function groupOf(breakdown: Breakdown, row: AnswerCounts, organisations: Organisations): string {
  switch (breakdown) {
    case 'all':
      return EVERYONE;
    case 'sector':
      return organisations.sectorOf.get(row.organisationId) ?? 'other';
    case 'organisation_type':
      return organisations.typeOf.get(row.organisationId) ?? 'other';
    case 'respondent_role':
      return row.respondentRole;
  }
}

/**
 * Sums the per-(organisation, role) counts into every breakdown. Each response sits in exactly one
 * organisation and role, so counts and respondents add up exactly. Groups nobody answered in are left out.
 */
export function distributionRows(questions: readonly DistributedQuestion[], groups: Iterable<AnswerCounts>, organisations: Organisations): DistributionRow[] {
  const totals = new Map<string, { breakdown: Breakdown; groupKey: string; counts: number[][]; respondents: number[] }>();
  for (const group of groups) {
    for (const breakdown of BREAKDOWNS) {
      const groupKey = groupOf(breakdown, group, organisations);
      const key = `${breakdown}|${groupKey}`;
      let total = totals.get(key);
      if (!total) {
        total = { breakdown, groupKey, counts: questions.map((q) => new Array<number>(q.optionCount + 1).fill(0)), respondents: questions.map(() => 0) };
        totals.set(key, total);
      }
      for (let index = 0; index < questions.length; index++) {
        const sums = total.counts[index] as number[];
        (group.counts[index] ?? []).forEach((count, option) => (sums[option] = (sums[option] ?? 0) + count));
        total.respondents[index] = (total.respondents[index] ?? 0) + (group.respondents[index] ?? 0);
      }
    }
  }
  return [...totals.values()].flatMap(({ breakdown, groupKey, counts, respondents }) =>
    questions.flatMap((question, index): DistributionRow[] => {
      const answered = respondents[index] ?? 0;
      if (answered === 0) return [];
      const options = (counts[index] as number[]).slice(0, question.optionCount);
      const dontKnow = (counts[index] as number[])[question.optionCount] ?? 0;
      const shares = question.ordered ? favourabilityShares(options, question.reversed) : null;
      return [
        {
          questionKey: question.key,
          breakdown,
          groupKey,
          respondents: answered,
          answered: options.reduce((sum, count) => sum + count, dontKnow),
          dontKnow,
          counts: options,
          favourableShare: shares?.favourable ?? null,
          neutralShare: shares?.neutral ?? null,
          unfavourableShare: shares?.unfavourable ?? null,
        },
      ];
    }),
  );
}
