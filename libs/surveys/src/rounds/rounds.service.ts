import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, Outbox, type Page, type PageQuery, PG_UNIQUE_VIOLATION, paginate, pgErrorCode } from '@pp/core';
import { AuditService } from '@pp/identity';
import { Footprint } from '@pp/registry';
import { DataSource, type EntityManager, In } from 'typeorm';
import { InstrumentsService } from '../instruments/instruments.service';
import { InvitationsService } from '../invitations/invitations.service';
import { PERIOD_FORMAT, parsePeriod } from './period';
import { Round } from './round.entity';
import { RoundContexts } from './round-contexts';
import { RoundMembers } from './round-members';
import { type RoundStatus, transitionProblem } from './round-status';

export interface NewRound {
  period: string;
  opensAt: Date;
  closesAt: Date;
  instrumentId?: string;
  scheduled?: boolean;
}

function summary(round: Round): Record<string, unknown> {
  return { period: round.period, status: round.status, instrumentId: round.instrumentId, opensAt: round.opensAt, closesAt: round.closesAt, scheduled: round.scheduled };
}

@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentsService,
    private readonly invitations: InvitationsService,
    private readonly roundMembers: RoundMembers,
    private readonly contexts: RoundContexts,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
  ) {}

  async create(footprintId: string, input: NewRound): Promise<Round> {
    return this.dataSource.transaction((manager) => this.createIn(manager, footprintId, input));
  }

  /** Creates a draft round inside the caller's transaction; the instrument version it uses becomes immutable. */
  async createIn(manager: EntityManager, footprintId: string, input: NewRound): Promise<Round> {
    if (!parsePeriod(input.period)) {
      throw new InvalidInputError(`period must be ${PERIOD_FORMAT}`, [{ field: 'period', problem: `must be ${PERIOD_FORMAT}` }]);
    }
    if (input.closesAt <= input.opensAt) {
      throw new InvalidInputError('closesAt must be after opensAt', [{ field: 'closesAt', problem: 'must be after opensAt' }]);
    }
    const footprint = await manager.findOneBy(Footprint, { id: footprintId });
    if (!footprint) throw new NotFoundError('Footprint', footprintId);
    if (footprint.archivedAt) throw new ConflictError(`Footprint ${footprint.code} is archived and runs no rounds`);
    const instrumentId = input.instrumentId ?? (await this.instruments.defaultId(manager));
    await this.instruments.lockForRound(manager, instrumentId);
    try {
      // A savepoint, so a clash on the period leaves the caller's transaction usable.
      const round = await manager.transaction((inner) =>
        inner.save(
          inner.create(Round, {
            footprintId,
            instrumentId,
            period: input.period,
            opensAt: input.opensAt,
            closesAt: input.closesAt,
            status: 'draft',
            scheduled: input.scheduled ?? false,
          }),
        ),
      );
      await this.audit.record(manager, { action: 'round.create', entityType: 'round', entityId: round.id, footprintId, after: summary(round) });
      return round;
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        throw new ConflictError(`Footprint ${footprint.code} already has a round for ${input.period}`, [{ field: 'period', problem: 'already has a round in this footprint' }]);
      }
      throw error;
    }
  }

  async get(id: string): Promise<Round> {
    const round = await this.dataSource.manager.findOneBy(Round, { id });
    if (!round) throw new NotFoundError('Round', id);
    return round;
  }

  list(footprintId: string, page: PageQuery, status?: RoundStatus): Promise<Page<Round>> {
    const rows = this.dataSource.getRepository(Round).createQueryBuilder('r').where('r.footprint_id = :footprintId', { footprintId });
    if (status) rows.andWhere('r.status = :status', { status });
    return paginate(rows, 'r.period', (r) => r.period, page, 'DESC');
  }

  /** draft → open: the members at the round's dates are invited in the same transaction. */
  async open(id: string, now: Date): Promise<Round> {
    const round = await this.dataSource.transaction((manager) => this.openIn(manager, id, now));
    this.contexts.invalidate(id);
    return round;
  }

  async openIn(manager: EntityManager, id: string, now: Date): Promise<Round> {
    const round = await this.lock(manager, id, 'open');
    if (round.closesAt <= now) {
      throw new ConflictError(`The round closes at ${round.closesAt.toISOString()}, which has passed; it cannot open`, [{ field: 'closesAt', problem: 'has passed' }]);
    }
    const members = await this.roundMembers.during(manager, round.footprintId, round.opensAt, round.closesAt);
    if (members.length === 0) throw new ConflictError('The footprint has no member organisations at the round’s dates, so nobody could be invited');
    const footprint = await manager.findOneByOrFail(Footprint, { id: round.footprintId });
    round.status = 'open';
    round.openedAt = now;
    await manager.save(round);
    await this.invitations.inviteMembers(manager, round, members, footprint.anonymityThreshold, now);
    await this.audit.record(manager, { action: 'round.open', entityType: 'round', entityId: id, footprintId: round.footprintId, after: { ...summary(round), invited: members.length } });
    return round;
  }

  /** open → closed: no more submissions; the round is queued for scoring in the same transaction. */
  async close(id: string, now: Date): Promise<Round> {
    const round = await this.dataSource.transaction(async (manager) => {
      const round = await this.lock(manager, id, 'closed');
      round.status = 'closed';
      round.closedAt = now;
      await manager.save(round);
      await this.closedIn(manager, [round]);
      return round;
    });
    this.contexts.invalidate(id);
    return round;
  }

  /**
   * Closes up to `limit` open rounds whose closing time has come, in one transaction and a handful of
   * statements however many there are: at a national quarter-end every footprint's round comes due
   * in the same tick, and closing them one transaction at a time kept the last ones waiting behind
   * the commits of the others (while the first were already scoring in the same workers). Rows
   * another transaction holds (a lead closing that round, an overlapping tick) are skipped: that
   * transaction closes them, so each round is closed, and queued for scoring, once. NO KEY UPDATE,
   * the lock the UPDATE takes anyway, lets submissions' inserts (which key-share the round) pass.
   */
  async closeDue(now: Date, limit: number): Promise<Round[]> {
    const rounds = await this.dataSource.transaction(async (manager) => {
      const closed: { id: string }[] = await manager.query(
        // The UPDATE inside a CTE, so that the query answers rows (TypeORM answers [rows, count] for an UPDATE).
        `WITH due AS (
           SELECT id FROM round WHERE status = 'open' AND closes_at <= $1 ORDER BY closes_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED),
         closed AS (
           UPDATE round SET status = 'closed', closed_at = $1, updated_at = now() FROM due WHERE round.id = due.id RETURNING round.id)
         SELECT id FROM closed`,
        [now, limit],
      );
      if (closed.length === 0) return [];
      const ids = closed.map((r) => r.id);
      // Queued largest first (by responses): the workers take the quickest last, so they finish together.
      const sizes = await manager.query<{ round_id: string; n: number }[]>(
        'SELECT round_id, count(*)::int AS n FROM response WHERE round_id = ANY($1::uuid[]) GROUP BY round_id',
        [ids],
      );
      const responses = new Map(sizes.map((s) => [s.round_id, s.n]));
      const rounds = await manager.findBy(Round, { id: In(ids) });
      rounds.sort((a, b) => (responses.get(b.id) ?? 0) - (responses.get(a.id) ?? 0));
      await this.closedIn(manager, rounds);
      return rounds;
    });
    for (const round of rounds) this.contexts.invalidate(round.id);
    return rounds;
  }

  /** What closing rounds brings with it, in the closing transaction: their final scoring queued, the move audited. */
  private async closedIn(manager: EntityManager, rounds: Round[]): Promise<void> {
    await this.outbox.enqueueAll(
      manager,
      'round.score',
      rounds.map((round) => ({ payload: { roundId: round.id }, jobId: `round.score-${round.id}` })),
    );
    await this.audit.recordAll(
      manager,
      rounds.map((round) => ({ action: 'round.close', entityType: 'round', entityId: round.id, footprintId: round.footprintId, after: summary(round) })),
    );
  }

  private async lock(manager: EntityManager, id: string, to: RoundStatus): Promise<Round> {
    const round = await manager.findOne(Round, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!round) throw new NotFoundError('Round', id);
    const problem = transitionProblem(round.status, to);
    if (problem) throw new ConflictError(problem, [{ field: 'status', problem: `is ${round.status}` }]);
    return round;
  }
}
