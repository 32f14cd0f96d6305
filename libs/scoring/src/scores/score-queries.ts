/**
 * The set-based SQL of round scoring. Each statement reads a round's rows once and returns
 * aggregates only (a few thousand rows at most), never one row per respondent:
 * - respondents' dimension scores and RHI: avg / stddev_samp per dimension column, grouped by
 *   GROUPING SETS (footprint, organisation, sector);
 * - partner ratings: the same per dyad, and per rating response the sectors it rated (a bit mask),
 *   which gives exact distinct-respondent counts without count(DISTINCT);
 * - answer counts per option: count(*) FILTER per (question, option), grouped by organisation and
 *   respondent role; the service sums them into the breakdowns (counts add up exactly, because every
 *   response has one organisation and one role).
 *
 * `response.dimension_scores` and `response_partner_rating.score` are computed at write time by the
 * survey engine and stored in double precision, so nothing here re-derives a score from an option
 * (never cast them to real). $1 is always the round id.
 *
 * Every mean and sd is summed in numeric (meanAndSd()), never in float8: a float8 sum depends on the
 * order the rows arrive in, which a plan change, a parallel scan or rows moved by an update or vacuum
 * changes, so a rescore of unchanged answers could publish a mean that differs in its last bit. A
 * numeric sum is exact whatever the order (each value enters rounded to 15 significant digits, as
 * PostgreSQL casts float8 to numeric; ~1e-15 relative, far inside the 1e-9 the figures are held to).
 * Rows the service sums in JavaScript come in a fixed order (ORDER BY) for the same reason.
 * `$types` lists the organisation types and `$sectors` / `$sectorBits` say, per type, its sector and
 * that sector's bit (sectorOf() in @pp/registry decides; the sector is never stored).
 */

/**
 * Mean and sd of an expression, summed exactly in numeric (see above): the same figures whatever the
 * rows' order. Through float8 first: a real (32-bit) column, as scores were stored before migration
 * 1796420000000, would otherwise enter numeric rounded to 6 digits instead of as the value it holds.
 */
const meanAndSd = (value: string, mean: string, sd: string) => {
  const exact = `(${value})::float8::numeric`;
  return `avg(${exact})::float8 AS ${mean}, stddev_samp(${exact})::float8 AS ${sd}`;
};

const sectorOfType = (types: string, sectors: string, type: string) => `(${sectors})[array_position(${types}, ${type}::text)]`;

/**
 * Whether response `r` is one a provisional run covers: the round's first respondents by first
 * submission, up to the cutoff ($at, $id), the last one covered (provisional-coverage.ts). Final runs
 * pass nulls for both; the planner folds the test away, so they read every response as before.
 */
const covered = (r: string, at: string, id: string) => `(${at}::timestamptz IS NULL OR (${r}.first_submitted_at, ${r}.id) <= (${at}::timestamptz, ${id}::uuid))`;

/** The round, and its instrument's dimensions (key, weight) in index order. */
export const ROUND_CONTEXT = `
  SELECT r.id, r.footprint_id, r.period, r.status, r.instrument_id, i.dimensions
  FROM round r JOIN instrument i ON i.id = r.instrument_id
  WHERE r.id = $1`;

/** The questions whose answers are counted: everything but free text, in question order. */
export const ROUND_QUESTIONS = `
  SELECT key, type, slot, jsonb_array_length(options)::int AS option_count, reversed, required
  FROM question WHERE instrument_id = $1 AND type <> 'free_text'
  ORDER BY position`;

/** The organisations invited to the round or answering in it. */
export const ROUND_ORGANISATIONS = `
  SELECT organisation_id AS id FROM invitation WHERE round_id = $1
  UNION SELECT DISTINCT organisation_id FROM response WHERE round_id = $1`;

/** Type and sector of the given organisations. $1 ids, $2 types, $3 sectors. */
export const ORGANISATION_SECTORS = `
  SELECT o.id, o.type::text AS type, ${sectorOfType('$2::text[]', '$3::text[]', 'o.type')} AS sector
  FROM organisation o WHERE o.id = ANY($1::uuid[])
  ORDER BY o.id`;

