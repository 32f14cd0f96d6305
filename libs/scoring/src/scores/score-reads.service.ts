import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Page, paginate } from '@pp/core';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { AnonymityGate, type RoundDecisions } from '../anonymity/anonymity.service';
import type { DistributionView, ScoreView } from '../anonymity/gated-views';
import { nextPublicationAt, type ProvisionalCoverage } from '../anonymity/provisional-coverage';
import { QuestionDistribution } from '../distributions/question-distribution.entity';
import type { DistributionsQuery, FootprintScoresQuery, ScoreHistoryQuery, ScoresQuery } from '../dto/scores.query';
import { RoundScoring } from './round-scoring.entity';
import { Score } from './score.entity';

export interface ScoredRound {
  id: string;
  period: string;
  provisional: boolean;
  respondents: number;
  computedAt: Date;
  respondentsSincePublication: number | null;
  coverage: ProvisionalCoverage | null;
}

export interface ScoresPage extends Page<ScoreView> {
  footprintId: string;
  anonymityThreshold: number;
  round: ScoredRound | null;
}

export interface ScoreHistory extends Page<ScoreView> {
  footprintId: string;
  anonymityThreshold: number;
  rounds: ScoredRound[];
}

export interface DistributionsPage extends Page<DistributionView> {
  roundId: string;
  anonymityThreshold: number;
}

const DEFAULT_HISTORY = 4;
/** Rows ordered by their natural key, so pages are stable and a subject's measures sit together. */
const SCORE_ORDER = "s.scope || '|' || s.subject || '|' || s.measure";
const HISTORY_ORDER = `${SCORE_ORDER} || '|' || s.period`;

/** `now`: an open round's respondents so far and k, for what its provisional figures cover. */
function scoredRound(run: RoundScoring, now: { responses: number; k: number } | null = null): ScoredRound {
  const live = run.provisional && now !== null;
  return {
    id: run.roundId,
    period: run.period,
    provisional: run.provisional,
    respondents: run.respondents,
    computedAt: run.computedAt,
    respondentsSincePublication: live ? Math.max(0, now.responses - run.respondents) : null,
    // From what is published, not from the count now: a republication already due waits for its debounced rescore.
    coverage: live ? { respondentsCovered: run.respondents, respondentsSoFar: now.responses, nextPublicationAt: nextPublicationAt(run.respondents, now.k) } : null,
  };
}

