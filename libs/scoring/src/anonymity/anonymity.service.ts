import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, poolOf } from '@pp/core';
import { DataSource } from 'typeorm';
import { anonymityThreshold } from './anonymity-gate';
import { earlierRounds, type FootprintDecisions, gateDecisions, type GateQuery, SCORING_RUN_COLUMNS, scoringRun } from './gate-decisions';
import type { KeyDriverRow } from '../drivers';
import { type DistributionView, gateDistributions, gateDrivers, gateScores, type KeyDriverView, type ScoreVerdict, type ScoreView, type StoredDistribution, type StoredScore } from './gated-views';
import { distributionCellKey, driverCellKey, reverseScoreKey, scoreCellKey } from './round-gate';

/** Every value as PostgreSQL's text, as the gate's queries expect. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** The round gate's decisions for some of a footprint's rounds, with the scoring run each holds for. */
export interface RoundDecisions {
  decisions: FootprintDecisions;
  /** Epoch ms of the scoring run decided, by round: a row of another run is withheld, never judged by the wrong decision. */
  computedAt: ReadonlyMap<string, number>;
}

/**
 * The anonymity gate of the round routes: applies the round gate's stored decisions (the same the
 * BI pages, exports and summary apply) to stored scores and distributions, with the footprint's own
 * k. Nothing else turns stored aggregates into responses.
 */
@Injectable()
export class AnonymityGate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** k of a footprint, read at each request so a lead's change applies at once. */
  async threshold(footprintId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ anonymity_threshold: number }[]>('SELECT anonymity_threshold FROM footprint WHERE id = $1', [footprintId]);
    if (!row) throw new NotFoundError('Footprint', footprintId);
    return anonymityThreshold(row.anonymity_threshold);
  }

  /** Decisions for the footprint's rounds in `periods` and the earlier rounds their trends compare with, read (or decided) in one snapshot. */
  async decisions(footprintId: string, k: number, periods: { from?: string; to?: string }): Promise<RoundDecisions> {
    const client = await poolOf(this.dataSource).connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const query: GateQuery = async (text, values, name) => (await client.query({ name, text, values: [...values], rowMode: 'array', types: TEXT_TYPES })).rows as (string | null)[][];
      const runs = (await query(`SELECT ${SCORING_RUN_COLUMNS} FROM round_scoring rs WHERE rs.footprint_id = $1::uuid ORDER BY rs.period`, [footprintId])).map(scoringRun);
      const decisions = await gateDecisions.decide(query, { id: footprintId, anonymityThreshold: k }, runs, periods);
      await client.query('COMMIT');
      return { decisions, computedAt: new Map(runs.map((run) => [run.id, new Date(run.computedAt).getTime()])) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  scores(rows: readonly (StoredScore & { computedAt: Date })[], k: number, { decisions, computedAt }: RoundDecisions): ScoreView[] {
    const shows = (roundId: string | null, key: string) => {
      const withheld = roundId ? decisions.withheld.get(roundId) : undefined;
      return withheld !== undefined && !withheld.has(key);
    };
    const verdict = (row: StoredScore & { computedAt: Date }): ScoreVerdict => {
      const key = scoreCellKey(row);
      const current = computedAt.get(row.roundId) === row.computedAt.getTime();
      const reverse = reverseScoreKey(row);
      return {
        withheld: !current || !shows(row.roundId, key),
        comparisonWithheld: !shows(row.previousRoundId, key),
        slopeWithheld: !earlierRounds(decisions, row.roundId).every((round) => shows(round.id, key)),
        gapWithheld: reverse !== null && !shows(row.roundId, reverse),
      };
    };
    return gateScores(rows, k, verdict as (row: StoredScore) => ScoreVerdict);
  }

  distributions(
    rows: readonly (StoredDistribution & { computedAt: Date })[],
    optionsOf: (questionKey: string) => readonly { value: string; label: string }[],
    k: number,
    { decisions, computedAt }: RoundDecisions,
    provisional: boolean,
  ): DistributionView[] {
    const withheld = (row: StoredDistribution) => {
      const decided = decisions.withheld.get(row.roundId);
      return !decided || computedAt.get(row.roundId) !== (row as StoredDistribution & { computedAt: Date }).computedAt.getTime() || decided.has(distributionCellKey(row));
    };
    return gateDistributions(rows, optionsOf, k, withheld, provisional);
  }

  drivers(rows: readonly (KeyDriverRow & { roundId: string; computedAt: Date })[], k: number, { decisions, computedAt }: RoundDecisions): KeyDriverView[] {
    const withheld = (row: KeyDriverRow, figure: 'correlation' | 'weight') => {
      const { roundId, computedAt: at } = row as KeyDriverRow & { roundId: string; computedAt: Date };
      const decided = decisions.withheld.get(roundId);
      return !decided || computedAt.get(roundId) !== at.getTime() || decided.has(driverCellKey({ kind: row.kind, key: row.key, figure }));
    };
    return gateDrivers(rows, k, withheld);
  }
}
