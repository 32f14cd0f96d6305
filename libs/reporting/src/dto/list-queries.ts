import { ApiPropertyOptional } from '@nestjs/swagger';
import { toBoolean } from '@pp/core';
import { ORGANISATION_TYPES, type OrganisationType, type Sector, SECTORS } from '@pp/registry';
import { ACTION_STATUSES, type ActionStatus, LINK_KINDS, type LinkKind } from '@pp/actions';
import { ALERT_STATUSES, type AlertStatus, RULE_KINDS, type RuleKind, SEVERITIES, type Severity } from '@pp/alerts';
import { ROUND_STATUSES, type RoundStatus } from '@pp/surveys';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { BiListQuery, BiQuery, commaList } from './bi-query';

/** Filters on the organisation a row is about. */
export class OrganisationFilters extends BiQuery {
  @ApiPropertyOptional({ description: 'Organisation types, comma-separated', example: 'metropolitan_borough,acute_trust', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(ORGANISATION_TYPES.length)
  @IsIn(ORGANISATION_TYPES, { each: true })
  organisationType?: OrganisationType[];

  @ApiPropertyOptional({ description: 'Sectors, comma-separated', example: 'nhs,local_government', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(SECTORS.length)
  @IsIn(SECTORS, { each: true })
  sector?: Sector[];
}

export class MembersQuery extends OrganisationFilters {}

export class RoundsQuery extends BiQuery {
  @ApiPropertyOptional({ description: 'Round statuses, comma-separated', example: 'closed,scored', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(ROUND_STATUSES.length)
  @IsIn(ROUND_STATUSES, { each: true })
  status?: RoundStatus[];
}

export class ResponseRatesQuery extends OrganisationFilters {}

export class InstrumentsQuery extends BiListQuery {
  @ApiPropertyOptional({ description: 'Instrument key', example: 'relationship-health-pulse' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'instrument must be an instrument key such as relationship-health-pulse' })
  instrument?: string;

  @ApiPropertyOptional({ description: 'Only instruments used by a round (immutable from then on)', type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  used?: boolean;
}

export class AlertsQuery extends BiQuery {
  @ApiPropertyOptional({ description: 'Statuses, comma-separated', example: 'open,acknowledged', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(ALERT_STATUSES.length)
  @IsIn(ALERT_STATUSES, { each: true })
  status?: AlertStatus[];

  @ApiPropertyOptional({ description: 'Rule kinds, comma-separated', example: 'rhi_drop,dyad_decline', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(RULE_KINDS.length)
  @IsIn(RULE_KINDS, { each: true })
  kind?: RuleKind[];

  @ApiPropertyOptional({ description: 'Severities, comma-separated', example: 'critical', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(SEVERITIES.length)
  @IsIn(SEVERITIES, { each: true })
  severity?: Severity[];
}

export class ActionsQuery extends BiQuery {
  @ApiPropertyOptional({ description: 'Statuses, comma-separated', example: 'planned,in_progress', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(ACTION_STATUSES.length)
  @IsIn(ACTION_STATUSES, { each: true })
  status?: ActionStatus[];

  @ApiPropertyOptional({ description: 'What actions are about, comma-separated', example: 'dyad,dimension', type: String })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(LINK_KINDS.length)
  @IsIn(LINK_KINDS, { each: true })
  link_kind?: LinkKind[];
}