/** Reads of stored scores and distributions; every one leaves through the anonymity gate. */
@Injectable()
export class ScoreReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AnonymityGate,
  ) {}

  /** A footprint's scores in its latest scored round, or in the scored round of `period`. */
  async latest(footprintId: string, query: FootprintScoresQuery): Promise<ScoresPage> {
    const k = await this.gate.threshold(footprintId);
    const runs = this.dataSource.getRepository(RoundScoring);
    const run = query.period
      ? await runs.findOneBy({ footprintId, period: query.period, provisional: false })
      : await runs.findOne({ where: { footprintId, provisional: false }, order: { period: 'DESC' } });
    if (!run && query.period) throw new NotFoundError('Scored round', `${query.period} of footprint ${footprintId}`);
    if (!run) return { footprintId, anonymityThreshold: k, round: null, items: [], nextCursor: null };
    const decisions = await this.gate.decisions(footprintId, k, { from: run.period, to: run.period });
    return { footprintId, anonymityThreshold: k, round: scoredRound(run), ...(await this.page(this.scores(query).andWhere('s.round_id = :roundId', { roundId: run.roundId }), SCORE_ORDER, query, k, decisions)) };
  }

  /** One round's scores as they stand: provisional while it is open. */
  async forRound(roundId: string, query: ScoresQuery): Promise<ScoresPage> {
    const run = await this.dataSource.getRepository(RoundScoring).findOneBy({ roundId });
    const footprintId = run?.footprintId ?? (await this.footprintOfRound(roundId));
    const k = await this.gate.threshold(footprintId);
    if (!run) return { footprintId, anonymityThreshold: k, round: null, items: [], nextCursor: null };
    const decisions = await this.gate.decisions(footprintId, k, { from: run.period, to: run.period });
    const round = scoredRound(run, run.provisional ? { responses: await this.responses(roundId), k } : null);
    return { footprintId, anonymityThreshold: k, round, ...(await this.page(this.scores(query).andWhere('s.round_id = :roundId', { roundId }), SCORE_ORDER, query, k, decisions)) };
  }

  /** Each score over the footprint's latest scored rounds, with its comparisons: the trend view. */
  async history(footprintId: string, query: ScoreHistoryQuery): Promise<ScoreHistory> {
    const k = await this.gate.threshold(footprintId);
    const runs = await this.dataSource.getRepository(RoundScoring).find({
      where: { footprintId, provisional: false },
      order: { period: 'DESC' },
      take: query.rounds ?? DEFAULT_HISTORY,
    });
    const rounds = runs.reverse().map((run) => scoredRound(run));
    if (rounds.length === 0) return { footprintId, anonymityThreshold: k, rounds, items: [], nextCursor: null };
    const rows = this.scores(query).andWhere('s.round_id IN (:...roundIds)', { roundIds: rounds.map((r) => r.id) });
    const decisions = await this.gate.decisions(footprintId, k, { from: rounds[0]!.period, to: rounds[rounds.length - 1]!.period });
    return { footprintId, anonymityThreshold: k, rounds, ...(await this.page(rows, HISTORY_ORDER, query, k, decisions, true)) };
  }

  async distributions(roundId: string, query: DistributionsQuery): Promise<DistributionsPage> {
    const footprintId = await this.footprintOfRound(roundId);
    const k = await this.gate.threshold(footprintId);
    const run = await this.dataSource.getRepository(RoundScoring).findOneBy({ roundId });
    if (!run) return { roundId, anonymityThreshold: k, items: [], nextCursor: null };
    const decisions = await this.gate.decisions(footprintId, k, { from: run.period, to: run.period });
    const rows = this.dataSource.getRepository(QuestionDistribution).createQueryBuilder('d').where('d.round_id = :roundId', { roundId });
    if (query.question) rows.andWhere('d.question_key = :question', { question: query.question });
    if (query.breakdown) rows.andWhere('d.breakdown = :breakdown', { breakdown: query.breakdown });
    const order = "d.question_key || '|' || d.breakdown || '|' || d.group_key";
    const page = await paginate(rows, order, (d) => `${d.questionKey}|${d.breakdown}|${d.groupKey}`, query);
    const options = await this.optionsOfRound(roundId);
    return { roundId, anonymityThreshold: k, items: this.gate.distributions(page.items, (key) => options.get(key) ?? [], k, decisions, run.provisional), nextCursor: page.nextCursor };
  }

  private scores(query: ScoresQuery): SelectQueryBuilder<Score> {
    const rows = this.dataSource.getRepository(Score).createQueryBuilder('s');
    if (query.scope) rows.andWhere('s.scope = :scope', { scope: query.scope });
    if (query.measure) rows.andWhere('s.measure = :measure', { measure: query.measure });
    if (query.organisationId) {
      const organisationId = query.organisationId;
      rows.andWhere(new Brackets((about) => about.where('s.organisation_id = :organisationId', { organisationId }).orWhere('s.partner_organisation_id = :organisationId')));
    }
    return rows;
  }

  private async page(rows: SelectQueryBuilder<Score>, order: string, query: ScoresQuery, k: number, decisions: RoundDecisions, withPeriod = false): Promise<Page<ScoreView>> {
    const keyOf = (s: Score) => `${s.scope}|${s.subject}|${s.measure}${withPeriod ? `|${s.period}` : ''}`;
    const page = await paginate(rows, order, keyOf, query);
    return { items: this.gate.scores(page.items, k, decisions), nextCursor: page.nextCursor };
  }

  private async responses(roundId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM response WHERE round_id = $1', [roundId]);
    return row?.n ?? 0;
  }

  private async footprintOfRound(roundId: string): Promise<string> {
    const [round] = await this.dataSource.query<{ footprint_id: string }[]>('SELECT footprint_id FROM round WHERE id = $1', [roundId]);
    if (!round) throw new NotFoundError('Round', roundId);
    return round.footprint_id;
  }

  /** Option values and labels of the round's questions, for the distributions' option names. */
  private async optionsOfRound(roundId: string): Promise<Map<string, { value: string; label: string }[]>> {
    const questions = await this.dataSource.query<{ key: string; options: { value: string; label: string }[] }[]>(
      'SELECT q.key, q.options FROM question q JOIN round r ON r.instrument_id = q.instrument_id WHERE r.id = $1',
      [roundId],
    );
    return new Map(questions.map((q) => [q.key, q.options]));
  }
}
