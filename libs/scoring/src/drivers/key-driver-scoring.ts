import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type DriverKind, type DriverModel, type KeyDriverRow, keyDrivers } from '../drivers';
import type { RoundToScore } from '../scores/round-aggregates';
import { DRIVER_QUESTIONS, type DriverColumn, keyDriverSql } from './driver-queries';

/**
 * The outcome key drivers explain: the default instrument's overall relationship between the NHS and
 * local government. Not the RHI: the RHI is the mean of the dimensions, so regressing it on them
 * would explain it entirely (R² = 1) and tell a lead nothing. An instrument without this item has no
 * key drivers.
 */
export const OVERALL_RELATIONSHIP_ITEM = 'trust_nhs_council';

interface DriverQuestion {
  key: string;
  slot: number;
  dimension: string;
}

type Aggregates = Record<string, number | null>;

/** Column, SQL array type, and how to read it from a row. */
const COLUMNS: [name: string, type: string, value: (row: KeyDriverRow) => unknown][] = [
  ['kind', 'varchar', (r) => r.kind],
  ['key', 'varchar', (r) => r.key],
  ['dimension', 'varchar', (r) => r.dimension],
  ['respondents', 'int', (r) => r.respondents],
  ['mean', 'float8', (r) => r.mean],
  ['correlation', 'float8', (r) => r.correlation],
  ['ci_lower', 'float8', (r) => r.ciLower],
  ['ci_upper', 'float8', (r) => r.ciUpper],
  ['model_respondents', 'int', (r) => r.modelRespondents],
  ['r_squared', 'float8', (r) => r.rSquared],
  ['relative_weight', 'float8', (r) => r.relativeWeight],
  ['importance', 'float8', (r) => r.importance],
  ['class', 'varchar', (r) => r.class],
];

const UPSERT = `
  INSERT INTO key_driver (footprint_id, round_id, period, computed_at, outcome, ${COLUMNS.map(([name]) => name).join(', ')})
  SELECT $1, $2, $3, $4, $5, t.*
  FROM unnest(${COLUMNS.map(([, type], i) => `$${6 + i}::${type}[]`).join(', ')}) AS t(${COLUMNS.map(([name]) => name).join(', ')})
  ON CONFLICT ON CONSTRAINT key_driver_natural_key DO UPDATE SET
    period = EXCLUDED.period, computed_at = EXCLUDED.computed_at, outcome = EXCLUDED.outcome,
    ${COLUMNS.map(([name]) => `${name} = EXCLUDED.${name}`).join(', ')}`;

/**
 * Computes a round's key drivers in the scoring run's transaction and replaces its rows with them,
 * so drivers and scores are always of the same run (the gate decides them together).
 */
@Injectable()
export class KeyDriverScoring {
  /**
   * The round's drivers, or none when its instrument has no overall relationship item. A dimension's
   * mean is its footprint score as published (`dimensionMeans`), which the class compares, never a
   * mean over the respondents who also scored the outcome: the difference of the two would isolate
   * those who did not.
   */
  async compute(manager: EntityManager, round: RoundToScore, dimensionMeans: ReadonlyMap<string, number | null>): Promise<{ outcome: string; rows: KeyDriverRow[] }> {
    const questions = await manager.query<DriverQuestion[]>(DRIVER_QUESTIONS, [round.instrumentId]);
    const outcome = questions.find((q) => q.key === OVERALL_RELATIONSHIP_ITEM);
    if (!outcome) return { outcome: OVERALL_RELATIONSHIP_ITEM, rows: [] };
    const others = questions.filter((q) => q !== outcome);
    const dimensions = round.dimensions
      .map((d): DriverColumn => ({ key: d.key, slots: others.filter((q) => q.dimension === d.key).map((q) => q.slot) }))
      .filter((d) => d.slots.length > 0);
    const items = others.map((q): DriverColumn => ({ key: q.key, slots: [q.slot] }));
    const [aggregates] = await manager.query<Aggregates[]>(keyDriverSql(outcome.slot, { d: dimensions, i: items }), [round.id]);
    const dimensionOf = new Map(others.map((q) => [q.key, q.dimension]));
    return {
      outcome: outcome.key,
      rows: keyDrivers([
        model('dimension', 'd', dimensions, aggregates!, () => null, (key) => dimensionMeans.get(key) ?? null),
        model('item', 'i', items, aggregates!, (key) => dimensionOf.get(key) ?? null),
      ]),
    };
  }

  /** Upserts this run's rows by their natural key, then deletes the rest (drivers of an earlier run, or none at all in this one). */
  async replace(manager: EntityManager, round: RoundToScore, computedAt: Date, drivers: { outcome: string; rows: readonly KeyDriverRow[] }): Promise<void> {
    if (drivers.rows.length > 0) {
      await manager.query(UPSERT, [round.footprintId, round.id, round.period, computedAt, drivers.outcome, ...COLUMNS.map(([, , value]) => drivers.rows.map(value))]);
    }
    await manager.query('DELETE FROM key_driver WHERE round_id = $1 AND computed_at <> $2', [round.id, computedAt]);
  }
}

/** One kind's model from the aggregates row of keyDriverSql. */
function model(
  kind: DriverKind,
  prefix: string,
  columns: readonly DriverColumn[],
  row: Aggregates,
  dimensionOf: (key: string) => string | null,
  meanOf?: (key: string) => number | null,
): DriverModel {
  const at = (name: string) => row[name] ?? null;
  return {
    kind,
    respondents: Number(at(`${prefix}_n`) ?? 0),
    predictors: columns.map((c, j) => ({
      key: c.key,
      dimension: dimensionOf(c.key),
      respondents: Number(at(`${prefix}${j}_n`) ?? 0),
      correlation: at(`${prefix}${j}_r`),
      mean: meanOf ? meanOf(c.key) : at(`${prefix}${j}_mean`),
    })),
    withOutcome: columns.map((_, j) => at(`${prefix}${j}_y`)),
    correlations: columns.map((_, j) => columns.map((__, l) => (j === l ? 1 : at(`${prefix}${Math.min(j, l)}_${Math.max(j, l)}`)))),
  };
}
