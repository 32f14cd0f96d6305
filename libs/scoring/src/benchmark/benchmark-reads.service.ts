import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { DataSource, In } from 'typeorm';
import { AnonymityGate } from '../anonymity/anonymity.service';
import { type BenchmarkReason, benchmarkFigure, contributionsByMeasure, type CutPoints, type GatedValue, type Quartile } from '../benchmark';
import { RoundScoring } from '../scores/round-scoring.entity';
import { Score } from '../scores/score.entity';
import { RHI } from '../scores/score-scopes';

/** The figures compared: the footprint's RHI and each dimension, footprint-wide. */
const BENCHMARK_SCOPES = ['footprint', 'dimension'];

export interface GatedFigure extends GatedValue {
  scope: string;
  /** As the anonymity gate shows it: null when withheld, and then neither shown nor contributed. */
  value: number | null;
}

export interface FigureStanding {
  scope: string;
  measure: string;
  value: number | null;
  withheld: boolean;
  reason: BenchmarkReason | null;
  contributors: number | null;
  percentile: number | null;
  quartile: Quartile | null;
  cutPoints: CutPoints | null;
}

export interface FootprintBenchmark {
  footprintId: string;
  period: string | null;
  sharing: boolean;
  scored: boolean;
  figures: FigureStanding[];
}

export interface SharingFootprint {
  footprintId: string;
  code: string;
  name: string;
  roundId: string | null;
  scored: boolean;
  figures: FigureStanding[];
}

export interface BenchmarkTable {
  period: string | null;
  footprints: SharingFootprint[];
}

interface Sharer {
  footprintId: string;
  code: string;
  name: string;
  run: RoundScoring | null;
}

/** RHI first, then dimensions by key: the order every reader lists figures in. */
const byFigure = (a: { scope: string; measure: string }, b: { scope: string; measure: string }) =>
  Number(a.measure !== RHI) - Number(b.measure !== RHI) || a.measure.localeCompare(b.measure);

/**
 * The national benchmark, read at each request: who shares is the footprints' setting now, so a
 * footprint that withdraws leaves every period at once, and each contribution is the figure its own
 * footprint's anonymity gate shows (the same decisions the scores routes apply).
 */
