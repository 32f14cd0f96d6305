import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox, poolOf } from '@pp/core';
import { anonymityThreshold, decideAndStore } from '@pp/scoring';
import { DataSource } from 'typeorm';
import { boardReportJobId } from '../board-report/board-report-job';
import { inSnapshot, textQuery } from '../read-models/bi-reader';

export type GateOutcome = { status: 'decided'; roundId: string; computedAt: string; anonymityThreshold: number; withheld: number } | { status: 'skipped'; roundId: string; reason: string };

/**
 * The worker's side of the gate: after each scoring run it decides what the round gate of @pp/scoring
 * withholds in everything the run published (scores and distributions) and stores it
 * (score_gate_decision), so every reader applies the same decision instead of deciding on first read.
 */
@Injectable()
export class RoundGateDecisions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Decides the round's latest scoring run at its footprint's current threshold. */
  async decide(roundId: string): Promise<GateOutcome> {
    const pool = poolOf(this.dataSource);
    const decided = await inSnapshot(pool, async (client) => {
      const query = textQuery(client);
      const [footprint] = await query(`SELECT f.anonymity_threshold FROM round r JOIN footprint f ON f.id = r.footprint_id WHERE r.id = $1::uuid`, [roundId]);
      if (!footprint) return null;
      const k = anonymityThreshold(Number(footprint[0]));
      const outcome = await decideAndStore(query, roundId, k);
      return outcome && { ...outcome, k };
    });
    if (!decided) return { status: 'skipped', roundId, reason: 'the round has no scores' };
    await this.dataSource.transaction(async (manager) => {
      // A slower job for an earlier run must not replace a later run's decisions.
      const stored: unknown[] = await manager.query(
        `INSERT INTO score_gate_decision (round_id, anonymity_threshold, computed_at, withheld) VALUES ($1, $2, $3, $4)
         ON CONFLICT (round_id, anonymity_threshold) DO UPDATE SET computed_at = EXCLUDED.computed_at, withheld = EXCLUDED.withheld, decided_at = now()
         WHERE score_gate_decision.computed_at < EXCLUDED.computed_at RETURNING round_id`,
        [roundId, decided.k, decided.run.computedAt, decided.stored],
      );
      // Final scores just gated: the board report is (re)rendered from exactly this decision, queued with it.
      if (stored.length > 0 && !decided.run.provisional) {
        await this.outbox.enqueue(manager, 'round.report', { roundId }, { jobId: boardReportJobId(roundId, decided.run.computedAt, decided.k) });
      }
    });
    return { status: 'decided', roundId, computedAt: decided.run.computedAt, anonymityThreshold: decided.k, withheld: decided.withheld };
  }
}
