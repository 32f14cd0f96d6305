import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@pp/core';
import type { Round } from '../round.entity';
import { roundMemberDates } from '../round-members';
import { ROUND_STATUSES, type RoundStatus } from '../round-status';

export class RoundDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ format: 'uuid' })
  instrumentId: string;

  @ApiProperty({ example: '2026-Q3' })
  period: string;

  @ApiProperty({ format: 'date-time' })
  opensAt: string;

  @ApiProperty({ format: 'date-time' })
  closesAt: string;

  @ApiProperty({
    format: 'date',
    example: '2026-07-01',
    description: 'opensAt as a UK calendar date. The round’s members are the organisations that are members on any day from opensOn to closesOn: GET /footprints/{id}/members?from={opensOn}&to={closesOn}',
  })
  opensOn: string;

  @ApiProperty({ format: 'date', example: '2026-07-31', description: 'closesAt as a UK calendar date: the last day over which the round counts its members' })
  closesOn: string;

  @ApiProperty({ enum: ROUND_STATUSES, enumName: 'RoundStatus' })
  status: RoundStatus;

  @ApiProperty({ description: 'Created by the footprint’s quarterly schedule' })
  scheduled: boolean;

  @ApiProperty({ format: 'date-time', type: String, nullable: true })
  openedAt: string | null;

  @ApiProperty({ format: 'date-time', type: String, nullable: true })
  closedAt: string | null;

  @ApiProperty({ format: 'date-time', type: String, nullable: true })
  scoredAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(round: Round): RoundDto {
    return {
      id: round.id,
      footprintId: round.footprintId,
      instrumentId: round.instrumentId,
      period: round.period,
      opensAt: round.opensAt.toISOString(),
      closesAt: round.closesAt.toISOString(),
      ...roundMemberDates(round),
      status: round.status,
      scheduled: round.scheduled,
      openedAt: round.openedAt?.toISOString() ?? null,
      closedAt: round.closedAt?.toISOString() ?? null,
      scoredAt: round.scoredAt?.toISOString() ?? null,
      createdAt: round.createdAt.toISOString(),
    };
  }
}

export class RoundPageDto extends PageOf(RoundDto) {}
