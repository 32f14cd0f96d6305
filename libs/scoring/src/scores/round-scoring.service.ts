import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, NotFoundError, Outbox } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { anonymityThreshold } from '../anonymity/anonymity-gate';
import { provisionalCoverage } from '../anonymity/provisional-coverage';
import { KeyDriverScoring } from '../drivers/key-driver-scoring';
import { type CoverageCutoff, RoundAggregatesReader, type RoundToScore, SCORING_WORK_MEM } from './round-aggregates';
import { currentScoreStream, type PastRound, type PastScore, type ScoreRow, scoreKey, withHistory } from './score-rows';
import { WHOLE_FOOTPRINT } from './score-scopes';
import { ScoreWriter } from './score-writer';

export type ScoringKind = 'provisional' | 'final';

export type ScoringOutcome =
  | { status: 'scored'; roundId: string; scores: number; distributions: number; respondents: number; durationMs: number }
  | { status: 'skipped'; roundId: string; reason: string };

/** The advisory lock a round's scoring runs hold: `SELECT pg_advisory_lock(hashtextextended($1, 0))`. */
export function roundScoringLock(roundId: string): string {
  return `round-scoring:${roundId}`;
}

/** How many earlier scored rounds a trend reads: the slope spans the last four rounds, this one included. */
const HISTORY = 3;

/**
 * Scores one round in one transaction: aggregates with set-based SQL, builds every scope's rows with
 * the pure statistics, and replaces the round's previous rows. An advisory lock per round serialises
 * runs of the same round (a retry, a second worker, a rescore meeting the final score), so each run
 * sees the last one's rows and the round always has exactly one set. A worker that dies mid-run
 * loses its connection, which rolls the transaction back and releases the lock.
 */
@Injectable()
export class RoundScoringService {
  private readonly logger = new Logger(RoundScoringService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: RoundAggregatesReader,
    private readonly writer: ScoreWriter,
    private readonly drivers: KeyDriverScoring,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
  ) {}

