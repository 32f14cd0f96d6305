import { ApiProperty } from '@nestjs/swagger';

export class SummaryScoreDto {
  @ApiProperty({ example: 'trust', description: 'rhi or a dimension key' })
  measure: string;

  @ApiProperty({ example: false, description: 'Withheld by the anonymity gate: every figure is null' })
  suppressed: boolean;

  @ApiProperty({ example: 12, nullable: true, type: Number })
  respondents: number | null;

  @ApiProperty({ example: 68.4, nullable: true, type: Number })
  mean: number | null;

  @ApiProperty({ example: 'moderate', nullable: true, type: String, enum: ['strong', 'moderate', 'concern'] })
  band: string | null;

  @ApiProperty({ example: -5.7, nullable: true, type: Number, description: 'Change since the previous scored round' })
  delta: number | null;

  @ApiProperty({ example: 'deteriorating', nullable: true, type: String, enum: ['improving', 'stable', 'deteriorating'] })
  trend: string | null;
}

export class FootprintSummaryDto {
  @ApiProperty({ example: 'E54000008' })
  footprint_code: string;

  @ApiProperty({ example: 'Cheshire and Merseyside' })
  footprint_name: string;

  @ApiProperty({ example: 5 })
  anonymity_threshold: number;

  @ApiProperty({ example: '2026-Q2', nullable: true, type: String, description: 'The latest round with final scores' })
  period: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  round_id: string | null;

  @ApiProperty({ type: SummaryScoreDto, nullable: true, description: 'The Relationship Health Index of the footprint' })
  rhi: SummaryScoreDto | null;

  @ApiProperty({ type: [SummaryScoreDto], description: 'Each dimension across the footprint' })
  dimensions: SummaryScoreDto[];

  @ApiProperty({ example: 0.6, nullable: true, type: Number, description: 'Respondents over expected respondents in that round' })
  response_rate: number | null;

  @ApiProperty({ example: 2, description: 'Alerts open or acknowledged' })
  open_alerts: number;
}
