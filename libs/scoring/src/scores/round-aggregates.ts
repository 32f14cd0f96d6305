import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ORGANISATION_TYPES, SECTORS, sectorOf } from '@pp/registry';
import { DataSource, type EntityManager } from 'typeorm';
import { type AnswerCounts, distributionRows, type DistributionRow } from '../distributions/distribution-rows';
import type { SampleSummary } from '../statistics';
import type { DyadAggregate, GroupScores, RoundAggregates, SectorPairRespondents } from './score-rows';
import {
  type CountedQuestion,
  countsOf,
  DYAD_SCORES,
  ORGANISATION_SECTORS,
  partnerAnswerCountsSql,
  RATING_RESPONSES,
  RESPONDENT_GROUPING,
  respondentAnswerCountsSql,
  respondentScoresSql,
  ROUND_CONTEXT,
  ROUND_ORGANISATIONS,
  ROUND_QUESTIONS,
} from './score-queries';

export interface RoundToScore {
  id: string;
  footprintId: string;
  period: string;
  status: 'draft' | 'open' | 'closed' | 'scored';
  instrumentId: string;
  dimensions: { key: string; weight: number }[];
}

/** The last respondent a provisional run covers, in first-submission order (score-queries.ts, covered()). */
export interface CoverageCutoff {
  /** Their `first_submitted_at` as PostgreSQL's text, so it compares exactly (microseconds). */
  firstSubmittedAt: string;
  responseId: string;
}

export interface RoundAnswers {
  aggregates: RoundAggregates;
  distributions: DistributionRow[];
  responses: number;
}

/** Hash aggregates over millions of ratings stay in memory instead of spilling to disk (per statement node, this transaction only). */
export const SCORING_WORK_MEM = '64MB';

type Row = Record<string, unknown>;

interface QuestionRow {
  key: string;
  type: 'scale' | 'yes_no' | 'single_choice' | 'partner_rating';
  slot: number;
  option_count: number;
  reversed: boolean;
  required: boolean;
}

interface RatingResponses {
  organisation_id: string;
  respondent_role: string;
  sectors: number | null;
  respondents: number;
}

/** Organisation types with their sectors and sector bits, so SQL groups by sector without storing it (sectorOf() decides). */
const TYPES = [...ORGANISATION_TYPES];
const TYPE_SECTORS = TYPES.map((type) => sectorOf(type));
const TYPE_SECTOR_BITS = TYPE_SECTORS.map((sector) => SECTORS.indexOf(sector));

const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?$/i;

function summary(row: Row, prefix: string): SampleSummary {
  return { n: row[`${prefix}_n`] as number, mean: row[`${prefix}_mean`] as number | null, sd: row[`${prefix}_sd`] as number | null };
}

function groupScores(row: Row, dimensionCount: number): GroupScores {
  return {
    responses: row.responses as number,
    rhi: summary(row, 'rhi'),
    dimensions: Array.from({ length: dimensionCount }, (_, i) => summary(row, `d${i}`)),
  };
}

const counted = (q: QuestionRow): CountedQuestion => ({ slot: q.slot, optionCount: q.option_count, required: q.required });

/**
 * Reads a round's aggregates with the set-based statements of score-queries.ts. The statements run
 * on two connections at once, the caller's transaction and a read-only one that imports its snapshot
 * (pg_export_snapshot), so both see exactly the same rows: the caller's transaction must be
 * REPEATABLE READ.
 */
