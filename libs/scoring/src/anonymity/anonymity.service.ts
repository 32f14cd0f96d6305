import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { DataSource } from 'typeorm';
import { anonymityThreshold, DEFAULT_RULES, type SuppressionRule } from './anonymity-gate';
import { type DistributionView, gateDistributions, gateScores, type ScoreView, type StoredDistribution, type StoredScore } from './gated-views';

/**
 * The anonymity gate of the reporting path: every aggregate read (scores, trends, distributions,
 * and later the BI read models) goes through here, with the footprint's own k. Nothing else turns
 * stored aggregates into responses.
 */
@Injectable()
export class AnonymityGate {
  /** More rules (complementary suppression) are added here, once, for every reader. */
  private readonly rules: readonly SuppressionRule[] = DEFAULT_RULES;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** k of a footprint, read at each request so a lead's change applies at once. */
  async threshold(footprintId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ anonymity_threshold: number }[]>('SELECT anonymity_threshold FROM footprint WHERE id = $1', [footprintId]);
    if (!row) throw new NotFoundError('Footprint', footprintId);
    return anonymityThreshold(row.anonymity_threshold);
  }

  scores(rows: readonly StoredScore[], k: number): ScoreView[] {
    return gateScores(rows, k, this.rules);
  }

  distributions(rows: readonly StoredDistribution[], optionsOf: (questionKey: string) => readonly { value: string; label: string }[], k: number): DistributionView[] {
    return gateDistributions(rows, optionsOf, k, this.rules);
  }
}
