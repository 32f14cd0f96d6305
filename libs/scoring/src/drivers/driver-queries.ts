/**
 * The set-based SQL of key drivers: one pass over a round's responses returning one row of
 * aggregates (PostgreSQL's corr, regr_count, regr_avgx), never one row per respondent, so a round of
 * 250,000 responses costs one scan. `response.item_scores[s]` is the score of the question in slot s
 * (null for "don't know", unanswered and unscored); a driver dimension is the mean of its items'
 * scores, as the survey engine scores a dimension, without the outcome item.
 */

/** The scored questions of an instrument that drivers can use: in a dimension, in question order. $1 instrument id. */
export const DRIVER_QUESTIONS = `
  SELECT key, slot, dimension FROM question
  WHERE instrument_id = $1 AND type IN ('scale', 'yes_no') AND dimension IS NOT NULL
  ORDER BY position`;

/** A predictor of one kind: its key and the slots whose mean it is (one slot for an item). */
export interface DriverColumn {
  key: string;
  slots: readonly number[];
}

const slot = (s: number) => {
  if (!Number.isInteger(s) || s < 0) throw new Error(`Unexpected question slot ${s}`);
  return `r.item_scores[${s + 1}]`;
};

/** The mean of the scored slots, in slot order as the engine sums them; null when none is scored. Arithmetic, not a subquery: it runs once a row. */
const value = (column: DriverColumn) =>
  column.slots.length === 1
    ? slot(column.slots[0]!)
    : `(${column.slots.map((s) => `coalesce(${slot(s)}, 0)`).join(' + ')}) / nullif(${column.slots.map((s) => `(${slot(s)} IS NOT NULL)::int`).join(' + ')}, 0)`;

/**
 * Columns, for kind prefix `k` (d: dimensions, i: items) and predictor j:
 * - `k<j>_n`, `k<j>_r`: respondents scoring the predictor and the outcome, and r over them; `k<j>_mean`: the predictor's mean
 *   over everyone scoring it (what the item's distribution already shows, so no new subset of respondents is published);
 * - `k_n`: respondents scoring the outcome and every predictor of the kind (the model's sample);
 * - `k<j>_y`: r with the outcome over the model's sample; `k<j>_<l>` (j < l): r between two predictors over it.
 * $1 round id.
 */
export function keyDriverSql(outcomeSlot: number, kinds: Record<'d' | 'i', readonly DriverColumn[]>): string {
  const values = Object.entries(kinds).flatMap(([k, columns]) => columns.map((c, j) => `${value(c)} AS ${k}${j}`));
  const aggregates = Object.entries(kinds).flatMap(([k, columns]) => {
    if (columns.length === 0) return [];
    const complete = `y IS NOT NULL AND ${columns.map((_, j) => `${k}${j} IS NOT NULL`).join(' AND ')}`;
    return [
      ...columns.map((_, j) => `regr_count(y, ${k}${j})::int AS ${k}${j}_n, corr(y, ${k}${j}) AS ${k}${j}_r, avg(${k}${j}) AS ${k}${j}_mean`),
      `count(*) FILTER (WHERE ${complete})::int AS ${k}_n`,
      ...columns.map((_, j) => `corr(y, ${k}${j}) FILTER (WHERE ${complete}) AS ${k}${j}_y`),
      ...columns.flatMap((_, j) => columns.slice(j + 1).map((__, d) => `corr(${k}${j}, ${k}${j + 1 + d}) FILTER (WHERE ${complete}) AS ${k}${j}_${j + 1 + d}`)),
    ];
  });
  // MATERIALIZED: inlined, each aggregate and FILTER naming a dimension would compute it again (over 80 times a row).
  // ORDER BY: corr() sums floats, whose result depends on the order of the rows, and the heap's order
  // changes as rows are updated or vacuumed; a CTE's rows are aggregated in the order it made them, so
  // the same responses give the same figures to the last bit. The order is the index's
  // (response_round_first_submission_idx), which an index scan gives without sorting.
  return `
    WITH v AS MATERIALIZED (
      SELECT ${slot(outcomeSlot)} AS y${values.map((v) => `, ${v}`).join('')}
      FROM response r
      WHERE r.round_id = $1
      ORDER BY r.first_submitted_at, r.id
    )
    SELECT ${aggregates.length ? aggregates.join(',\n      ') : 'count(*)::int AS responses'}
    FROM v`;
}
