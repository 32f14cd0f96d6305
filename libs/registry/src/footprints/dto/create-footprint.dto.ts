import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable, trim } from '@pp/core';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  DEFAULT_ANONYMITY_THRESHOLD,
  FOOTPRINT_KINDS,
  type FootprintKind,
  MAX_ANONYMITY_THRESHOLD,
  MIN_ANONYMITY_THRESHOLD,
  NATIONS,
  type Nation,
  REGION_CODE,
} from '../footprint-codes';

export class RegionInput {
  @ApiProperty({ example: 'North West', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'E40000010', nullable: true, description: 'NHS England region: ONS code (E40…) or ODS code (Y62)' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  @Matches(REGION_CODE, { message: 'code must be an NHS region code: E40 and six digits (E40000010) or Y and two digits (Y62)' })
  code?: string | null;
}

export class CreateFootprintDto {
  @ApiProperty({
    example: 'E54000008',
    maxLength: 9,
    description: 'ONS code (E54… in England, S37… Scotland, W11… Wales) or the ODS code of the ICB (QYG)',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(9)
  code: string;

  @ApiProperty({ example: 'Cheshire and Merseyside', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: FOOTPRINT_KINDS, enumName: 'FootprintKind', example: 'ICS' })
  @IsIn(FOOTPRINT_KINDS)
  kind: FootprintKind;

  @ApiProperty({ enum: NATIONS, enumName: 'Nation', example: 'england' })
  @IsIn(NATIONS)
  nation: Nation;

  @ApiProperty({ type: RegionInput })
  @IsObject()
  @ValidateNested()
  @Type(() => RegionInput)
  region: RegionInput;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_ANONYMITY_THRESHOLD,
    maximum: MAX_ANONYMITY_THRESHOLD,
    default: DEFAULT_ANONYMITY_THRESHOLD,
    description: 'Aggregates with fewer respondents than this are suppressed',
  })
  @IsOmittable()
  @IsInt()
  @Min(MIN_ANONYMITY_THRESHOLD)
  @Max(MAX_ANONYMITY_THRESHOLD)
  anonymityThreshold?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'Share the footprint-level figures (RHI and dimensions, as the anonymity gate shows them) in the national benchmark; turning it off withdraws them from every period at once',
  })
  @IsOmittable()
  @IsBoolean()
  benchmarkSharing?: boolean;
}