@Injectable()
export class BenchmarkReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AnonymityGate,
  ) {}

  /** One footprint's standing; other footprints appear only as counts and cut points. */
  async forFootprint(footprintId: string, requestedPeriod: string | undefined): Promise<FootprintBenchmark> {
    const [footprint] = await this.dataSource.query<{ benchmark_sharing: boolean }[]>('SELECT benchmark_sharing FROM footprint WHERE id = $1', [footprintId]);
    if (!footprint) throw new NotFoundError('Footprint', footprintId);
    const sharing = footprint.benchmark_sharing;
    const runs = this.dataSource.getRepository(RoundScoring);
    const run = requestedPeriod
      ? await runs.findOneBy({ footprintId, period: requestedPeriod, provisional: false })
      : await runs.findOne({ where: { footprintId, provisional: false }, order: { period: 'DESC' } });
    const period = requestedPeriod ?? run?.period ?? null;
    if (!run || period === null) return { footprintId, period, sharing, scored: false, figures: [] };
    // Give-to-get: a footprint that does not share learns nothing of the others, not even how many share.
    const sharerRuns = sharing ? scoredRuns(await this.sharers(period)) : [];
    // Its own run is one of the sharers' when it shares: gated once, for its standing and its contribution alike.
    const gated = await this.figuresOf([run, ...sharerRuns]);
    const contributions = contributionsByMeasure(sharerRuns.map((sharer) => gated.get(sharer.roundId)!));
    const figures = gated.get(run.roundId)!.map((figure) => standing(figure, { sharing, scored: true, contributions: contributions.get(figure.measure) ?? [] }));
    return { footprintId, period, sharing, scored: true, figures };
  }

  /** Every sharing footprint with its figures and standing: the platform admins' table. */
  async table(requestedPeriod: string | undefined): Promise<BenchmarkTable> {
    const period = requestedPeriod ?? (await this.latestSharedPeriod());
    if (period === null) return { period, footprints: [] };
    const sharers = await this.sharers(period);
    const runs = scoredRuns(sharers);
    const gated = await this.figuresOf(runs);
    const contributions = contributionsByMeasure(runs.map((run) => gated.get(run.roundId)!));
    return {
      period,
      footprints: sharers.map((sharer) => ({
        footprintId: sharer.footprintId,
        code: sharer.code,
        name: sharer.name,
        roundId: sharer.run?.roundId ?? null,
        scored: sharer.run !== null,
        figures: (sharer.run ? gated.get(sharer.run.roundId)! : []).map((figure) => standing(figure, { sharing: true, scored: true, contributions: contributions.get(figure.measure) ?? [] })),
      })),
    };
  }

  /** Footprints sharing now (archived ones never), by name, with their final scoring of `period` if any. */
  private async sharers(period: string): Promise<Sharer[]> {
    const rows = await this.dataSource.query<{ id: string; code: string; name: string; round_id: string | null }[]>(
      `SELECT f.id, f.code, f.name, rs.round_id
         FROM footprint f
         LEFT JOIN round_scoring rs ON rs.footprint_id = f.id AND rs.period = $1 AND NOT rs.provisional
        WHERE f.benchmark_sharing AND f.archived_at IS NULL
        ORDER BY f.name, f.id`,
      [period],
    );
    const scored = rows.flatMap((row) => (row.round_id ? [row.round_id] : []));
    const runs = new Map((scored.length ? await this.dataSource.getRepository(RoundScoring).findBy({ roundId: In(scored) }) : []).map((run) => [run.roundId, run]));
    return rows.map((row) => ({ footprintId: row.id, code: row.code, name: row.name, run: (row.round_id && runs.get(row.round_id)) || null }));
  }

  /**
   * Scored rounds' RHI and dimensions through each one's footprint's anonymity gate, by round: each
   * round gated once (its footprint's k and decisions read once) however often `runs` names it, and
   * the scores of every round read in one query.
   */
  private async figuresOf(runs: readonly RoundScoring[]): Promise<Map<string, GatedFigure[]>> {
    const unique = [...new Map(runs.map((run) => [run.roundId, run])).values()];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Score).findBy({ roundId: In(unique.map((run) => run.roundId)), scope: In(BENCHMARK_SCOPES) });
    const rowsOf = new Map<string, Score[]>();
    for (const row of rows) (rowsOf.get(row.roundId) ?? rowsOf.set(row.roundId, []).get(row.roundId)!).push(row);
    return new Map(
      await Promise.all(
        unique.map(async (run): Promise<[string, GatedFigure[]]> => {
          const k = await this.gate.threshold(run.footprintId);
          const decisions = await this.gate.decisions(run.footprintId, k, { from: run.period, to: run.period });
          const figures = this.gate
            .scores(rowsOf.get(run.roundId) ?? [], k, decisions)
            .map((view) => ({ scope: view.scope, measure: view.measure, value: view.suppressed ? null : view.mean }))
            .sort(byFigure);
          return [run.roundId, figures];
        }),
      ),
    );
  }

  private async latestSharedPeriod(): Promise<string | null> {
    const [row] = await this.dataSource.query<{ period: string }[]>(
      `SELECT max(rs.period) AS period FROM round_scoring rs JOIN footprint f ON f.id = rs.footprint_id
        WHERE NOT rs.provisional AND f.benchmark_sharing AND f.archived_at IS NULL`,
    );
    return row?.period ?? null;
  }
}

/** The final scoring runs of the footprints that have one for the period, in the footprints' order. */
const scoredRuns = (sharers: readonly Sharer[]): RoundScoring[] => sharers.flatMap((sharer) => (sharer.run ? [sharer.run] : []));

function standing(figure: GatedFigure, context: { sharing: boolean; scored: boolean; contributions: readonly number[] }): FigureStanding {
  const result = benchmarkFigure({ ...context, own: figure.value });
  const { scope, measure, value } = figure;
  if (result.withheld) return { scope, measure, value, withheld: true, reason: result.reason, contributors: null, percentile: null, quartile: null, cutPoints: null };
  return { scope, measure, value, withheld: false, reason: null, contributors: result.contributors, percentile: result.percentile, quartile: result.quartile, cutPoints: result.cutPoints };
}
