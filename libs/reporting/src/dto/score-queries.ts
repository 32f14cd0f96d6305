import { ApiPropertyOptional } from '@nestjs/swagger';
import { toBoolean } from '@pp/core';
import { BREAKDOWNS, type Breakdown, DRIVER_KINDS, type DriverKind, SCOPES, type Scope } from '@pp/scoring';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { BiQuery, commaList } from './bi-query';
import { OrganisationFilters } from './list-queries';

const KEY = /^[a-z][a-z0-9_]{0,62}$/;

export class ScoresQuery extends OrganisationFilters {
  @ApiPropertyOptional({ description: 'Scopes, comma-separated', example: 'organisation,sector', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true })
  scope?: Scope[];

  @ApiPropertyOptional({ description: 'Measures (dimensions), comma-separated: rhi, trust, partner_rating…', example: 'rhi,trust', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @Matches(KEY, { each: true, message: 'measure must list measure keys such as rhi or trust' })
  measure?: string[];

  @ApiPropertyOptional({ description: 'Include provisional scores of rounds still open', default: false, type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeProvisional?: boolean;
}

export class TrendsQuery extends ScoresQuery {}

export class DistributionsQuery extends OrganisationFilters {
  @ApiPropertyOptional({ description: 'Question keys, comma-separated', example: 'trust_commitments', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(200)
  @Matches(KEY, { each: true, message: 'question must list question keys such as trust_commitments' })
  question?: string[];

  @ApiPropertyOptional({ description: 'Breakdowns, comma-separated', example: 'all,sector', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(BREAKDOWNS.length)
  @IsIn(BREAKDOWNS, { each: true })
  breakdown?: Breakdown[];

  @ApiPropertyOptional({ description: 'Dimensions of the questions, comma-separated', example: 'trust', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(50)
  @Matches(KEY, { each: true, message: 'dimension must list dimension keys such as trust' })
  dimension?: string[];
}

export class DriversQuery extends BiQuery {
  @ApiPropertyOptional({ description: 'Kinds of driver, comma-separated', example: 'dimension', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(DRIVER_KINDS.length)
  @IsIn(DRIVER_KINDS, { each: true })
  kind?: DriverKind[];
}
