import { ApiProperty } from '@nestjs/swagger';
import { DRIVER_CLASSES, DRIVER_KINDS, type DriverClass, type DriverKind } from '../drivers';
import { Ci95Dto } from '../dto/score.dto';

const SUPPRESSION = { example: 'fewer than 5 respondents', nullable: true, type: String, description: 'Why the values are withheld (the anonymity gate); null when shown' };

/** How strongly the driver goes with the overall relationship, over the respondents who scored both. */
export class DriverCorrelationDto {
  @ApiProperty()
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Respondents who scored both the driver and the overall relationship item' })
  respondents: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'The driver’s mean on 0–100 as published elsewhere: a dimension’s footprint score, an item’s mean over everyone who scored it' })
  mean: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Pearson’s r with the overall relationship item' })
  r: number | null;

  @ApiProperty({ type: Ci95Dto, nullable: true, description: '95% confidence interval of r (Fisher’s z); null below four respondents' })
  ci95: Ci95Dto | null;
}

/** The driver’s share of what its kind’s drivers explain together (Johnson’s relative weights). */
export class DriverImportanceDto {
  @ApiProperty()
  suppressed: boolean;

  @ApiProperty(SUPPRESSION)
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Respondents who scored the overall item and every driver of this kind (the regression’s sample)' })
  respondents: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Variance of the overall item explained by every driver of this kind together' })
  rSquared: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Raw relative weight; the weights of one kind sum to rSquared' })
  relativeWeight: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'relativeWeight / rSquared, 0–1: the driver’s share of the explained variance' })
  share: number | null;

  @ApiProperty({
    nullable: true,
    enum: DRIVER_CLASSES,
    enumName: 'DriverClass',
    description: 'Dimensions only: priority (share ≥ 1/p, mean below the dimensions’ average or in concern), strength (share ≥ 1/p, otherwise), neither',
  })
  class: DriverClass | null;
}

export class KeyDriverDto {
  @ApiProperty({ enum: DRIVER_KINDS, enumName: 'DriverKind' })
  kind: DriverKind;

  @ApiProperty({ description: 'A dimension key or an item’s question key', example: 'communication' })
  key: string;

  @ApiProperty({ nullable: true, type: String, description: 'An item’s dimension; null for a dimension', example: null })
  dimension: string | null;

  @ApiProperty({ type: DriverCorrelationDto })
  correlation: DriverCorrelationDto;

  @ApiProperty({ type: DriverImportanceDto })
  importance: DriverImportanceDto;
}

export class RoundDriversDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-Q3', description: 'Null until the round has been scored in full' })
  period: string | null;

  @ApiProperty({ example: 5 })
  anonymityThreshold: number;

  @ApiProperty({ nullable: true, type: String, example: 'trust_nhs_council', description: 'The question key of the overall relationship item the drivers explain; null when the round has none' })
  outcome: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the drivers were computed (with the round’s final scores)' })
  computedAt: string | null;

  @ApiProperty({ type: [KeyDriverDto], description: 'Dimensions first, then items, each in descending share of the explained variance' })
  items: KeyDriverDto[];
}
