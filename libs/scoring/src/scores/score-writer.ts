import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DistributionRow } from '../distributions/distribution-rows';
import type { RoundToScore } from './round-aggregates';
import type { ScoreRow } from './score-rows';

/** Rows per statement: a large round has tens of thousands of dyads; parameters stay a few MB. */
const BATCH = 5_000;

/** Column, its SQL type, and how to read it from a row. */
type Column<Row> = [name: string, type: string, value: (row: Row) => unknown];

const SCORE_COLUMNS: Column<ScoreRow>[] = [
  ['scope', 'varchar', (r) => r.scope],
  ['subject', 'varchar', (r) => r.subject],
  ['measure', 'varchar', (r) => r.measure],
  ['organisation_id', 'uuid', (r) => r.organisationId],
  ['partner_organisation_id', 'uuid', (r) => r.partnerOrganisationId],
  ['sector', 'varchar', (r) => r.sector],
  ['partner_sector', 'varchar', (r) => r.partnerSector],
  ['respondents', 'int', (r) => r.respondents],
  ['n', 'int', (r) => r.n],
  ['mean', 'float8', (r) => r.mean],
  ['sd', 'float8', (r) => r.sd],
  ['ci_lower', 'float8', (r) => r.ciLower],
  ['ci_upper', 'float8', (r) => r.ciUpper],
  ['band', 'varchar', (r) => r.band],
  ['previous_round_id', 'uuid', (r) => r.previousRoundId],
  ['previous_mean', 'float8', (r) => r.previousMean],
  ['previous_respondents', 'int', (r) => r.previousRespondents],
  ['delta', 'float8', (r) => r.delta],
  ['p_value', 'float8', (r) => r.pValue],
  ['significant', 'bool', (r) => r.significant],
  ['trend', 'varchar', (r) => r.trend],
  ['slope', 'float8', (r) => r.slope],
  ['slope_min_respondents', 'int', (r) => r.slopeMinRespondents],
  ['consecutive_declines', 'int', (r) => r.consecutiveDeclines],
  ['perception_gap', 'float8', (r) => r.perceptionGap],
  ['gap_respondents', 'int', (r) => r.gapRespondents],
];

const DISTRIBUTION_COLUMNS: Column<DistributionRow>[] = [
  ['question_key', 'varchar', (r) => r.questionKey],
  ['breakdown', 'varchar', (r) => r.breakdown],
  ['group_key', 'varchar', (r) => r.groupKey],
  ['respondents', 'int', (r) => r.respondents],
  ['answered', 'int', (r) => r.answered],
  ['dont_know', 'int', (r) => r.dontKnow],
  // unnest() flattens arrays of arrays, so each row's counts travel as an array literal and are cast back.
  ['counts', 'text', (r) => `{${r.counts.join(',')}}`],
  ['favourable_share', 'float8', (r) => r.favourableShare],
  ['neutral_share', 'float8', (r) => r.neutralShare],
  ['unfavourable_share', 'float8', (r) => r.unfavourableShare],
];

/**
 * One `INSERT … SELECT FROM unnest(one array per column) ON CONFLICT (natural key) DO UPDATE` per
 * batch: a handful of statements whatever the row count, and a row that exists keeps its id.
 * $1 footprint, $2 round, $3 computed at, then `fixed` values shared by every row, then the arrays.
 */
function upsertSql<Row>(table: string, naturalKey: string, fixed: [string, string][], columns: Column<Row>[], casts: Record<string, string> = {}): string {
  const names = [...fixed.map(([name]) => name), ...columns.map(([name]) => name)];
  const values = [
    ...fixed.map(([, type], i) => `$${4 + i}::${type}`),
    ...columns.map(([name]) => (casts[name] ? `t.${name}::${casts[name]}` : `t.${name}`)),
  ];
  const arrays = columns.map(([, type], i) => `$${4 + fixed.length + i}::${type}[]`);
  return `
    INSERT INTO ${table} (footprint_id, round_id, computed_at, ${names.join(', ')})
    SELECT $1, $2, $3, ${values.join(', ')}
    FROM unnest(${arrays.join(', ')}) AS t(${columns.map(([name]) => name).join(', ')})
    ON CONFLICT ON CONSTRAINT ${naturalKey} DO UPDATE SET
      computed_at = EXCLUDED.computed_at, ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`;
}

const UPSERT_SCORES = upsertSql('score', 'score_natural_key', [['period', 'varchar'], ['provisional', 'bool']], SCORE_COLUMNS);
const UPSERT_DISTRIBUTIONS = upsertSql('question_distribution', 'question_distribution_natural_key', [], DISTRIBUTION_COLUMNS, { counts: 'int[]' });

export interface ScoringRun {
  provisional: boolean;
  respondents: number;
  previousRoundId: string | null;
  computedAt: Date;
  durationMs: number;
}

/**
 * Replaces a round's scores and distributions as a whole, in the caller's transaction: every row is
 * upserted by its natural key with this run's `computed_at`, then the rows this run did not write
 * (subjects that vanished since the last run) are deleted. Readers see the old set or the new one.
 */
@Injectable()
export class ScoreWriter {
  async replace(manager: EntityManager, round: RoundToScore, run: Pick<ScoringRun, 'provisional' | 'computedAt'>, scores: readonly ScoreRow[], distributions: readonly DistributionRow[]): Promise<void> {
    const shared = [round.footprintId, round.id, run.computedAt];
    for (let start = 0; start < scores.length; start += BATCH) {
      const batch = scores.slice(start, start + BATCH);
      await manager.query(UPSERT_SCORES, [...shared, round.period, run.provisional, ...SCORE_COLUMNS.map(([, , value]) => batch.map(value))]);
    }
    for (let start = 0; start < distributions.length; start += BATCH) {
      const batch = distributions.slice(start, start + BATCH);
      await manager.query(UPSERT_DISTRIBUTIONS, [...shared, ...DISTRIBUTION_COLUMNS.map(([, , value]) => batch.map(value))]);
    }
    await manager.query('DELETE FROM score WHERE round_id = $1 AND computed_at <> $2', [round.id, run.computedAt]);
    await manager.query('DELETE FROM question_distribution WHERE round_id = $1 AND computed_at <> $2', [round.id, run.computedAt]);
  }

  /** Records the run last, so its duration covers the writes too. */
  async recordRun(manager: EntityManager, round: RoundToScore, run: ScoringRun): Promise<void> {
    await manager.query(
      `INSERT INTO round_scoring (round_id, footprint_id, period, provisional, respondents, previous_round_id, computed_at, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (round_id) DO UPDATE SET period = EXCLUDED.period, provisional = EXCLUDED.provisional, respondents = EXCLUDED.respondents,
         previous_round_id = EXCLUDED.previous_round_id, computed_at = EXCLUDED.computed_at, duration_ms = EXCLUDED.duration_ms`,
      [round.id, round.footprintId, round.period, run.provisional, run.respondents, run.previousRoundId, run.computedAt, run.durationMs],
    );
  }
}
