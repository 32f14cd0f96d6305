import { Injectable } from '@nestjs/common';
import { Membership, overlappingMemberships, todayInUk } from '@pp/registry';
import type { EntityManager } from 'typeorm';

export interface RoundMember {
  organisationId: string;
  code: string;
  name: string;
}

/**
 * The UK calendar dates of a round's opening and closing, the days over which it counts its members
 * (RoundDto's opensOn and closesOn, which the web app sends to GET /footprints/{id}/members).
 */
export function roundMemberDates(round: { opensAt: Date; closesAt: Date }): { opensOn: string; closesOn: string } {
  return { opensOn: todayInUk(round.opensAt), closesOn: todayInUk(round.closesAt) };
}

/**
 * The organisations that are members of a footprint at a round's dates: those whose membership
 * overlaps the round's window, in UK calendar dates as the registry keeps them. A CCG that closed
 * on 30 June is not a member of a round opening on 1 July.
 */
@Injectable()
export class RoundMembers {
  async during(manager: EntityManager, footprintId: string, opensAt: Date, closesAt: Date): Promise<RoundMember[]> {
    const { opensOn, closesOn } = roundMemberDates({ opensAt, closesAt });
    const query = manager
      .createQueryBuilder(Membership, 'm')
      .innerJoin('m.organisation', 'o')
      .select('m.organisation_id', 'organisation_id')
      .addSelect('o.code', 'code')
      .addSelect('o.name', 'name')
      .distinct(true)
      .where('m.footprint_id = :footprintId', { footprintId });
    const rows: { organisation_id: string; code: string; name: string }[] = await overlappingMemberships(query, 'm', opensOn, closesOn).orderBy('o.code').getRawMany();
    return rows.map((r) => ({ organisationId: r.organisation_id, code: r.code, name: r.name }));
  }
}