@Injectable()
export class RoundAggregatesReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async round(manager: EntityManager, roundId: string): Promise<RoundToScore | null> {
    const [row] = await manager.query<Row[]>(ROUND_CONTEXT, [roundId]);
    if (!row) return null;
    return {
      id: row.id as string,
      footprintId: row.footprint_id as string,
      period: row.period as string,
      status: row.status as RoundToScore['status'],
      instrumentId: row.instrument_id as string,
      dimensions: (row.dimensions as { key: string; weight?: number }[]).map((d) => ({ key: d.key, weight: d.weight ?? 1 })),
    };
  }

  /** Every response of the round, or with `cutoff` only the first ones up to it (a provisional run). */
  async read(manager: EntityManager, round: RoundToScore, cutoff: CoverageCutoff | null = null): Promise<RoundAnswers> {
    const [{ snapshot }] = await manager.query<{ snapshot: string }[]>('SELECT pg_export_snapshot() AS snapshot');
    const questions = await manager.query<QuestionRow[]>(ROUND_QUESTIONS, [round.instrumentId]);
    const respondentQuestions = questions.filter((q) => q.type !== 'partner_rating');
    const partnerQuestions = questions.filter((q) => q.type === 'partner_rating');
    const dimensions = round.dimensions.map((d) => d.key);
    const upTo = [cutoff?.firstSubmittedAt ?? null, cutoff?.responseId ?? null];

    // Largest first: each connection takes the next statement as soon as it is free.
    const statements: Statement[] = [
      ['partnerCounts', partnerQuestions.length ? partnerAnswerCountsSql(partnerQuestions.map(counted)) : null, [round.id, ...upTo]],
      ['dyads', DYAD_SCORES, [round.id, ...upTo]],
      ['ratingResponses', RATING_RESPONSES, [round.id, TYPES, TYPE_SECTOR_BITS, ...upTo]],
      ['groups', respondentScoresSql(dimensions.length), [round.id, round.dimensions.map((d) => d.weight), TYPES, TYPE_SECTORS, ...upTo]],
      ['respondentCounts', respondentQuestions.length ? respondentAnswerCountsSql(respondentQuestions.map(counted)) : null, [round.id, ...upTo]],
      ['invitedOrAnswering', ROUND_ORGANISATIONS, [round.id]],
    ];
    const results = await this.inSnapshot(snapshot, (reader) => runShared([manager, reader], statements));
    const dyads = results.dyads as { organisation_id: string; partner_organisation_id: string; n: number; mean: number; sd: number | null }[];
    const ratingResponses = results.ratingResponses as RatingResponses[];
    const ids = new Set([...(results.invitedOrAnswering as { id: string }[]).map((o) => o.id), ...dyads.flatMap((d) => [d.organisation_id, d.partner_organisation_id])]);
    const organisations = await manager.query<{ id: string; type: string; sector: string }[]>(ORGANISATION_SECTORS, [[...ids], TYPES, TYPE_SECTORS]);
    const read = { groups: results.groups as Row[], dyads, ratingResponses, respondentCounts: results.respondentCounts as Row[], organisations };
    const partnerCounts = results.partnerCounts as Row[];

    const sectorOfMember = new Map(read.organisations.map((o) => [o.id, o.sector]));
    const footprintRow = read.groups.find((g) => g.grouping === RESPONDENT_GROUPING.footprint) as Row;
    return {
      responses: footprintRow.responses as number,
      aggregates: {
        dimensions,
        footprint: groupScores(footprintRow, dimensions.length),
        organisations: new Map(
          read.groups.filter((g) => g.grouping === RESPONDENT_GROUPING.organisation).map((g) => [g.organisation_id as string, groupScores(g, dimensions.length)]),
        ),
        sectors: new Map(read.groups.filter((g) => g.grouping === RESPONDENT_GROUPING.sector).map((g) => [g.sector as string, groupScores(g, dimensions.length)])),
        dyads: read.dyads.map((d): DyadAggregate => ({ rater: d.organisation_id, rated: d.partner_organisation_id, n: d.n, mean: d.mean, sd: d.sd })),
        sectorPairs: sectorPairRespondents(read.ratingResponses, sectorOfMember),
        raters: ratersByOrganisation(read.ratingResponses),
        members: sectorOfMember,
      },
      // Summed into the distributions here, one (organisation, role) group at a time: as a list, a
      // large round's groups (8,820 × 2 of them in bench:scoring, an array per question each) held
      // about 50 MB for the whole run.
      distributions: distributionRows(
        [...respondentQuestions, ...partnerQuestions].map((q) => ({ key: q.key, optionCount: q.option_count, ordered: q.type !== 'single_choice', reversed: q.reversed })),
        answerCounts(respondentQuestions, partnerQuestions, read.respondentCounts, partnerCounts, read.ratingResponses),
        { sectorOf: sectorOfMember, typeOf: new Map(read.organisations.map((o) => [o.id, o.type])) },
      ),
    };
  }

  /** Runs `work` in a read-only transaction on a connection of its own that sees `snapshot`. */
  private async inSnapshot<T>(snapshot: string, work: (reader: EntityManager) => Promise<T>): Promise<T> {
    if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`Unexpected snapshot id ${snapshot}`);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      await runner.query(`SET LOCAL work_mem = '${SCORING_WORK_MEM}'`);
      return await work(runner.manager);
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}

