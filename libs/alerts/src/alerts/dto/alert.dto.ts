import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CountedPageOf, IsOmittable, PageQuery, toBoolean } from '@pp/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RULE_KINDS, type RuleKind, SEVERITIES, type Severity } from '../../rules/rule-kinds';
import type { AlertNotification } from '../../notifications/alert-notification.entity';
import type { Alert } from '../alert.entity';
import { ALERT_STATUSES, type AlertStatus, RESOLUTIONS, type Resolution } from '../alert-status';
import { ALERT_SORTS, type AlertSort, type InboxItem } from '../alerts.service';

export class AlertDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ enum: RULE_KINDS })
  kind: RuleKind;

  @ApiProperty({ enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: '2026-Q4' })
  period: string;

  @ApiProperty({ example: 'dimension:trust', description: 'Stable across rounds: footprint, dimension:<key>, dyad:<from>><to>, sector_pair:nhs>local_government, organisation:<id>' })
  subject: string;

  @ApiProperty({ example: 'Dimension trust' })
  subjectLabel: string;

  @ApiProperty({ example: 'Dimension trust is in concern at 47.5 (was 55.0, moderate)' })
  summary: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The values behind the alert' })
  details: Record<string, unknown>;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: AlertStatus;

  @ApiProperty({ format: 'date-time' })
  raisedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  acknowledgedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  acknowledgedBy: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  resolvedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when a later round cleared the condition' })
  resolvedBy: string | null;

  @ApiProperty({ enum: RESOLUTIONS, nullable: true, type: String })
  resolution: Resolution | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The round whose scores cleared the condition' })
  resolvedInRoundId: string | null;

  @ApiProperty({ nullable: true, type: String })
  note: string | null;

  static of(alert: Alert): AlertDto {
    return {
      id: alert.id,
      footprintId: alert.footprintId,
      ruleId: alert.ruleId,
      kind: alert.kind,
      severity: alert.severity,
      roundId: alert.roundId,
      period: alert.period,
      subject: alert.subject,
      subjectLabel: alert.subjectLabel,
      summary: alert.summary,
      details: alert.details,
      status: alert.status,
      raisedAt: alert.raisedAt.toISOString(),
      acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: alert.acknowledgedBy,
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      resolvedBy: alert.resolvedBy,
      resolution: alert.resolution,
      resolvedInRoundId: alert.resolvedInRoundId,
      note: alert.note,
    };
  }
}

export const DELIVERY_STATES = ['queued', 'retrying', 'sending', 'delivered', 'failed', 'unknown'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Where an email or webhook telling of the alert stands: read from its notification row, which the sending job keeps. */
export class AlertDeliveryDto {
  @ApiProperty({ enum: ['email', 'webhook'] })
  channel: 'email' | 'webhook';

  @ApiProperty({ format: 'uuid', description: 'The lead (email) or the webhook endpoint' })
  recipientId: string;

  @ApiProperty({ description: 'The email address or URL, as it was when the alert was raised' })
  address: string;

  @ApiProperty({
    enum: DELIVERY_STATES,
    enumName: 'DeliveryState',
    description:
      'queued: not tried yet; retrying: failed so far and tried again with backoff (NOTIFICATION_ATTEMPTS in all); sending: an attempt is talking to the relay or receiver; delivered; failed: out of attempts, or undeliverable (revoked endpoint, refused target); unknown: an attempt stopped after the relay or receiver may have accepted it, without recording whether it did, so it is not sent again (lastError says when: check with the recipient)',
  })
  status: DeliveryState;

  @ApiProperty({ description: 'Attempts made so far; each webhook attempt is also in the endpoint’s delivery log' })
  attempts: number;

  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed; null once delivered' })
  lastError: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deliveredAt: string | null;

  static of(notification: AlertNotification): AlertDeliveryDto {
    const status: DeliveryState =
      notification.status === 'sent'
        ? 'delivered'
        : notification.status === 'pending'
          ? notification.attempts > 0
            ? 'retrying'
            : 'queued'
          : notification.status;
    return {
      channel: notification.channel as 'email' | 'webhook',
      recipientId: notification.recipientId,
      address: notification.address,
      status,
      attempts: notification.attempts,
      lastError: notification.lastError,
      deliveredAt: notification.sentAt?.toISOString() ?? null,
    };
  }
}

export class AlertDetailDto extends AlertDto {
  @ApiProperty({ type: [AlertDeliveryDto], description: 'Every email and webhook telling of the alert, oldest first (in-app notifications are delivered when written)' })
  notifications: AlertDeliveryDto[];
}

export class AlertPageDto extends CountedPageOf(AlertDto, 'How many alerts match the filters, over every page') {}

export class AlertsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ enum: ALERT_SORTS, default: 'newest', description: 'newest: newest first; severity: critical first, then warning, then info, each newest first' })
  @IsOptional()
  @IsIn(ALERT_SORTS)
  sort?: AlertSort;
}

export class AlertActionDto {
  @ApiPropertyOptional({ example: 'Raised with both chief executives; joint session booked', maxLength: 1000 })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class InboxItemDto {
  @ApiProperty({ type: AlertDto })
  alert: AlertDto;

  @ApiProperty({ format: 'date-time' })
  notifiedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt: string | null;

  static of(item: InboxItem): InboxItemDto {
    return { alert: AlertDto.of(item.alert), notifiedAt: item.notifiedAt.toISOString(), readAt: item.readAt?.toISOString() ?? null };
  }
}

export class InboxPageDto extends CountedPageOf(InboxItemDto, 'How many of your in-app alerts match the filters, over every page (with `unread=true`: your unread count)') {}

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only alerts not yet marked read' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: 'Only alerts in this status now' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;
}
