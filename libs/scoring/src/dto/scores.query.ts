import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@pp/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { BREAKDOWNS, type Breakdown } from '../distributions/distributions';
import { type Scope, SCOPES } from '../scores/score-scopes';

const MEASURE = /^[a-z][a-z0-9_]{0,62}$/;
const PERIOD = /^\d{4}-Q[1-4]$/;

/** Which scores of a round to read; every filter is optional. */
export class ScoresQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SCOPES, enumName: 'ScoreScope' })
  @IsOptional()
  @IsIn(SCOPES)
  scope?: Scope;

  @ApiPropertyOptional({ example: 'rhi', description: '`rhi`, a dimension key, `partner_rating`, or a network measure' })
  @IsOptional()
  @Matches(MEASURE, { message: 'must be a measure key such as rhi or trust' })
  measure?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Scores about this member: its own, its dyads either way, its network measures' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class FootprintScoresQuery extends ScoresQuery {
  @ApiPropertyOptional({ example: '2026-Q3', description: 'A scored round’s period; the latest scored round when left out' })
  @IsOptional()
  @Matches(PERIOD, { message: 'must be YYYY-Qn' })
  period?: string;
}

export class ScoreHistoryQuery extends ScoresQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 4, description: 'How many of the latest scored rounds' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  rounds?: number;
}

export class DistributionsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'trust_commitments' })
  @IsOptional()
  @Matches(MEASURE, { message: 'must be a question key' })
  question?: string;

  @ApiPropertyOptional({ enum: BREAKDOWNS, enumName: 'DistributionBreakdown' })
  @IsOptional()
  @IsIn(BREAKDOWNS)
  breakdown?: Breakdown;
}
