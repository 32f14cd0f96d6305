import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, IsOmittable, trim } from '@pp/core';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CODE_SYSTEMS, type CodeSystem, ORGANISATION_TYPES, type OrganisationType } from '../organisation-types';

export class CreateOrganisationDto {
  @ApiProperty({
    example: 'RBL',
    maxLength: 9,
    description: 'ODS code for NHS bodies (RBL, 27D, QYG), ONS code for councils (E06000049); checked against the type',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(9)
  code: string;

  @ApiPropertyOptional({
    enum: CODE_SYSTEMS,
    enumName: 'CodeSystem',
    example: 'ods',
    description: 'Follows from the type and code when left out',
  })
  @IsOmittable()
  @IsIn(CODE_SYSTEMS)
  codeSystem?: CodeSystem;

  @ApiProperty({ example: 'WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType', example: 'acute_trust' })
  @IsIn(ORGANISATION_TYPES)
  type: OrganisationType;

  @ApiPropertyOptional({ format: 'date', example: '2016-04-01', nullable: true, type: String })
  @IsOptional()
  @IsIsoDate()
  openedOn?: string | null;

  @ApiPropertyOptional({ format: 'date', example: null, nullable: true, type: String, description: 'e.g. 2022-06-30 for a CCG' })
  @IsOptional()
  @IsIsoDate()
  closedOn?: string | null;
}
