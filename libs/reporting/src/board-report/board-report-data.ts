import { Injectable } from '@nestjs/common';
import { type ActionInRound, ActionOutcomes } from '@pp/actions';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import type { Scope } from '@pp/identity';
import { type OrganisationType, sectorOf } from '@pp/registry';
import { anonymityThreshold, type Scope as ScoreScope, ScoreReads, type ScoreView } from '@pp/scoring';
import { DataSource } from 'typeorm';
import { MAX_BI_PAGE_SIZE } from '../dto/bi-query';
import { ALERTS } from '../read-models/alert.read-model';
import { BiReader } from '../read-models/bi-reader';
import type { JsonValue } from '../read-models/columns';
import { RESPONSE_RATES } from '../read-models/survey.read-models';
import { boardReportFingerprint } from './board-report-job';

/** A member organisation invited to the round, as the heatmap and network map name it. */
export interface ReportMember {
  id: string;
  code: string;
  name: string;
  sector: string;
}

/** One footprint-wide measure over the footprint's scored rounds up to this one (null: withheld). */
export interface TrendSeries {
  measure: string;
  label: string;
  values: (number | null)[];
}

/** Everything the board report shows, each figure as the API gives it (through the same gate). */
export interface BoardReportData {
  footprint: { id: string; code: string; name: string };
  round: { id: string; period: string; computedAt: string };
  k: number;
  fingerprint: string;
  /** Dimension keys to their names, in the instrument's order. */
  dimensionNames: Map<string, string>;
  rhi: ScoreView | null;
  dimensions: ScoreView[];
  trend: { periods: string[]; series: TrendSeries[] };
  members: ReportMember[];
  dyads: ScoreView[];
  /** The BI alerts read model's rows of this round: a withheld subject is null, `suppressed` true. */
  alerts: Record<string, JsonValue>[];
  /** The BI response-rates read model's rows of this round, one per invited organisation. */
  responseRates: Record<string, JsonValue>[];
  /** The footprint's action plans with their figure before and in this round, as GET /actions/{id} gives them (through the gate). */
  actions: ActionInRound[];
}

/** Round pages the scores are read in: the largest the score routes serve. */
const SCORE_PAGE = 500;
const TREND_ROUNDS = 6;

/**
 * Reads a round's board report figures through the readers the API serves them with: scores and
 * trends through ScoreReads (GET /rounds/{id}/scores and /footprints/{id}/scores/history, the
 * anonymity gate's stored decisions), alerts and response rates through the BI read models and
 * their gate. No figure is computed here, so the PDF withholds exactly what the API withholds.
 */
@Injectable()
export class BoardReportReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scores: ScoreReads,
    private readonly bi: BiReader,
    private readonly actions: ActionOutcomes,
  ) {}

  /** The round's figures, or null while it has no final scores (nothing to report yet). */
  async read(roundId: string): Promise<BoardReportData | null> {
    const [round] = await this.dataSource.query<
      { period: string; footprint_id: string; code: string; name: string; k: number; dimensions: { key: string; name: string }[]; computed_at: string | null; provisional: boolean | null }[]
    >(
      `SELECT r.period, r.footprint_id, f.code, f.name, f.anonymity_threshold AS k, i.dimensions, rs.computed_at::text AS computed_at, rs.provisional
       FROM round r JOIN footprint f ON f.id = r.footprint_id JOIN instrument i ON i.id = r.instrument_id
       LEFT JOIN round_scoring rs ON rs.round_id = r.id WHERE r.id = $1`,
      [roundId],
    );
    if (!round) throw new NotFoundError('Round', roundId);
    if (round.computed_at === null || round.provisional !== false) return null;
    const k = anonymityThreshold(round.k);
    const footprint = { id: round.footprint_id, code: round.code, name: round.name };
    const headline = await this.roundScores(roundId, ['footprint', 'dimension']);
    const dimensionNames = new Map(round.dimensions.map((d) => [d.key, d.name]));
    const dimensions = headline.filter((s) => s.scope === 'dimension').sort((a, b) => order(dimensionNames, a.measure) - order(dimensionNames, b.measure));
    const scope: Scope = { all: false, footprintIds: [footprint.id], organisationIds: [] };
    const inRound = (rows: Record<string, JsonValue>[]) => rows.filter((row) => row.round_id === roundId);
    return {
      footprint,
      round: { id: roundId, period: round.period, computedAt: round.computed_at },
      k,
      fingerprint: boardReportFingerprint(round.computed_at, k),
      dimensionNames,
      rhi: headline.find((s) => s.scope === 'footprint') ?? null,
      dimensions,
      trend: await this.trend(footprint.id, round.period, dimensionNames),
      members: await this.members(roundId),
      dyads: await this.roundScores(roundId, ['dyad']),
      alerts: inRound((await this.bi.page(ALERTS, { from: round.period, to: round.period, limit: MAX_BI_PAGE_SIZE }, scope)).items),
      responseRates: inRound((await this.bi.page(RESPONSE_RATES, { from: round.period, to: round.period, limit: MAX_BI_PAGE_SIZE }, scope)).items),
      actions: await this.actions.inRound(footprint.id, roundId),
    };
  }

  /** Every score of the round in `scopes`, page by page as a client of GET /rounds/{id}/scores reads them. */
  private async roundScores(roundId: string, scopes: ScoreScope[]): Promise<ScoreView[]> {
    const all: ScoreView[] = [];
    for (const scope of scopes) {
      let cursor: string | undefined;
      do {
        const page = await this.scores.forRound(roundId, { scope, limit: SCORE_PAGE, cursor });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return all;
  }

  /** The RHI and each dimension over the footprint's scored rounds up to this one, from the history route's reader. */
  private async trend(footprintId: string, period: string, names: Map<string, string>): Promise<BoardReportData['trend']> {
    const views: ScoreView[] = [];
    let periods: string[] = [];
    for (const scope of ['footprint', 'dimension'] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.scores.history(footprintId, { scope, rounds: 20, limit: SCORE_PAGE, cursor });
        periods = page.rounds.map((r) => r.period);
        views.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    periods = periods.filter((p) => p <= period).slice(-TREND_ROUNDS);
    const measures = ['rhi', ...names.keys()];
    return {
      periods,
      series: measures.map((measure) => ({
        measure,
        label: measure === 'rhi' ? 'RHI' : (names.get(measure) ?? measure),
        values: periods.map((p) => views.find((v) => v.period === p && v.measure === measure && (measure === 'rhi' ? v.scope === 'footprint' : v.scope === 'dimension'))?.mean ?? null),
      })),
    };
  }

  private async members(roundId: string): Promise<ReportMember[]> {
    const rows = await this.dataSource.query<{ id: string; code: string; name: string; type: OrganisationType }[]>(
      'SELECT o.id, o.code, o.name, o.type FROM invitation i JOIN organisation o ON o.id = i.organisation_id WHERE i.round_id = $1 ORDER BY o.code',
      [roundId],
    );
    return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, sector: sectorOf(row.type) }));
  }
}

function order(names: Map<string, string>, key: string): number {
  const i = [...names.keys()].indexOf(key);
  return i < 0 ? names.size : i;
}
