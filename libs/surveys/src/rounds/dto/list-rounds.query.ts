import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@pp/core';
import { IsIn, IsOptional } from 'class-validator';
import { ROUND_STATUSES, type RoundStatus } from '../round-status';

export class ListRoundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROUND_STATUSES, enumName: 'RoundStatus' })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}