/**
 * Per group (footprint, organisation, sector): n, mean and sd of each dimension and of the RHI.
 * A respondent's RHI is the weighted mean of their scored dimensions with the weights renormalised
 * (relationshipHealthIndex() in item-scoring.ts); a group's RHI is the mean of its respondents'.
 * $2 weights in dimension order, $3 types, $4 sectors, $5 and $6 the cutoff (covered()). Columns d<i>_n/_mean/_sd follow the dimensions.
 */
export function respondentScoresSql(dimensionCount: number): string {
  const columns = Array.from({ length: dimensionCount }, (_, i) => {
    const value = `r.dimension_scores[${i + 1}]`;
    return `count(${value})::int AS d${i}_n, ${meanAndSd(value, `d${i}_mean`, `d${i}_sd`)}`;
  });
  // The RHI written out per dimension rather than as a subquery over unnest() run for every
  // respondent (a third of the statement's time): the same sums in the same order, so the same
  // float8 values (0 + x and x + 0 are exact, as sum() skipping a null).
  const score = (i: number) => `r.dimension_scores[${i + 1}]`;
  const weight = (i: number) => `($2::float8[])[${i + 1}]`;
  const weightedSum = Array.from({ length: dimensionCount }, (_, i) => `coalesce(${weight(i)} * ${score(i)}, 0)`).join(' + ');
  const weights = Array.from({ length: dimensionCount }, (_, i) => `CASE WHEN ${score(i)} IS NULL THEN 0 ELSE ${weight(i)} END`).join(' + ');
  return `
    WITH r AS (
      SELECT r.organisation_id, ${sectorOfType('$3::text[]', '$4::text[]', 'o.type')} AS sector, r.dimension_scores,
        ${dimensionCount > 0 ? `(${weightedSum}) / nullif(${weights}, 0)` : 'NULL::float8'} AS rhi
      FROM response r JOIN organisation o ON o.id = r.organisation_id
      WHERE r.round_id = $1 AND ${covered('r', '$5', '$6')}
    )
    SELECT r.organisation_id, r.sector, GROUPING(r.organisation_id, r.sector)::int AS grouping,
      count(*)::int AS responses, count(r.rhi)::int AS rhi_n, ${meanAndSd('r.rhi', 'rhi_mean', 'rhi_sd')},
      ${columns.join(',\n      ')}
    FROM r
    GROUP BY GROUPING SETS ((), (r.organisation_id), (r.sector))`;
}

/** GROUPING() of respondentScoresSql: which set a row belongs to. */
export const RESPONDENT_GROUPING = { footprint: 3, organisation: 1, sector: 2 } as const;

/**
 * Each dyad rater → rated: respondents (one rating each), mean and sd of their scores. $2 and $3 the
 * cutoff. In rater, rated order: sector pairs and network measures sum the dyads in JavaScript.
 */
export const DYAD_SCORES = `
  SELECT organisation_id, partner_organisation_id, count(*)::int AS n, ${meanAndSd('score', 'mean', 'sd')}
  FROM response_partner_rating p
  WHERE round_id = $1 AND score IS NOT NULL
    AND ($2::timestamptz IS NULL OR p.response_id IN (SELECT r.id FROM response r WHERE r.round_id = $1 AND ${covered('r', '$2', '$3')}))
  GROUP BY organisation_id, partner_organisation_id
  ORDER BY organisation_id, partner_organisation_id`;

/**
 * Responses that rated partners, counted per (organisation, respondent role, rated sectors): `sectors`
 * is the bit mask of the sectors a response gave a scored rating to (null when every rating was
 * "don't know"). From it: raters per organisation (trust given), distinct respondents per sector pair,
 * and the respondents of each partner question. $2 types, $3 sector bits, $4 and $5 the cutoff.
 */
