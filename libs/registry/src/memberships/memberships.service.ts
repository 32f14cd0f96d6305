import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, Page, paginate, pgErrorCode } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, EntityManager, type ObjectLiteral, Repository, type SelectQueryBuilder } from 'typeorm';
import { FootprintsService } from '../footprints/footprints.service';
import { Organisation } from '../organisations/organisation.entity';
import { todayInUk } from '../shared/iso-date';
import type { AddMemberDto } from './dto/add-member.dto';
import type { EndMembershipDto } from './dto/end-membership.dto';
import type { MembersQuery } from './dto/members.query';
import { Membership } from './membership.entity';
import { describePeriod, firstOverlap, Period } from './membership-periods';

const PG_EXCLUSION_VIOLATION = '23P01';

/** What the audit log keeps of a membership before and after a write. */
const summary = (m: Membership) => ({ organisationId: m.organisationId, memberFrom: m.memberFrom, memberTo: m.memberTo });

export function periodOf(membership: Membership): Period {
  return { from: membership.memberFrom, to: membership.memberTo };
}

/** The footprint lock makes an overlap race unlikely; the exclusion constraint is the last line of defence. */
export function rethrowOverlapAsConflict(error: unknown): never {
  if (pgErrorCode(error) === PG_EXCLUSION_VIOLATION) {
    throw new ConflictError('This membership overlaps another of the same organisation in this footprint', [
      { field: 'memberFrom', problem: 'overlaps an existing membership' },
    ]);
  }
  throw error;
}

/** The dates a members list is for: one date (`at`), or a range whose ends may each be open (null). */
export type MembersDates = { at: string; from: null; to: null } | { at: null; from: string | null; to: string | null };

/** Reads a members query's dates: `at`, or `from`/`to`, never both; today (UK) when none is given. */
export function membersDates(query: Pick<MembersQuery, 'at' | 'from' | 'to'>, today = todayInUk()): MembersDates {
  const { at, from = null, to = null } = query;
  if (at !== undefined && (from !== null || to !== null)) {
    throw new InvalidInputError('at is one date; from and to are a range: give one or the other', [{ field: 'at', problem: 'must not be given with from or to' }]);
  }
  if (from !== null && to !== null && to < from) {
    throw new InvalidInputError(`to ${to} is before from ${from}`, [{ field: 'to', problem: `must not be before from (${from})` }]);
  }
  if (from !== null || to !== null) return { at: null, from, to };
  return { at: at ?? today, from: null, to: null };
}

/**
 * Keeps the memberships (`alias` in `query`) that overlap the UK dates `from` to `to`, both
 * inclusive, either end open when null: one date's members when both are that date, a round's
 * members when they are its opening and closing dates (RoundMembers). ISO dates compare as text.
 */
export function overlappingMemberships<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, from: string | null, to: string | null): SelectQueryBuilder<T> {
  if (to !== null) query.andWhere(`${alias}.member_from <= :overlapTo`, { overlapTo: to });
  if (from !== null) query.andWhere(`(${alias}.member_to IS NULL OR ${alias}.member_to >= :overlapFrom)`, { overlapFrom: from });
  return query;
}

@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    private readonly footprints: FootprintsService,
    private readonly audit: AuditService,
  ) {}

  async add(footprintId: string, input: AddMemberDto): Promise<Membership> {
    const period: Period = { from: input.memberFrom, to: input.memberTo ?? null };
    if (period.to !== null && period.to < period.from) {
      throw new InvalidInputError(`memberTo ${period.to} is before memberFrom ${period.from}`, [
        { field: 'memberTo', problem: `must not be before memberFrom (${period.from})` },
      ]);
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.footprints.lockForMemberChanges(manager, footprintId);
        const organisation = await manager.findOneBy(Organisation, { id: input.organisationId });
        if (!organisation) throw new NotFoundError('Organisation', input.organisationId);
        if (organisation.archivedAt) {
          throw new ConflictError(`Organisation ${organisation.code} is archived and cannot join a footprint`, [
            { field: 'organisationId', problem: 'is archived' },
          ]);
        }
        await this.refuseOverlap(manager, footprintId, organisation, period);
        const membership = await manager.save(
          manager.create(Membership, { footprintId, organisationId: organisation.id, memberFrom: period.from, memberTo: period.to }),
        );
        membership.organisation = organisation;
        await this.audit.record(manager, { action: 'membership.create', entityType: 'membership', entityId: membership.id, footprintId, after: summary(membership) });
        return membership;
      });
    } catch (error) {
      rethrowOverlapAsConflict(error);
    }
  }

  end(footprintId: string, membershipId: string, input: EndMembershipDto): Promise<Membership> {
    return this.dataSource.transaction(async (manager) => {
      await this.footprints.lockForMemberChanges(manager, footprintId);
      const membership = await manager.findOne(Membership, { where: { id: membershipId, footprintId }, relations: { organisation: true } });
      if (!membership) throw new NotFoundError('Membership', membershipId);
      if (membership.memberTo !== null) {
        throw new ConflictError(`Membership ${membershipId} already ended on ${membership.memberTo}`, [
          { field: 'memberTo', problem: 'is already set' },
        ]);
      }
      if (input.memberTo < membership.memberFrom) {
        throw new InvalidInputError(`memberTo ${input.memberTo} is before memberFrom ${membership.memberFrom}`, [
          { field: 'memberTo', problem: `must not be before memberFrom (${membership.memberFrom})` },
        ]);
      }
      const before = summary(membership);
      membership.memberTo = input.memberTo;
      const saved = await manager.save(membership);
      await this.audit.record(manager, { action: 'membership.end', entityType: 'membership', entityId: membershipId, footprintId, before, after: summary(saved) });
      return saved;
    });
  }

  /** The memberships on a date, or overlapping a range (membersDates), by organisation name. */
  async list(footprintId: string, query: MembersQuery): Promise<{ dates: MembersDates; page: Page<Membership> }> {
    const dates = membersDates(query);
    await this.footprints.get(footprintId);
    const rows = this.memberships.createQueryBuilder('m').innerJoinAndSelect('m.organisation', 'o').where('m.footprint_id = :footprintId', { footprintId });
    overlappingMemberships(rows, 'm', dates.at ?? dates.from, dates.at ?? dates.to);
    return { dates, page: await paginate(rows, 'o.name', (m) => m.organisation.name, query) };
  }

  private async refuseOverlap(manager: EntityManager, footprintId: string, organisation: Organisation, period: Period): Promise<void> {
    const existing = await manager.findBy(Membership, { footprintId, organisationId: organisation.id });
    const clash = firstOverlap(period, existing.map(periodOf));
    if (clash) {
      throw new ConflictError(`${organisation.code} is already a member of this footprint ${describePeriod(clash)}`, [
        { field: 'memberFrom', problem: `overlaps the membership ${describePeriod(clash)}` },
      ]);
    }
  }
}
