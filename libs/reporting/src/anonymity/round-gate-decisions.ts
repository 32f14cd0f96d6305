import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { poolOf } from '@pp/core';
import { anonymityThreshold } from '@pp/scoring';
import { DataSource } from 'typeorm';
import { inSnapshot, textQuery } from '../read-models/bi-reader';
import { roundCells, withheldForStorage } from './score-decisions';

export type GateOutcome = { status: 'decided'; roundId: string; computedAt: string; anonymityThreshold: number; withheld: number } | { status: 'skipped'; roundId: string; reason: string };

/**
 * The worker's side of the gate: after each scoring run it decides what the gate withholds in the
 * round's scores and stores it (score_gate_decision), so readers find it instead of reading every
 * cell of the round to decide it themselves.
 */
@Injectable()
export class RoundGateDecisions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Decides the round's latest scoring run at its footprint's current threshold. */
  async decide(roundId: string): Promise<GateOutcome> {
    const pool = poolOf(this.dataSource);
    const decided = await inSnapshot(pool, async (client) => {
      const query = textQuery(client);
      const [run] = await query(
        `SELECT rs.computed_at::text, f.anonymity_threshold FROM round_scoring rs JOIN footprint f ON f.id = rs.footprint_id WHERE rs.round_id = $1::uuid`,
        [roundId],
      );
      if (!run) return null;
      const k = anonymityThreshold(Number(run[1]));
      return { computedAt: run[0]!, k, withheld: withheldForStorage(await roundCells(query, roundId), k) };
    });
    if (!decided) return { status: 'skipped', roundId, reason: 'the round has no scores' };
    // A slower job for an earlier run must not replace a later run's decisions.
    await pool.query(
      `INSERT INTO score_gate_decision (round_id, anonymity_threshold, computed_at, withheld) VALUES ($1, $2, $3, $4)
       ON CONFLICT (round_id, anonymity_threshold) DO UPDATE SET computed_at = EXCLUDED.computed_at, withheld = EXCLUDED.withheld, decided_at = now()
       WHERE score_gate_decision.computed_at < EXCLUDED.computed_at`,
      [roundId, decided.k, decided.computedAt, decided.withheld],
    );
    return { status: 'decided', roundId, computedAt: decided.computedAt, anonymityThreshold: decided.k, withheld: decided.withheld.length / 4 };
  }
}