  /**
   * `provisional`: an open round's scores after submissions; skipped once the round has closed, as
   * its final score replaces them. `final`: a closed round in full, then the round becomes scored and
   * its alert rules are queued in the same transaction. A scored round is scored again in place,
   * and the footprint's later scored rounds after it (see rescoreNext).
   */
  async score(roundId: string, kind: ScoringKind): Promise<ScoringOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lock = [roundScoringLock(roundId)];
    try {
      // A rescore that comes due after its round closed must not hold a worker waiting behind the final score's lock.
      if (kind === 'provisional') {
        const early = this.admit(await this.reader.round(runner.manager, roundId), roundId, kind);
        if ('skipped' in early) return early.skipped;
      }
      // Taken before the transaction begins, so its snapshot (REPEATABLE READ, shared with the
      // second reading connection) is taken after the previous run of this round committed.
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', lock);
      try {
        await runner.startTransaction('REPEATABLE READ');
        const outcome = await this.scoreIn(runner.manager, roundId, kind);
        await runner.commitTransaction();
        return outcome;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', lock);
      }
    } finally {
      await runner.release();
    }
  }

  private async scoreIn(manager: EntityManager, roundId: string, kind: ScoringKind): Promise<ScoringOutcome> {
    const started = performance.now();
    await manager.query(`SET LOCAL work_mem = '${SCORING_WORK_MEM}'`);
    const admitted = this.admit(await this.reader.round(manager, roundId), roundId, kind);
    if ('skipped' in admitted) return admitted.skipped;
    const { round } = admitted;

    let cutoff: CoverageCutoff | null = null;
    if (kind === 'provisional') {
      const coverage = await this.provisionalCutoff(manager, round);
      if ('held' in coverage) return { status: 'skipped', roundId, reason: coverage.held };
      cutoff = coverage.cutoff;
    }
    const answers = await this.reader.read(manager, round, cutoff);
    const history = await this.history(manager, round);
    const { distributions } = answers;
    const run = { provisional: kind === 'provisional', computedAt: new Date() };
    // Each score goes from the aggregates, through its history, to the writer's next batch: a large
    // round's rows (46,657 in bench:scoring) were held twice over, as computed and with history.
    const dimensionMeans = new Map<string, number | null>();
    let scoreCount = 0;
    const withPast = withHistory(history);
    const scores = function* (): Generator<ScoreRow> {
      for (const current of currentScoreStream(answers.aggregates)) {
        const row = withPast(current);
        if (row.scope === 'dimension' && row.subject === WHOLE_FOOTPRINT) dimensionMeans.set(row.measure, row.mean);
        scoreCount++;
        yield row;
      }
    };
    await this.writer.replace(manager, round, run, scores(), distributions);
    // Key drivers rest on respondent-level answers, which only a final score publishes (provisional runs publish footprint totals alone).
    const drivers = kind === 'final' ? await this.drivers.compute(manager, round, dimensionMeans) : { outcome: '', rows: [] };
    await this.drivers.replace(manager, round, run.computedAt, drivers);
    if (kind === 'final' && round.status === 'closed') await this.markScored(manager, round, run.computedAt);
    if (kind === 'final' && round.status === 'scored') await this.rescoreNext(manager, round, run.computedAt);
    const durationMs = Math.round(performance.now() - started);
    await this.writer.recordRun(manager, round, { ...run, respondents: answers.responses, previousRoundId: history[0]?.roundId ?? null, durationMs });
    // The gate's decisions for this run, made ahead of the first read (reporting's 'gate' queue).
    await this.outbox.enqueue(manager, 'round.gate', { roundId: round.id }, { jobId: `round.gate-${round.id}-${run.computedAt.getTime()}` });
    this.logger.log(`Scored round ${round.id} (${kind}): ${answers.responses} responses, ${scoreCount} scores, ${distributions.length} distributions in ${durationMs} ms`);
    return { status: 'scored', roundId, scores: scoreCount, distributions: distributions.length, respondents: answers.responses, durationMs };
  }

  /**
   * Which respondents an open round's provisional figures cover (provisional-coverage.ts): the first c
   * by first submission, c lagging the count by at least k, so no two publications, the final one
   * included, differ by fewer than k respondents. Held, with the reason, while c has not grown since
   * the last publication; otherwise the last respondent covered, the cutoff of the run's reads.
   */
  private async provisionalCutoff(manager: EntityManager, round: RoundToScore): Promise<{ cutoff: CoverageCutoff } | { held: string }> {
    const [state] = await manager.query<{ anonymity_threshold: number | null; published: number | null; provisional: boolean | null; so_far: number }[]>(
      `SELECT f.anonymity_threshold, rs.respondents AS published, rs.provisional, (SELECT count(*)::int FROM response WHERE round_id = $1) AS so_far
       FROM footprint f LEFT JOIN round_scoring rs ON rs.round_id = $1 WHERE f.id = $2`,
      [round.id, round.footprintId],
    );
    const k = anonymityThreshold(state?.anonymity_threshold);
    const { respondentsCovered, respondentsSoFar, nextPublicationAt } = provisionalCoverage(state?.so_far ?? 0, k);
    if (respondentsCovered === 0) return { held: `${respondentsSoFar} respondents so far; provisional figures are first published at ${nextPublicationAt}` };
    if (state!.provisional && state!.published !== null && state!.published >= respondentsCovered) {
      return { held: `the published figures cover ${state!.published} of ${respondentsSoFar} respondents; republished at ${nextPublicationAt}` };
    }
    const [last] = await manager.query<{ first_submitted_at: string; id: string }[]>(
      'SELECT first_submitted_at::text, id FROM response WHERE round_id = $1 ORDER BY first_submitted_at, id OFFSET $2 LIMIT 1',
      [round.id, respondentsCovered - 1],
    );
    return { cutoff: { firstSubmittedAt: last!.first_submitted_at, responseId: last!.id } };
  }

  /** The round when `kind` can score it; otherwise a provisional run is skipped and a final one fails. */
  private admit(round: RoundToScore | null, roundId: string, kind: ScoringKind): { round: RoundToScore } | { skipped: ScoringOutcome } {
    if (!round) {
      if (kind === 'provisional') return { skipped: { status: 'skipped', roundId, reason: 'the round does not exist' } };
      throw new NotFoundError('Round', roundId);
    }
    const problem = this.problem(round, kind);
    if (!problem) return { round };
    if (kind === 'provisional') return { skipped: { status: 'skipped', roundId, reason: problem } };
    throw new ConflictError(problem);
  }

  private problem(round: RoundToScore, kind: ScoringKind): string | null {
    if (kind === 'provisional') return round.status === 'open' ? null : `the round is ${round.status}; its final score replaces provisional ones`;
    return round.status === 'closed' || round.status === 'scored' ? null : `the round is ${round.status}; only a closed round is scored in full`;
  }

  /** closed → scored, audited like the round's other moves, and the footprint's alert rules evaluated against the new scores. */
  private async markScored(manager: EntityManager, round: RoundToScore, at: Date): Promise<void> {
    await manager.query(`UPDATE round SET status = 'scored', scored_at = $2, updated_at = now() WHERE id = $1 AND status = 'closed'`, [round.id, at]);
    await this.audit.record(manager, {
      action: 'round.score',
      entityType: 'round',
      entityId: round.id,
      footprintId: round.footprintId,
      before: { status: 'closed' },
      after: { status: 'scored', scoredAt: at.toISOString() },
    });
    await this.outbox.enqueue(manager, 'round.alerts', { roundId: round.id }, { jobId: `round.alerts-${round.id}` });
  }

  /**
   * A scored round scored again in place (e.g. after a migration recomputed its respondents' scores)
   * changes the history the footprint's next scored round compared itself with (delta, p, trend,
   * slope, declines), so that round is scored again too, and so on in period order: each round reads
   * its predecessors' new figures. The job id names this run, so a retry of it queues nothing twice.
   */
  private async rescoreNext(manager: EntityManager, round: RoundToScore, at: Date): Promise<void> {
    const [next] = await manager.query<{ id: string }[]>(
      `SELECT id FROM round WHERE footprint_id = $1 AND status = 'scored' AND period > $2 ORDER BY period LIMIT 1`,
      [round.footprintId, round.period],
    );
    if (next) await this.outbox.enqueue(manager, 'round.score', { roundId: next.id }, { jobId: `round.score-${next.id}-after-${round.id}-${at.getTime()}` });
  }

  /** The footprint's latest scored rounds before this one, newest first, with their scores. */
  private async history(manager: EntityManager, round: RoundToScore): Promise<PastRound[]> {
    const rounds = await manager.query<{ round_id: string }[]>(
      'SELECT round_id FROM round_scoring WHERE footprint_id = $1 AND NOT provisional AND period < $2 ORDER BY period DESC LIMIT $3',
      [round.footprintId, round.period, HISTORY],
    );
    if (rounds.length === 0) return [];
    const rows = await manager.query<(PastScore & { round_id: string; scope: string; subject: string; measure: string })[]>(
      `SELECT round_id, scope, subject, measure, respondents, n, mean, sd, consecutive_declines AS "consecutiveDeclines"
       FROM score WHERE round_id = ANY($1::uuid[])`,
      [rounds.map((r) => r.round_id)],
    );
    const byRound = new Map(rounds.map((r) => [r.round_id, new Map<string, PastScore>()]));
    for (const row of rows) byRound.get(row.round_id)?.set(scoreKey(row), row);
    return rounds.map((r) => ({ roundId: r.round_id, scores: byRound.get(r.round_id) ?? new Map() }));
  }
}
