import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoTimestamp, IsOmittable } from '@pp/core';
import { IsString, IsUUID, Matches } from 'class-validator';

export class CreateRoundDto {
  @ApiProperty({ example: '2026-Q3', description: 'Calendar quarter YYYY-Q1…Q4; one round per footprint and period' })
  @IsString()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'period must be a quarter written YYYY-Q1 to YYYY-Q4, e.g. 2026-Q3' })
  period: string;

  @ApiProperty({ format: 'date-time', example: '2026-07-01T08:00:00Z' })
  @IsIsoTimestamp()
  opensAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-07-22T17:00:00Z' })
  @IsIsoTimestamp()
  closesAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Instrument version; the default instrument when left out' })
  @IsOmittable()
  @IsUUID()
  instrumentId?: string;
}
