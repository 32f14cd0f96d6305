import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, toBoolean, trim } from '@pp/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_TYPES, type OrganisationType, SECTORS, type Sector } from '../organisation-types';

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ enum: SECTORS, enumName: 'Sector' })
  @IsOptional()
  @IsIn(SECTORS)
  sector?: Sector;

  @ApiPropertyOptional({
    description: 'Finds organisations whose name or ODS/ONS code contains this text, in any case (`wirral`, `rbl`, `E06000`); surrounding spaces are ignored. Pickers send what a person types.',
    example: 'Wirral',
    maxLength: 100,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'Include archived organisations' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}
