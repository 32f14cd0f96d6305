import { ApiProperty } from '@nestjs/swagger';
import { OrganisationSummaryDto } from '../../organisations/dto/organisation.dto';
import type { Membership } from '../membership.entity';
import { PageOf } from '@pp/core';

export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ type: OrganisationSummaryDto })
  organisation: OrganisationSummaryDto;

  @ApiProperty({ format: 'date', example: '2022-07-01' })
  memberFrom: string;

  @ApiProperty({ format: 'date', nullable: true, type: String, example: null })
  memberTo: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  updatedAt: string;

  /** `membership.organisation` must be loaded. */
  static from(membership: Membership): MembershipDto {
    return {
      id: membership.id,
      footprintId: membership.footprintId,
      organisation: OrganisationSummaryDto.from(membership.organisation),
      memberFrom: membership.memberFrom,
      memberTo: membership.memberTo,
      createdAt: membership.createdAt.toISOString(),
      updatedAt: membership.updatedAt.toISOString(),
    };
  }
}

export class MembersPageDto extends PageOf(MembershipDto) {
  @ApiProperty({ format: 'date', example: '2022-07-01', type: String, nullable: true, description: 'The date the list is for (today when none was asked for); null when `from` or `to` was given' })
  at: string | null;

  @ApiProperty({ format: 'date', example: null, type: String, nullable: true, description: 'The first date of the range the list is for, as asked; null when none was' })
  from: string | null;

  @ApiProperty({ format: 'date', example: null, type: String, nullable: true, description: 'The last date of the range the list is for, as asked; null when none was' })
  to: string | null;
}
