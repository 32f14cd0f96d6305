import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { BENCHMARK_REASON_TEXT, BENCHMARK_REASONS, type BenchmarkReason, type Quartile } from '../benchmark';
import type { FigureStanding, FootprintBenchmark, SharingFootprint } from './benchmark-reads.service';

export class BenchmarkQuery {
  @ApiPropertyOptional({ example: '2026-Q3', description: 'The period compared; the footprint’s latest scored round (admins: the latest period any sharing footprint has scored) when left out' })
  @IsOptional()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'period must be YYYY-Qn, e.g. 2026-Q3' })
  period?: string;
}

export class CutPointsDto {
  @ApiProperty({ description: 'Harrell–Davis estimate of the 25th percentile, whole points' })
  lowerQuartile: number;

  @ApiProperty({ description: 'Harrell–Davis estimate of the median, whole points' })
  median: number;

  @ApiProperty({ description: 'Harrell–Davis estimate of the 75th percentile, whole points' })
  upperQuartile: number;
}

export class BenchmarkFigureDto {
  @ApiProperty({ enum: ['footprint', 'dimension'], example: 'footprint' })
  scope: string;

  @ApiProperty({ example: 'rhi', description: '`rhi` or a dimension key' })
  measure: string;

  @ApiProperty({ nullable: true, type: Number, description: 'This footprint’s figure (0–100) as the anonymity gate shows it; null when withheld' })
  value: number | null;

  @ApiProperty()
  withheld: boolean;

  @ApiProperty({ enum: BENCHMARK_REASONS, enumName: 'BenchmarkReason', nullable: true, description: 'Why the standing is withheld; null when shown' })
  reasonCode: BenchmarkReason | null;

  @ApiProperty({ nullable: true, type: String, example: BENCHMARK_REASON_TEXT.too_few_contributors, description: 'The same in words' })
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Footprints whose figure is compared, this one included (at least 5)' })
  contributors: number | null;

  @ApiProperty({ nullable: true, type: Number, description: '100 × (contributors strictly below + ½) / contributors' })
  percentile: number | null;

  @ApiProperty({ nullable: true, type: Number, enum: [1, 2, 3, 4], description: '1: the lowest quarter of contributors … 4: the highest' })
  quartile: Quartile | null;

  @ApiProperty({ type: CutPointsDto, nullable: true })
  cutPoints: CutPointsDto | null;

  static from(figure: FigureStanding): BenchmarkFigureDto {
    const { reason, ...rest } = figure;
    return { ...rest, reasonCode: reason, reason: reason && BENCHMARK_REASON_TEXT[reason] };
  }
}

export class FootprintBenchmarkDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-Q3' })
  period: string | null;

  @ApiProperty({ description: 'This footprint shares its figures in the national benchmark' })
  sharing: boolean;

  @ApiProperty({ description: 'This footprint’s round of the period is scored in full' })
  scored: boolean;

  @ApiProperty({ enum: BENCHMARK_REASONS, enumName: 'BenchmarkReason', nullable: true, description: 'Why nothing is compared at all; null when figures may be' })
  reasonCode: BenchmarkReason | null;

  @ApiProperty({ nullable: true, type: String, description: 'The same in words' })
  reason: string | null;

  @ApiProperty({ example: 5, description: 'Contributing footprints a figure needs before its standing is shown' })
  minimumContributors: number;

  @ApiProperty({ type: [BenchmarkFigureDto], description: 'The RHI first, then each dimension' })
  figures: BenchmarkFigureDto[];
}

export class SharingFootprintDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ example: 'E54000008' })
  code: string;

  @ApiProperty({ example: 'Cheshire and Merseyside' })
  name: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  roundId: string | null;

  @ApiProperty({ description: 'Its round of the period is scored in full' })
  scored: boolean;

  @ApiProperty({ type: [BenchmarkFigureDto] })
  figures: BenchmarkFigureDto[];

  static from(footprint: SharingFootprint): SharingFootprintDto {
    return { ...footprint, figures: footprint.figures.map(BenchmarkFigureDto.from) };
  }
}

export class BenchmarkTableDto {
  @ApiProperty({ nullable: true, type: String, example: '2026-Q3' })
  period: string | null;

  @ApiProperty({ example: 5 })
  minimumContributors: number;

  @ApiProperty({ type: [SharingFootprintDto], description: 'Every footprint sharing now, by name, scored for the period or not' })
  footprints: SharingFootprintDto[];
}

/** The reason nothing at all is compared for a footprint, in the order benchmarkFigure checks them. */
export function wholeReason(benchmark: FootprintBenchmark): BenchmarkReason | null {
  if (!benchmark.sharing) return 'not_sharing';
  if (!benchmark.scored) return 'round_not_scored';
  return null;
}
