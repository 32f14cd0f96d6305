import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, PageQuery } from '@pp/core';
import { IsOptional } from 'class-validator';

export class MembersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2022-07-01', description: 'Members on this date; today (UK) when neither this nor `from`/`to` is given. Not with `from` or `to`' })
  @IsOptional()
  @IsIsoDate()
  at?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-04-01',
    description:
      'With `to`: every membership that overlaps the dates `from` to `to` (both inclusive; either may be left out for no bound), e.g. a round’s members, its `opensOn` to `closesOn`. An organisation that left and rejoined within the dates has a row per membership. Not with `at`',
  })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-06-30', description: 'The last date of the range `from` starts (inclusive); not before `from`. Not with `at`' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}
