import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { AnonymityGate, RoundScoring, Score } from '@pp/scoring';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { type LinkedFigure, storedFigure } from './action-link';
import { type ActionOutcome, gatedFigure, outcomeOf } from './action-outcome';
import { ActionPlan } from './action-plan.entity';

/** What an action is judged by, and each later round's before/after. */
export interface ActionResult {
  figure: LinkedFigure | null;
  /** One per round scored after the baseline, oldest first. */
  outcomes: ActionOutcome[];
}

/** A footprint's action with its before/after in one round (the board report's actions section). */
export interface ActionInRound extends ActionResult {
  action: ActionPlan;
}

/**
 * "Did it work?": the action's linked figure in its baseline round and in each round scored since,
 * read from the stored scores through the one anonymity gate (the same decisions every read path
 * applies), compared with the trend test of docs/scoring.md. A withheld figure never gives a value.
 */
@Injectable()
export class ActionOutcomes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AnonymityGate,
  ) {}

  /**
   * Every action of the footprint, oldest first, each with its figure's before (its baseline) and
   * after in `roundId` (no outcome when the action's baseline is that round or later): the board
   * report's actions section. `roundId` must have final scores.
   */
  async inRound(footprintId: string, roundId: string): Promise<ActionInRound[]> {
    const [round] = await this.dataSource.query<{ period: string }[]>('SELECT period FROM round_scoring WHERE round_id = $1 AND footprint_id = $2 AND NOT provisional', [roundId, footprintId]);
    if (!round) throw new NotFoundError('Scored round', roundId);
    const actions = await this.dataSource.getRepository(ActionPlan).find({ where: { footprintId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const results = await this.ofMany(footprintId, actions);
    return actions.map((action, i) => ({ action, figure: results[i]!.figure, outcomes: results[i]!.outcomes.filter((o) => o.after.roundId === roundId) }));
  }

  async of(action: ActionPlan): Promise<ActionResult> {
    const [result] = await this.ofMany(action.footprintId, [action]);
    return result!;
  }

  /** The results of several actions of one footprint, with one read of the gate's decisions. */
  async ofMany(footprintId: string, actions: readonly ActionPlan[]): Promise<ActionResult[]> {
    const figures = actions.map(storedFigure);
    const periods = actions.flatMap((a, i) => (figures[i] && a.baselinePeriod ? [a.baselinePeriod] : [])).sort();
    if (periods.length === 0) return figures.map((figure) => ({ figure, outcomes: [] }));

    const runs = await this.dataSource.getRepository(RoundScoring).find({
      where: { footprintId, provisional: false, period: MoreThanOrEqual(periods[0]!) },
      order: { period: 'ASC' },
    });
    if (runs.length < 2) return figures.map((figure) => ({ figure, outcomes: [] }));
    const k = await this.gate.threshold(footprintId);
    const decisions = await this.gate.decisions(footprintId, k, { from: runs[0]!.period, to: runs[runs.length - 1]!.period });
    const wanted = [...new Map(figures.flatMap((f) => (f ? [[`${f.scope}|${f.subject}|${f.measure}`, f] as const] : []))).values()];
    const rows = await this.dataSource.getRepository(Score).find({
      where: wanted.map((f) => ({ footprintId, roundId: In(runs.map((r) => r.roundId)), scope: f.scope as Score['scope'], subject: f.subject, measure: f.measure })),
    });
    const views = new Map(this.gate.scores(rows, k, decisions).map((v) => [`${v.roundId}|${v.scope}|${v.subject}|${v.measure}`, v]));
    const viewOf = (roundId: string, f: LinkedFigure) => views.get(`${roundId}|${f.scope}|${f.subject}|${f.measure}`);

    return actions.map((action, i) => {
      const figure = figures[i]!;
      const baseline = runs.find((r) => r.roundId === action.baselineRoundId);
      if (!figure || !baseline) return { figure, outcomes: [] };
      const before = gatedFigure({ id: baseline.roundId, period: baseline.period }, viewOf(baseline.roundId, figure));
      const outcomes = runs
        .filter((r) => r.period > baseline.period)
        .map((r) => outcomeOf(before, gatedFigure({ id: r.roundId, period: r.period }, viewOf(r.roundId, figure))));
      return { figure, outcomes };
    });
  }
}
