import { ApiPropertyOptional } from '@nestjs/swagger';
import { toBoolean } from '@pp/core';
import { SECTORS } from '@pp/registry';
import { BREAKDOWNS, type Breakdown, DRIVER_KINDS, type DriverKind, SCOPES, type Scope } from '@pp/scoring';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { BiQuery, commaList } from './bi-query';
import { OrganisationFilters } from './list-queries';

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
/** An organisation's ODS or ONS code (RBL, E08000015), or its id. */
const ORGANISATION_REF = /^([A-Z0-9]{3,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Every sector pair, written rater>rated as in the `subject` column (nhs>local_government). */
export const SECTOR_PAIRS: readonly string[] = SECTORS.flatMap((from) => SECTORS.map((to) => `${from}>${to}`));

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

  @ApiPropertyOptional({
    description: 'Scores about these organisations (codes or ids, comma-separated): their own, their network measures, and their dyads either way',
    example: 'E08000015',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @Matches(ORGANISATION_REF, { each: true, message: 'organisation must list organisation codes (E08000015, RBL) or ids' })
  organisation?: string[];

  @ApiPropertyOptional({
    description: 'Dyads rated by these organisations (codes or ids, comma-separated); with `rated`, a dyad needs both: `rater=A,B&rated=A,B` is the tie between A and B both ways',
    example: 'E08000015',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @Matches(ORGANISATION_REF, { each: true, message: 'rater must list organisation codes (E08000015, RBL) or ids' })
  rater?: string[];

  @ApiPropertyOptional({ description: 'Dyads rating these organisations (codes or ids, comma-separated)', example: 'RBL', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @Matches(ORGANISATION_REF, { each: true, message: 'rated must list organisation codes (E08000015, RBL) or ids' })
  rated?: string[];

  @ApiPropertyOptional({ description: 'Sector pairs written rater>rated, comma-separated', example: 'nhs>local_government', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(SECTOR_PAIRS.length)
  @IsIn(SECTOR_PAIRS, { each: true, message: `sectorPair must list sector pairs written rater>rated, such as nhs>local_government (sectors: ${SECTORS.join(', ')})` })
  sectorPair?: string[];

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
