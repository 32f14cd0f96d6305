import { Injectable } from '@nestjs/common';
import { Membership, todayInUk } from '@pp/registry';
import type { EntityManager } from 'typeorm';

export interface RoundMember {
  organisationId: string;
  code: string;
  name: string;
}

/**
 * The organisations that are members of a footprint at a round's dates: those whose membership
 * overlaps the round's window, in UK calendar dates as the registry keeps them. A CCG that closed
 * on 30 June is not a member of a round opening on 1 July.
 */
@Injectable()
export class RoundMembers {
  async during(manager: EntityManager, footprintId: string, opensAt: Date, closesAt: Date): Promise<RoundMember[]> {
    const rows: { organisation_id: string; code: string; name: string }[] = await manager
      .createQueryBuilder(Membership, 'm')
      .innerJoin('m.organisation', 'o')
      .select('m.organisation_id', 'organisation_id')
      .addSelect('o.code', 'code')
      .addSelect('o.name', 'name')
      .distinct(true)
      .where('m.footprint_id = :footprintId', { footprintId })
      .andWhere('m.member_from <= :to', { to: todayInUk(closesAt) })
      .andWhere('(m.member_to IS NULL OR m.member_to >= :from)', { from: todayInUk(opensAt) })
      .orderBy('o.code')
      .getRawMany();
    return rows.map((r) => ({ organisationId: r.organisation_id, code: r.code, name: r.name }));
  }
}
