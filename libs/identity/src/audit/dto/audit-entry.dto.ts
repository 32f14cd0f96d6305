import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from '../audit-entry.entity';
import { PageOf } from '@pp/core';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ example: 'user', enum: ['user', 'api_key', 'system', 'anonymous'] })
  actorType: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ example: 'lead@example.org', nullable: true, type: String })
  actorLabel: string | null;

  @ApiProperty({ example: 'footprint_lead', nullable: true, type: String })
  actorRole: string | null;

  @ApiProperty({ example: 'organisation.update' })
  action: string;

  @ApiProperty({ example: 'organisation' })
  entityType: string;

  @ApiProperty({ nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  footprintId: string | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: String })
  requestId: string | null;

  static of(entry: AuditEntry): AuditEntryDto {
    return {
      id: entry.id,
      occurredAt: entry.occurredAt.toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorLabel: entry.actorLabel,
      actorRole: entry.actorRole,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      footprintId: entry.footprintId,
      before: entry.before as Record<string, unknown> | null,
      after: entry.after as Record<string, unknown> | null,
      requestId: entry.requestId,
    };
  }
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}
