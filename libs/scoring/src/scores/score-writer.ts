import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DistributionRow } from '../distributions/distribution-rows';
import type { RoundToScore } from './round-aggregates';
import type { ScoreRow } from './score-rows';

/** Rows per statement: a large round has tens of thousands of dyads; parameters stay a few MB. */
const BATCH = 5_000;

/** Column, its SQL type, and the row's property holding it. */
type Column<Row> = [name: string, type: string, property: keyof Row & string];

const SCORE_COLUMNS: Column<ScoreRow>[] = [
  ['scope', 'varchar', 'scope'],
  ['subject', 'varchar', 'subject'],
  ['measure', 'varchar', 'measure'],
  ['organisation_id', 'uuid', 'organisationId'],
  ['partner_organisation_id', 'uuid', 'partnerOrganisationId'],
  ['sector', 'varchar', 'sector'],
  ['partner_sector', 'varchar', 'partnerSector'],
  ['respondents', 'int', 'respondents'],
  ['n', 'int', 'n'],
  ['mean', 'float8', 'mean'],
  ['sd', 'float8', 'sd'],
  ['ci_lower', 'float8', 'ciLower'],
  ['ci_upper', 'float8', 'ciUpper'],
  ['band', 'varchar', 'band'],
  ['previous_round_id', 'uuid', 'previousRoundId'],
  ['previous_mean', 'float8', 'previousMean'],
  ['previous_respondents', 'int', 'previousRespondents'],
  ['delta', 'float8', 'delta'],
  ['p_value', 'float8', 'pValue'],
  ['significant', 'bool', 'significant'],
  ['trend', 'varchar', 'trend'],
  ['slope', 'float8', 'slope'],
  ['slope_min_respondents', 'int', 'slopeMinRespondents'],
  ['consecutive_declines', 'int', 'consecutiveDeclines'],
  ['perception_gap', 'float8', 'perceptionGap'],
  ['gap_respondents', 'int', 'gapRespondents'],
];

const DISTRIBUTION_COLUMNS: Column<DistributionRow>[] = [
  ['question_key', 'varchar', 'questionKey'],
  ['breakdown', 'varchar', 'breakdown'],
  ['group_key', 'varchar', 'groupKey'],
  ['respondents', 'int', 'respondents'],
  ['answered', 'int', 'answered'],
  ['dont_know', 'int', 'dontKnow'],
  ['counts', 'int[]', 'counts'],
  ['favourable_share', 'float8', 'favourableShare'],
  ['neutral_share', 'float8', 'neutralShare'],
  ['unfavourable_share', 'float8', 'unfavourableShare'],
];

/**
 * One `INSERT … SELECT FROM json_to_recordset(a batch of rows) ON CONFLICT (natural key) DO UPDATE`
 * per batch: a handful of statements whatever the row count, and a row that exists keeps its id.
 * The batch travels as one JSON text (rowsJson()), which JSON.stringify writes natively: as one
 * array parameter per column, node-postgres quoted and escaped every value into strings of its
 * own, about 190 MB of garbage for a round of 46,657 scores. JSON numbers are the shortest text
 * that reads back as the same double, so every float8 arrives bit for bit.
 * $1 footprint, $2 round, $3 computed at, then `fixed` values shared by every row, then the rows.
 */
function upsertSql<Row>(table: string, naturalKey: string, fixed: [string, string][], columns: Column<Row>[]): string {
  const names = [...fixed.map(([name]) => name), ...columns.map(([name]) => name)];
  const values = [...fixed.map(([, type], i) => `$${4 + i}::${type}`), ...columns.map(([, , property]) => `t."${property}"`)];
  return `
    INSERT INTO ${table} (footprint_id, round_id, computed_at, ${names.join(', ')})
    SELECT $1, $2, $3, ${values.join(', ')}
    FROM json_to_recordset($${4 + fixed.length}::json) AS t(${columns.map(([, type, property]) => `"${property}" ${type}`).join(', ')})
    ON CONFLICT ON CONSTRAINT ${naturalKey} DO UPDATE SET
      computed_at = EXCLUDED.computed_at, ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`;
}

/** A batch of rows as a JSON array of objects holding only the columns' properties (a replacer list: no copy of any row). */
function rowsJson<Row>(rows: readonly Row[], columns: Column<Row>[]): string {
  return JSON.stringify(rows, columns.map(([, , property]) => property));
}

const UPSERT_SCORES = upsertSql('score', 'score_natural_key', [['period', 'varchar'], ['provisional', 'bool']], SCORE_COLUMNS);
const UPSERT_DISTRIBUTIONS = upsertSql('question_distribution', 'question_distribution_natural_key', [], DISTRIBUTION_COLUMNS);

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
  async replace(manager: EntityManager, round: RoundToScore, run: Pick<ScoringRun, 'provisional' | 'computedAt'>, scores: Iterable<ScoreRow>, distributions: readonly DistributionRow[]): Promise<void> {
    const shared = [round.footprintId, round.id, run.computedAt];
    // Scores arrive one by one (currentScoreStream) and leave a batch at a time: only one batch is held.
    let batch: ScoreRow[] = [];
    const flush = async () => {
      if (batch.length > 0) await manager.query(UPSERT_SCORES, [...shared, round.period, run.provisional, rowsJson(batch, SCORE_COLUMNS)]);
      batch = [];
    };
    for (const score of scores) {
      batch.push(score);
      if (batch.length === BATCH) await flush();
    }
    await flush();
    for (let start = 0; start < distributions.length; start += BATCH) {
      const batch = distributions.slice(start, start + BATCH);
      await manager.query(UPSERT_DISTRIBUTIONS, [...shared, rowsJson(batch, DISTRIBUTION_COLUMNS)]);
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
