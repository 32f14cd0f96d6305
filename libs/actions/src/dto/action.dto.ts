import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, IsOmittable, PageOf, PageQuery, toBoolean, trim } from '@pp/core';
import { SECTORS } from '@pp/registry';
import { BANDS, type Band, TRENDS, type Trend } from '@pp/scoring';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { ActionOutcome, FigureChange, FigureStatus, GatedFigure } from '../action-outcome';
import type { ActionPlan } from '../action-plan.entity';
import { ACTION_STATUSES, type ActionStatus, isOverdue, isoDay, LINK_KINDS, type LinkKind } from '../action-status';
import type { ActionUpdate } from '../action-update.entity';

export class ActionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ enum: LINK_KINDS, enumName: 'ActionLinkKind', description: 'What the action is about; exactly one of the link fields below is set for it' })
  linkKind: LinkKind;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'linkKind alert: the alert' })
  alertId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'linkKind dyad: the rating member' })
  raterOrganisationId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'linkKind dyad: the rated member' })
  ratedOrganisationId: string | null;

  @ApiProperty({ enum: SECTORS, nullable: true, type: String, description: 'linkKind sector_pair: the rating sector' })
  raterSector: string | null;

  @ApiProperty({ enum: SECTORS, nullable: true, type: String, description: 'linkKind sector_pair: the rated sector' })
  ratedSector: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'trust', description: 'linkKind dimension: the dimension key' })
  dimension: string | null;

  @ApiProperty({ format: 'uuid', description: 'The member organisation that will do it' })
  ownerOrganisationId: string;

  @ApiProperty({ example: 'Joint finance workshop between the council and the trust' })
  description: string;

  @ApiProperty({ format: 'date', example: '2027-03-31' })
  dueOn: string;

  @ApiProperty({ enum: ACTION_STATUSES, enumName: 'ActionStatus' })
  status: ActionStatus;

  @ApiProperty({ description: 'Past its due date (UTC) and still planned or in progress' })
  overdue: boolean;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The round latest scored when the action was recorded: the "before" of every later round; null when none was scored yet' })
  baselineRoundId: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-Q3' })
  baselinePeriod: string | null;

  @ApiProperty({ format: 'uuid', description: 'The user who recorded it' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When its owners were reminded that it is overdue (once)' })
  remindedAt: string | null;

  static of(action: ActionPlan, now = new Date()): ActionDto {
    return {
      id: action.id,
      footprintId: action.footprintId,
      linkKind: action.linkKind,
      alertId: action.alertId,
      raterOrganisationId: action.raterOrganisationId,
      ratedOrganisationId: action.ratedOrganisationId,
      raterSector: action.raterSector,
      ratedSector: action.ratedSector,
      dimension: action.dimension,
      ownerOrganisationId: action.ownerOrganisationId,
      description: action.description,
      dueOn: action.dueOn,
      status: action.status,
      overdue: isOverdue(action, isoDay(now)),
      baselineRoundId: action.baselineRoundId,
      baselinePeriod: action.baselinePeriod,
      createdBy: action.createdBy,
      createdAt: action.createdAt.toISOString(),
      updatedAt: action.updatedAt.toISOString(),
      remindedAt: action.remindedAt?.toISOString() ?? null,
    };
  }
}

export class ActionUpdateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  actionId: string;

  @ApiProperty({ description: 'Empty when a status change came without a note' })
  note: string;

  @ApiProperty({ enum: ACTION_STATUSES, enumName: 'ActionStatus', nullable: true, type: String })
  statusFrom: ActionStatus | null;

  @ApiProperty({ enum: ACTION_STATUSES, enumName: 'ActionStatus', nullable: true, type: String })
  statusTo: ActionStatus | null;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  static of(update: ActionUpdate): ActionUpdateDto {
    return { id: update.id, actionId: update.actionId, note: update.note, statusFrom: update.statusFrom, statusTo: update.statusTo, authorId: update.authorId, at: update.at.toISOString() };
  }
}

export class Ci95Dto {
  @ApiProperty()
  lower: number;

  @ApiProperty()
  upper: number;
}

export class ActionFigureDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: '2026-Q4' })
  period: string;

  @ApiProperty({ enum: ['shown', 'withheld', 'not_scored'], enumName: 'ActionFigureStatus', description: 'withheld: by the anonymity gate, so no value is given; not_scored: no such score that round' })
  status: FigureStatus;

  @ApiProperty({ nullable: true, type: String, description: 'Why there is no value' })
  reason: string | null;

  @ApiProperty({ nullable: true, type: Number })
  respondents: number | null;

  @ApiProperty({ nullable: true, type: Number })
  n: number | null;

  @ApiProperty({ nullable: true, type: Number, description: '0–100' })
  mean: number | null;

  @ApiProperty({ type: Ci95Dto, nullable: true })
  ci95: Ci95Dto | null;

  @ApiProperty({ enum: BANDS, enumName: 'Band', nullable: true, type: String })
  band: Band | null;

  static of(figure: GatedFigure): ActionFigureDto {
    return { roundId: figure.roundId, period: figure.period, status: figure.status, reason: figure.reason, respondents: figure.respondents, n: figure.n, mean: figure.mean, ci95: figure.ci95, band: figure.band };
  }
}

