import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@pp/core';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { RoundSchedule } from '../round-schedule.entity';

export class PutRoundScheduleDto {
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true, description: 'Instrument version; the default at the time when left out' })
  @IsOptional()
  @IsUUID()
  instrumentId?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 28, default: 1, description: 'Day of the quarter’s first month on which the round opens (00:00 UTC)' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(28)
  openDay?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 60, default: 21 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(60)
  durationDays?: number;
}

export class RoundScheduleDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  instrumentId: string | null;

  @ApiProperty({ example: 1 })
  openDay: number;

  @ApiProperty({ example: 21 })
  durationDays: number;

  static from(schedule: RoundSchedule): RoundScheduleDto {
    return { footprintId: schedule.footprintId, instrumentId: schedule.instrumentId, openDay: schedule.openDay, durationDays: schedule.durationDays };
  }
}
