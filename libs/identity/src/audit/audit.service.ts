import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Page, paginate } from '@pp/core';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../access/actor';
import type { Scope } from '../access/policy';
import { currentRequest } from '../access/request-context';
import { AuditEntry } from './audit-entry.entity';
import type { AuditQuery } from './dto/audit-query.dto';

/** Who acted when there is no signed-in actor: the CLI, start-up, a job, or an anonymous sign-in attempt. */
export interface AuditActor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id?: string | null;
  label?: string | null;
  role?: string | null;
}

export interface AuditRecord {
  /** entity.verb, e.g. `organisation.create`, `user.lock`. */
  action: string;
  entityType: string;
  entityId: string | null;
  footprintId?: string | null;
  /** Summaries of the entity before and after the write: the fields that matter, never secrets. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Overrides the actor of the current request. */
  actor?: AuditActor;
}

/** Keys that must never reach the log, whatever a caller passes. */
const SECRET_KEY = /password|hash|secret|token/i;

function redact(summary: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!summary) return null;
  return Object.fromEntries(Object.entries(summary).filter(([key]) => !SECRET_KEY.test(key)));
}

function actorOf(actor: Actor, role: string | undefined): AuditActor {
  return { type: actor.kind, id: actor.id, label: actor.label, role: role ?? null };
}

/** The append-only audit log. Every lib records its writes here, inside its own transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Writes one entry with `manager`, so the entry commits or rolls back with the change it describes. */
  record(manager: EntityManager, record: AuditRecord): Promise<void> {
    return this.recordAll(manager, [record]);
  }

  /** Writes several entries in one statement (e.g. every round one scheduler tick closes), as record() does one. */
  async recordAll(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const request = currentRequest();
    const current: AuditActor = request?.actor ? actorOf(request.actor, request.authorisedAs) : { type: 'system', label: request?.system ?? null };
    await manager.insert(
      AuditEntry,
      records.map((record) => {
        const actor = record.actor ?? current;
        return {
          actorType: actor.type,
          actorId: actor.id ?? null,
          actorLabel: actor.label ?? null,
          actorRole: actor.role ?? null,
          action: record.action,
          entityType: record.entityType,
          entityId: record.entityId,
          footprintId: record.footprintId ?? null,
          before: redact(record.before),
          after: redact(record.after),
          requestId: request?.requestId ?? null,
        };
      }),
    );
  }

  /** Newest first, filtered, within the reader's scope (leads: their footprints' entries). */
  async list(query: AuditQuery, scope: Scope): Promise<Page<AuditEntry>> {
    const q = this.entries.createQueryBuilder('a');
    if (!scope.all) q.andWhere('a.footprint_id = ANY(:scopeFootprints)', { scopeFootprints: scope.footprintIds });
    if (query.footprintId) q.andWhere('a.footprint_id = :footprintId', { footprintId: query.footprintId });
    if (query.actorId) q.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) q.andWhere('a.action = :action', { action: query.action });
    if (query.entityType) q.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) q.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.since) q.andWhere('a.occurred_at >= :since', { since: query.since });
    if (query.until) q.andWhere('a.occurred_at < :until', { until: query.until });
    return paginate(q, 'a.seq', (entry) => entry.seq, query, 'DESC');
  }
}
