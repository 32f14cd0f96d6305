import { Inject, Injectable } from '@nestjs/common';
import { type ActionInRound, ActionOutcomes } from '@pp/actions';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Settings, SettingsService } from '@pp/core';
import type { Scope } from '@pp/identity';
import { type OrganisationType, sectorOf } from '@pp/registry';
import { anonymityThreshold, type Scope as ScoreScope, ScoreReads, type ScoreView } from '@pp/scoring';
import { DataSource } from 'typeorm';
import { type BiQuery, MAX_BI_PAGE_SIZE } from '../dto/bi-query';
import { ALERTS } from '../read-models/alert.read-model';
import { BiReader } from '../read-models/bi-reader';
import type { JsonValue } from '../read-models/columns';
import type { ReadModel } from '../read-models/read-model';
import { RESPONSE_RATES } from '../read-models/survey.read-models';
import { boardReportFingerprint } from './board-report-job';
import { type AlertTally, NO_ALERTS, NO_RESPONSES, type ResponseTally, tallyAlerts, tallyResponses } from './round-tables';
import { NO_TIE_CHANGES, type TieChanges, tieChanges } from './tie-changes';
import { NO_WEAK_TIES, showsEveryTie, type WeakestTies, weakestTies } from './tie-detail';

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

/**
 * The ties between members as the report shows them: every dyad while the round has at most the
 * detail limit's members, else the sector pairs' scores and the weakest ties of concern (tie-detail.ts).
 */
export type TieDetail = { kind: 'members'; dyads: ScoreView[] } | ({ kind: 'sectors'; detailLimit: number; sectorPairs: ScoreView[] } & WeakestTies);

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
  ties: TieDetail;
  /** The five most improved and most deteriorated ties, ranked over every dyad the gate shows. */
  tieChanges: TieChanges;
  /** The BI alerts read model's rows of this round, tallied (a withheld subject is null, `suppressed` true): every row, or the most severe above the detail limit. */
  alerts: AlertTally;
  /** The BI response-rates read model's rows of this round, one per invited organisation, tallied: every row, or the lowest rates above the detail limit. */
  responseRates: ResponseTally;
  /** The footprint's action plans with their figure before and in this round, as GET /actions/{id} gives them (through the gate). */
  actions: ActionInRound[];
}

/** Round pages the scores are read in: the largest the score routes serve. */
const SCORE_PAGE = 500;
/** Above the detail limit: the alerts listed (the most severe) and the organisations listed (the lowest response rates). */
export const ALERTS_LISTED = 40;
export const RESPONSE_RATES_LISTED = 30;
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
    @Inject(SettingsService) private readonly settings: Settings,
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
    const members = await this.members(roundId);
    const ties = await this.ties(roundId, members.length);
    const summarised = ties.ties.kind === 'sectors';
    let alerts = NO_ALERTS;
    await this.eachBiPage(ALERTS, round.period, scope, roundId, (rows) => (alerts = tallyAlerts(rows, summarised ? ALERTS_LISTED : null, alerts)));
    let responseRates = NO_RESPONSES;
    await this.eachBiPage(RESPONSE_RATES, round.period, scope, roundId, (rows) => (responseRates = tallyResponses(rows, summarised ? RESPONSE_RATES_LISTED : null, responseRates)));
    return {
      footprint,
      round: { id: roundId, period: round.period, computedAt: round.computed_at },
      k,
      fingerprint: boardReportFingerprint(round.computed_at, k),
      dimensionNames,
      rhi: headline.find((s) => s.scope === 'footprint') ?? null,
      dimensions,
      trend: await this.trend(footprint.id, round.period, dimensionNames),
      members,
      ...ties,
      alerts,
      responseRates,
      actions: await this.actions.inRound(footprint.id, roundId),
    };
  }

  /**
   * The ties as the report shows them, and the ties that changed most. A round within the detail
   * limit keeps its dyads (at most limit × (limit − 1)) for the heatmap and the network map; a larger
   * one is read page by page, each page ranked into the tie changes and the weakest ties and then
   * dropped, so what the reader holds does not grow with the round.
   */
  private async ties(roundId: string, members: number): Promise<Pick<BoardReportData, 'ties' | 'tieChanges'>> {
    const detailLimit = this.settings.get('BOARD_REPORT_DETAIL_MEMBERS', { infer: true });
    if (showsEveryTie(members, detailLimit)) {
      const dyads = await this.roundScores(roundId, ['dyad']);
      return { ties: { kind: 'members', dyads }, tieChanges: tieChanges(dyads) };
    }
    let changes = NO_TIE_CHANGES;
    let weak = NO_WEAK_TIES;
    await this.eachPage(roundId, 'dyad', (dyads) => {
      changes = tieChanges(dyads, 5, changes);
      weak = weakestTies(dyads, undefined, weak);
    });
    const sectorPairs = await this.roundScores(roundId, ['sector_pair']);
    return { ties: { kind: 'sectors', detailLimit, sectorPairs, ...weak }, tieChanges: changes };
  }

  /** Every score of the round in `scopes`. */
  private async roundScores(roundId: string, scopes: ScoreScope[]): Promise<ScoreView[]> {
    const all: ScoreView[] = [];
    for (const scope of scopes) await this.eachPage(roundId, scope, (items) => all.push(...items));
    return all;
  }

  /** A BI read model's rows of the round (its period, then its id), page by page as a BI client follows `nextCursor`. */
  private async eachBiPage<Q extends BiQuery>(model: ReadModel<Q>, period: string, scope: Scope, roundId: string, visit: (rows: Record<string, JsonValue>[]) => void): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.bi.page(model, { from: period, to: period, limit: MAX_BI_PAGE_SIZE, cursor } as Q, scope);
      visit(page.items.filter((row) => row.round_id === roundId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The round's scores of `scope`, page by page as a client of GET /rounds/{id}/scores reads them. */
  private async eachPage(roundId: string, scope: ScoreScope, visit: (items: ScoreView[]) => void): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.scores.forRound(roundId, { scope, limit: SCORE_PAGE, cursor });
      visit(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
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
