import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, NotFoundError, Outbox, type Page, type PageQuery, paginate, toTheMillisecond } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, type EntityManager } from 'typeorm';
import type { Round } from '../rounds/round.entity';
import type { RoundMember } from '../rounds/round-members';
import type { RoundStatus } from '../rounds/round-status';
import { Invitation } from './invitation.entity';

/** Reminders start this long before a round closes… */
export const REMINDER_WINDOW_MS = 3 * 24 * 3600 * 1000;
/** …and go to one organisation at most once in this interval. */
export const REMINDER_INTERVAL_MS = 24 * 3600 * 1000;

/** What never changes about an invitation: which organisation, which round. */
export interface InvitationRef {
  id: string;
  roundId: string;
  footprintId: string;
  organisationId: string;
}

const MAX_CACHED_INVITATIONS = 100_000;

export interface OrganisationResponseRate {
  organisationId: string;
  code: string;
  name: string;
  respondents: number;
  expectedRespondents: number;
  rate: number;
}

export interface ResponseRates {
  roundId: string;
  respondents: number;
  expectedRespondents: number;
  rate: number;
  organisationsInvited: number;
  organisationsResponded: number;
  organisations: OrganisationResponseRate[];
}

@Injectable()
export class InvitationsService {
  /** Invitations are never edited in these fields nor deleted while their round exists, so they are cached for good. */
  private readonly refs = new Map<string, InvitationRef>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
  ) {}

  /**
   * Invites each member organisation, inside the transaction that opens the round. The job per
   * invitation is where the notification channel picks up: it tells the organisation's submitters.
   */
  async inviteMembers(manager: EntityManager, round: Round, members: readonly RoundMember[], expectedRespondents: number, now: Date): Promise<Invitation[]> {
    const invitations = members.map((member) =>
      manager.create(Invitation, {
        id: randomUUID(),
        footprintId: round.footprintId,
        roundId: round.id,
        organisationId: member.organisationId,
        expectedRespondents,
        invitedAt: now,
        lastRemindedAt: null,
        reminderCount: 0,
      }),
    );
    if (invitations.length) await manager.insert(Invitation, invitations);
    for (const invitation of invitations) {
      await this.outbox.enqueue(manager, 'invitation.notify', this.job(invitation), { jobId: `invitation.notify-${invitation.id}` });
    }
    return invitations;
  }

  /** The invitation's organisation and round; null when there is none (also what the access guard asks). */
  async locate(id: string): Promise<InvitationRef | null> {
    const cached = this.refs.get(id);
    if (cached) return cached;
    const row = await this.dataSource.manager.findOne(Invitation, { where: { id }, select: { id: true, roundId: true, footprintId: true, organisationId: true } });
    if (!row) return null;
    const ref = { id: row.id, roundId: row.roundId, footprintId: row.footprintId, organisationId: row.organisationId };
    if (this.refs.size >= MAX_CACHED_INVITATIONS) this.refs.delete(this.refs.keys().next().value as string);
    this.refs.set(id, ref);
    return ref;
  }

  /** An organisation's invitations with their rounds and the organisation, newest round first. */
  listForOrganisation(organisationId: string, page: PageQuery, status?: RoundStatus): Promise<Page<Invitation>> {
    const rows = this.dataSource.manager
      .createQueryBuilder(Invitation, 'i')
      .innerJoinAndSelect('i.round', 'r')
      .innerJoinAndSelect('i.organisation', 'o')
      .where('i.organisation_id = :organisationId', { organisationId });
    if (status) rows.andWhere('r.status = :status', { status });
    return paginate(rows, toTheMillisecond('r.opens_at'), (i) => i.round.opensAt.toISOString(), page, 'DESC');
  }

  list(roundId: string): Promise<Invitation[]> {
    return this.dataSource.manager.find(Invitation, { where: { roundId }, relations: { organisation: true }, order: { organisation: { code: 'ASC' } } });
  }

  async responseRates(roundId: string): Promise<ResponseRates> {
    const rows: { organisation_id: string; code: string; name: string; expected: number; respondents: string }[] = await this.dataSource.manager
      .createQueryBuilder(Invitation, 'i')
      .innerJoin('i.organisation', 'o')
      .leftJoin('response', 'r', 'r.round_id = i.round_id AND r.organisation_id = i.organisation_id')
      .select('i.organisation_id', 'organisation_id')
      .addSelect('o.code', 'code')
      .addSelect('o.name', 'name')
      .addSelect('i.expected_respondents', 'expected')
      .addSelect('count(r.id)', 'respondents')
      .where('i.round_id = :roundId', { roundId })
      .groupBy('i.organisation_id')
      .addGroupBy('o.code')
      .addGroupBy('o.name')
      .addGroupBy('i.expected_respondents')
      .orderBy('o.code')
      .getRawMany();
    const organisations = rows.map((row) => {
      const respondents = Number(row.respondents);
      return { organisationId: row.organisation_id, code: row.code, name: row.name, respondents, expectedRespondents: row.expected, rate: ratio(respondents, row.expected) };
    });
    const respondents = organisations.reduce((sum, o) => sum + o.respondents, 0);
    const expectedRespondents = organisations.reduce((sum, o) => sum + o.expectedRespondents, 0);
    return {
      roundId,
      respondents,
      expectedRespondents,
      rate: ratio(respondents, expectedRespondents),
      organisationsInvited: organisations.length,
      organisationsResponded: organisations.filter((o) => o.respondents > 0).length,
      organisations,
    };
  }

  setExpectedRespondents(roundId: string, organisationId: string, expectedRespondents: number): Promise<Invitation> {
    return this.dataSource.transaction(async (manager) => {
      const invitation = await manager.findOne(Invitation, { where: { roundId, organisationId }, relations: { organisation: true } });
      if (!invitation) throw new NotFoundError('Invitation of organisation', organisationId);
      const before = { expectedRespondents: invitation.expectedRespondents };
      invitation.expectedRespondents = expectedRespondents;
      await manager.save(invitation);
      await this.audit.record(manager, { action: 'invitation.update', entityType: 'invitation', entityId: invitation.id, footprintId: invitation.footprintId, before, after: { expectedRespondents } });
      return invitation;
    });
  }

  /**
   * Reminds every organisation of an open round that has fewer respondents than expected and was
   * not reminded in the last day. Returns the organisations reminded.
   */
  async remind(roundId: string, now: Date): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const [round] = await manager.query('SELECT status FROM round WHERE id = $1 FOR SHARE', [roundId]);
      if (!round) throw new NotFoundError('Round', roundId);
      if (round.status !== 'open') throw new ConflictError(`The round is ${round.status}; reminders go out only while it is open`);
      const due: { id: string; footprint_id: string; organisation_id: string; reminder_count: number }[] = await manager.query(
        `SELECT i.id, i.footprint_id, i.organisation_id, i.reminder_count FROM invitation i
         WHERE i.round_id = $1
           AND (i.last_reminded_at IS NULL OR i.last_reminded_at <= $2)
           AND (SELECT count(*) FROM response r WHERE r.round_id = i.round_id AND r.organisation_id = i.organisation_id) < i.expected_respondents
         FOR UPDATE OF i SKIP LOCKED`,
        [roundId, new Date(now.getTime() - REMINDER_INTERVAL_MS)],
      );
      for (const row of due) {
        await manager.update(Invitation, { id: row.id }, { lastRemindedAt: now, reminderCount: row.reminder_count + 1 });
        const job = { invitationId: row.id, roundId, footprintId: row.footprint_id, organisationId: row.organisation_id };
        await this.outbox.enqueue(manager, 'invitation.remind', job, { jobId: `invitation.remind-${row.id}-${row.reminder_count + 1}` });
      }
      return due.map((row) => row.organisation_id);
    });
  }

  /** The scheduled job's work: reminders for every open round closing within the reminder window. */
  async sendReminders(now: Date): Promise<{ roundId: string; organisationIds: string[] }[]> {
    const rounds: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM round WHERE status = 'open' AND closes_at > $1 AND closes_at <= $2 ORDER BY closes_at`,
      [now, new Date(now.getTime() + REMINDER_WINDOW_MS)],
    );
    const sent = [];
    for (const { id } of rounds) {
      const organisationIds = await this.remind(id, now).catch((error: unknown) => {
        if (error instanceof ConflictError || error instanceof NotFoundError) return []; // closed meanwhile
        throw error;
      });
      if (organisationIds.length) sent.push({ roundId: id, organisationIds });
    }
    return sent;
  }

  private job(invitation: Invitation) {
    return { invitationId: invitation.id, roundId: invitation.roundId, footprintId: invitation.footprintId, organisationId: invitation.organisationId };
  }
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0;
}