export const RATING_RESPONSES = `
  WITH rated AS (
    SELECT p.response_id, bit_or(1 << ${sectorOfType('$2::text[]', '$3::int[]', 'o.type')}) FILTER (WHERE p.score IS NOT NULL) AS sectors
    FROM response_partner_rating p JOIN organisation o ON o.id = p.partner_organisation_id
    WHERE p.round_id = $1
    GROUP BY p.response_id
  )
  SELECT r.organisation_id, r.respondent_role, rated.sectors, count(*)::int AS respondents
  FROM rated JOIN response r ON r.id = rated.response_id
  WHERE ${covered('r', '$4', '$5')}
  GROUP BY r.organisation_id, r.respondent_role, rated.sectors`;

export interface CountedQuestion {
  /** 0-based index into the store's choices array. */
  slot: number;
  optionCount: number;
  required: boolean;
}

/**
 * The count of option 0, …, of option m − 1 and of "don't know" of column `c<index>` (choices()),
 * as text joined by commas (countsOf() reads it): node-postgres parses an
 * int[] with an object per character, over 200 MB of garbage for a large round's answer counts.
 */
function optionCounts(index: number, question: CountedQuestion): string {
  const codes = [...Array.from({ length: question.optionCount }, (_, i) => i), -1];
  return `concat_ws(',', ${codes.map((code) => `count(*) FILTER (WHERE c${index} = ${code})`).join(', ')})`;
}

/**
 * Each question's choice as a column c<i>, taken out of the choices array once per row: a subscript
 * in every option's FILTER copies the array each time (a short varlena is copied to be read), six
 * times per question. OFFSET 0 keeps the planner from pulling the subscripts back up into them.
 */
function choices(array: string, questions: readonly CountedQuestion[]): string {
  return questions.map((q, i) => `${array}[${q.slot + 1}] AS c${i}`).join(', ');
}

/**
 * Answer counts of the respondent questions per (organisation, respondent role): column q<i> is
 * optionCounts() of questions[i]. One answer per respondent, so a group's respondents are its answers.
 * $2 and $3 the cutoff.
 */
export function respondentAnswerCountsSql(questions: readonly CountedQuestion[]): string {
  return `
    SELECT r.organisation_id, r.respondent_role,
      ${questions.map((q, i) => `${optionCounts(i, q)} AS q${i}`).join(',\n      ')}
    FROM (SELECT r.organisation_id, r.respondent_role, ${choices('r.choices', questions)} FROM response r WHERE r.round_id = $1 AND ${covered('r', '$2', '$3')} OFFSET 0) r
    GROUP BY r.organisation_id, r.respondent_role`;
}

/**
 * Answer counts of the partner-rating questions per (rating organisation, respondent role), one
 * answer per rated partner. A required question is answered for every rated partner, so its
 * respondents are the group's raters (RATING_RESPONSES); only an optional one needs r<i>, the
 * distinct respondents who answered it. $2 and $3 the cutoff.
 */
export function partnerAnswerCountsSql(questions: readonly CountedQuestion[]): string {
  const columns = questions.map((q, i) => {
    const counts = `${optionCounts(i, q)} AS q${i}`;
    return q.required ? counts : `${counts}, count(DISTINCT p.response_id) FILTER (WHERE p.c${i} IS NOT NULL)::int AS r${i}`;
  });
  return `
    SELECT p.organisation_id, r.respondent_role,
      ${columns.join(',\n      ')}
    FROM (SELECT p.organisation_id, p.response_id, ${choices('p.choices', questions)} FROM response_partner_rating p WHERE p.round_id = $1 OFFSET 0) p
    JOIN response r ON r.id = p.response_id
    WHERE ${covered('r', '$2', '$3')}
    GROUP BY p.organisation_id, r.respondent_role`;
}

/** Answer counts as optionCounts() returns them ("12,0,3"), read digit by digit: no string is made per count. */
export function countsOf(text: string): number[] {
  const counts: number[] = [];
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      counts.push(count);
      count = 0;
    } else {
      count = count * 10 + (code - 48);
    }
  }
  counts.push(count);
  return counts;
}
