import { ApiProperty } from '@nestjs/swagger';
import { FOOTPRINT_KINDS, type FootprintKind, NATIONS, type Nation } from '../footprint-codes';
import type { Footprint } from '../footprint.entity';
import { PageOf } from '@pp/core';

export class RegionDto {
  @ApiProperty({ example: 'North West' })
  name: string;

  @ApiProperty({ example: 'E40000010', nullable: true, type: String })
  code: string | null;
}

export class FootprintDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'E54000008' })
  code: string;

  @ApiProperty({ example: 'Cheshire and Merseyside' })
  name: string;

  @ApiProperty({ enum: FOOTPRINT_KINDS, enumName: 'FootprintKind', example: 'ICS' })
  kind: FootprintKind;

  @ApiProperty({ enum: NATIONS, enumName: 'Nation', example: 'england' })
  nation: Nation;

  @ApiProperty({ type: RegionDto })
  region: RegionDto;

  @ApiProperty({ example: 5 })
  anonymityThreshold: number;

  @ApiProperty({ example: false, description: 'Shares its footprint-level figures in the national benchmark' })
  benchmarkSharing: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  archivedAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T09:30:00.000Z' })
  updatedAt: string;

  static from(footprint: Footprint): FootprintDto {
    return {
      id: footprint.id,
      code: footprint.code,
      name: footprint.name,
      kind: footprint.kind,
      nation: footprint.nation,
      region: { name: footprint.regionName, code: footprint.regionCode },
      anonymityThreshold: footprint.anonymityThreshold,
      benchmarkSharing: footprint.benchmarkSharing,
      archivedAt: footprint.archivedAt?.toISOString() ?? null,
      createdAt: footprint.createdAt.toISOString(),
      updatedAt: footprint.updatedAt.toISOString(),
    };
  }
}

export class FootprintPageDto extends PageOf(FootprintDto) {}