export class ActionChangeDto {
  @ApiProperty({ description: 'after − before, in points' })
  delta: number;

  @ApiProperty({ nullable: true, type: Number, description: "Welch's two-sided p" })
  pValue: number | null;

  @ApiProperty({ description: 'p < 0.05 and a change of 5 points or more (the trend rule of docs/scoring.md)' })
  significant: boolean;

  @ApiProperty({ enum: TRENDS, enumName: 'Trend' })
  trend: Trend;

  static of(change: FigureChange): ActionChangeDto {
    return { ...change };
  }
}

export class ActionOutcomeDto {
  @ApiProperty({ type: ActionFigureDto, description: 'The baseline round' })
  before: ActionFigureDto;

  @ApiProperty({ type: ActionFigureDto, description: 'A later scored round' })
  after: ActionFigureDto;

  @ApiProperty({ type: ActionChangeDto, nullable: true, description: 'Null unless both figures are shown' })
  change: ActionChangeDto | null;

  static of(outcome: ActionOutcome): ActionOutcomeDto {
    return { before: ActionFigureDto.of(outcome.before), after: ActionFigureDto.of(outcome.after), change: outcome.change ? ActionChangeDto.of(outcome.change) : null };
  }
}

export class LinkedFigureDto {
  @ApiProperty({ example: 'dyad' })
  scope: string;

  @ApiProperty({ example: '0e4b…>5c1f…' })
  subject: string;

  @ApiProperty({ example: 'partner_rating' })
  measure: string;
}

export class ActionDetailDto extends ActionDto {
  @ApiProperty({ type: [ActionUpdateDto], description: 'Oldest first' })
  updates: ActionUpdateDto[];

  @ApiProperty({ type: LinkedFigureDto, nullable: true, description: 'The score the action is judged by; null for an alert on a response rate' })
  figure: LinkedFigureDto | null;

  @ApiProperty({ type: [ActionOutcomeDto], description: '"Did it work?": one entry per round scored after the baseline, oldest first' })
  outcomes: ActionOutcomeDto[];
}

export class ActionPageDto extends PageOf(ActionDto) {}

export class ActionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACTION_STATUSES, enumName: 'ActionStatus' })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ enum: LINK_KINDS, enumName: 'ActionLinkKind' })
  @IsOptional()
  @IsIn(LINK_KINDS)
  linkKind?: LinkKind;

  @ApiPropertyOptional({ description: 'Only overdue actions (true) or only the others (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class CreateActionDto {
  @ApiProperty({ enum: LINK_KINDS, enumName: 'ActionLinkKind' })
  @IsIn(LINK_KINDS)
  linkKind: LinkKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for linkKind alert; an alert of this footprint' })
  @IsOmittable()
  @IsUUID()
  alertId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for linkKind dyad; a member of the footprint' })
  @IsOmittable()
  @IsUUID()
  raterOrganisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for linkKind dyad; another member of the footprint' })
  @IsOmittable()
  @IsUUID()
  ratedOrganisationId?: string;

  @ApiPropertyOptional({ enum: SECTORS, description: 'Required for linkKind sector_pair' })
  @IsOmittable()
  @IsIn(SECTORS)
  raterSector?: string;

  @ApiPropertyOptional({ enum: SECTORS, description: 'Required for linkKind sector_pair' })
  @IsOmittable()
  @IsIn(SECTORS)
  ratedSector?: string;

  @ApiPropertyOptional({ example: 'trust', description: 'Required for linkKind dimension; a dimension key of the instrument' })
  @IsOmittable()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'dimension must be a dimension key (lower-case letters, digits and _)' })
  dimension?: string;

  @ApiProperty({ format: 'uuid', description: 'A member of the footprint' })
  @IsUUID()
  ownerOrganisationId: string;

  @ApiProperty({ maxLength: 2000, example: 'Joint finance workshop between the council and the trust' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @ApiProperty({ format: 'date', example: '2027-03-31' })
  @IsIsoDate()
  dueOn: string;

  @ApiPropertyOptional({ enum: ['planned', 'in_progress'], default: 'planned' })
  @IsOmittable()
  @IsIn(['planned', 'in_progress'])
  status?: 'planned' | 'in_progress';
}

export class UpdateActionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A member of the footprint' })
  @IsOmittable()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Moving it makes the action eligible for one more overdue reminder' })
  @IsOmittable()
  @IsIsoDate()
  dueOn?: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, enumName: 'ActionStatus', description: 'done and dropped are final' })
  @IsOmittable()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Kept as a dated update with the status change' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AddActionUpdateDto {
  @ApiProperty({ maxLength: 2000, example: 'Workshop held on 12 January; follow-up booked' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, enumName: 'ActionStatus', description: 'A status change made with the note; done and dropped are final' })
  @IsOmittable()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
}
