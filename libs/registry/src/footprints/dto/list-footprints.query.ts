import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, toBoolean } from '@pp/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { FOOTPRINT_KINDS, type FootprintKind, NATIONS, type Nation } from '../footprint-codes';

export class ListFootprintsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NATIONS, enumName: 'Nation' })
  @IsOptional()
  @IsIn(NATIONS)
  nation?: Nation;

  @ApiPropertyOptional({ enum: FOOTPRINT_KINDS, enumName: 'FootprintKind' })
  @IsOptional()
  @IsIn(FOOTPRINT_KINDS)
  kind?: FootprintKind;

  @ApiPropertyOptional({ description: 'Text to find in the name or code', example: 'Mersey', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'Include archived footprints' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}
