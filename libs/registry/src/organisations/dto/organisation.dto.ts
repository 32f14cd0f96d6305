import { ApiProperty } from '@nestjs/swagger';
import { CODE_SYSTEMS, type CodeSystem, ORGANISATION_TYPES, type OrganisationType, SECTORS, type Sector, sectorOf } from '../organisation-types';
import type { Organisation } from '../organisation.entity';
import { PageOf } from '@pp/core';

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'RBL' })
  code: string;

  @ApiProperty({ example: 'WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST' })
  name: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType', example: 'acute_trust' })
  type: OrganisationType;

  @ApiProperty({ enum: SECTORS, enumName: 'Sector', example: 'nhs', description: 'Follows from the type' })
  sector: Sector;

  static from(organisation: Organisation): OrganisationSummaryDto {
    return {
      id: organisation.id,
      code: organisation.code,
      name: organisation.name,
      type: organisation.type,
      sector: sectorOf(organisation.type),
    };
  }
}

export class OrganisationDto extends OrganisationSummaryDto {
  @ApiProperty({ enum: CODE_SYSTEMS, enumName: 'CodeSystem', example: 'ods' })
  codeSystem: CodeSystem;

  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2016-04-01' })
  openedOn: string | null;

  @ApiProperty({ format: 'date', nullable: true, type: String, example: null })
  closedOn: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  archivedAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  updatedAt: string;

  static override from(organisation: Organisation): OrganisationDto {
    return {
      ...OrganisationSummaryDto.from(organisation),
      codeSystem: organisation.codeSystem,
      openedOn: organisation.openedOn,
      closedOn: organisation.closedOn,
      archivedAt: organisation.archivedAt?.toISOString() ?? null,
      createdAt: organisation.createdAt.toISOString(),
      updatedAt: organisation.updatedAt.toISOString(),
    };
  }
}

export class OrganisationPageDto extends PageOf(OrganisationDto) {}
