import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, PageQuery } from '@pp/core';
import { IsOptional } from 'class-validator';

export class MembersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2022-07-01', description: 'Members on this date; today (UK) when left out' })
  @IsOptional()
  @IsIsoDate()
  at?: string;
}