/** A named statement and its parameters; a null statement has nothing to read and gives no rows. */
type Statement = [name: string, sql: string | null, parameters: unknown[]];

/** Runs the statements on the connections at once, each connection taking the next one when it is free. */
async function runShared(connections: readonly EntityManager[], statements: readonly Statement[]): Promise<Record<string, unknown[]>> {
  const results: Record<string, unknown[]> = {};
  const queue = [...statements];
  await Promise.all(
    connections.map(async (connection) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, sql, parameters] = next;
        results[name] = sql === null ? [] : await connection.query(sql, parameters);
      }
    }),
  );
  return results;
}

/** Respondents of each organisation who gave at least one scored partner rating. */
function ratersByOrganisation(rows: readonly RatingResponses[]): Map<string, number> {
  const raters = new Map<string, number>();
  for (const row of rows) if (row.sectors) raters.set(row.organisation_id, (raters.get(row.organisation_id) ?? 0) + row.respondents);
  return raters;
}

/** Distinct respondents per sector pair: a response counts once for every sector it rated. */
function sectorPairRespondents(rows: readonly RatingResponses[], sectorOfMember: ReadonlyMap<string, string>): SectorPairRespondents[] {
  const counts = new Map<string, SectorPairRespondents>();
  for (const row of rows) {
    const sector = sectorOfMember.get(row.organisation_id);
    if (!row.sectors || sector === undefined) continue;
    SECTORS.forEach((partnerSector, bit) => {
      if ((row.sectors! & (1 << bit)) === 0) return;
      const key = `${sector}>${partnerSector}`;
      const pair = counts.get(key) ?? { sector, partnerSector, respondents: 0 };
      pair.respondents += row.respondents;
      counts.set(key, pair);
    });
  }
  return [...counts.values()];
}

/**
 * Per (organisation, role): every question's counts, respondent questions first. A respondent
 * question has one answer per respondent; a required partner question is answered by every rater.
 * One group at a time, made as it is asked for.
 */
function* answerCounts(
  respondentQuestions: readonly QuestionRow[],
  partnerQuestions: readonly QuestionRow[],
  respondentRows: readonly Row[],
  partnerRows: readonly Row[],
  ratingResponses: readonly RatingResponses[],
): Generator<AnswerCounts> {
  const noRespondentAnswers = respondentQuestions.map(() => [] as number[]);
  const noPartnerAnswers = partnerQuestions.map(() => [] as number[]);
  const raters = new Map<string, number>();
  for (const row of ratingResponses) {
    const key = `${row.organisation_id}|${row.respondent_role}`;
    raters.set(key, (raters.get(key) ?? 0) + row.respondents);
  }
  for (const row of respondentRows) {
    const counts = respondentQuestions.map((_, i) => countsOf(row[`q${i}`] as string));
    yield {
      organisationId: row.organisation_id as string,
      respondentRole: row.respondent_role as string,
      counts: [...counts, ...noPartnerAnswers],
      respondents: [...counts.map((c) => c.reduce((sum, n) => sum + n, 0)), ...partnerQuestions.map(() => 0)],
    };
  }
  for (const row of partnerRows) {
    const groupRaters = raters.get(`${row.organisation_id as string}|${row.respondent_role as string}`) ?? 0;
    yield {
      organisationId: row.organisation_id as string,
      respondentRole: row.respondent_role as string,
      counts: [...noRespondentAnswers, ...partnerQuestions.map((_, i) => countsOf(row[`q${i}`] as string))],
      respondents: [...respondentQuestions.map(() => 0), ...partnerQuestions.map((q, i) => (q.required ? groupRaters : (row[`r${i}`] as number)))],
    };
  }
}
