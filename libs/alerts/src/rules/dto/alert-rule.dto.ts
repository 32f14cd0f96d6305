import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@pp/core';
import { IsBoolean, IsIn, IsNumber } from 'class-validator';
import type { AlertRule } from '../alert-rule.entity';
import { RULE_DEFINITIONS, RULE_KINDS, type RuleKind, SEVERITIES, type Severity } from '../rule-kinds';

export class AlertRuleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ enum: RULE_KINDS })
  kind: RuleKind;

  @ApiProperty({ example: 'The Relationship Health Index drops by at least the threshold, significantly (Welch p < 0.05)' })
  description: string;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ nullable: true, type: Number, example: 5, description: 'Null for rules that follow the score bands' })
  threshold: number | null;

  @ApiProperty({ nullable: true, type: String, enum: ['points', 'rounds', 'fraction'] })
  thresholdUnit: 'points' | 'rounds' | 'fraction' | null;

  @ApiProperty({ nullable: true, type: [Number], example: [1, 100], description: 'Smallest and largest threshold allowed' })
  thresholdRange: number[] | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who last changed the rule; null while it has its defaults' })
  updatedBy: string | null;

  static of(rule: AlertRule): AlertRuleDto {
    const definition = RULE_DEFINITIONS[rule.kind];
    return {
      id: rule.id,
      footprintId: rule.footprintId,
      kind: rule.kind,
      description: definition.description,
      enabled: rule.enabled,
      severity: rule.severity,
      threshold: rule.threshold,
      thresholdUnit: definition.thresholdUnit ?? null,
      thresholdRange: definition.thresholdRange ? [...definition.thresholdRange] : null,
      updatedAt: rule.updatedAt.toISOString(),
      updatedBy: rule.updatedBy,
    };
  }
}

export class AlertRuleListDto {
  @ApiProperty({ type: [AlertRuleDto] })
  items: AlertRuleDto[];
}

/** What a lead may change on a rule; its kind and footprint never change. */
export class UpdateAlertRuleDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOmittable()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ example: 8, description: 'In the rule’s thresholdUnit, within its thresholdRange' })
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;
}
