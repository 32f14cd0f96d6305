import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertRule } from './alert-rule.entity';
import { RULE_DEFINITIONS, RULE_KINDS, type RuleKind, type Severity } from './rule-kinds';

export interface RuleChanges {
  enabled?: boolean;
  severity?: Severity;
  threshold?: number;
}

const summary = (rule: AlertRule) => ({ kind: rule.kind, enabled: rule.enabled, severity: rule.severity, threshold: rule.threshold });

/**
 * A footprint's alert rules. Footprints migrated in got the defaults by backfill; any other gets
 * them the first time its rules are read or evaluated, by one insert that ignores rules already
 * there, so the registry needs to know nothing about alerts and concurrent first uses agree.
 */
@Injectable()
export class AlertRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(footprintId: string): Promise<AlertRule[]> {
    return this.dataSource.transaction(async (manager) => {
      await ensureDefaultRules(manager, footprintId);
      return rulesOf(manager, footprintId);
    });
  }

  /** Where a rule sits, for the access guard; null when there is no such rule. */
  async footprintOf(id: string): Promise<string | null> {
    const rule = await this.dataSource.manager.findOne(AlertRule, { where: { id }, select: { id: true, footprintId: true } });
    return rule?.footprintId ?? null;
  }

  async update(id: string, changes: RuleChanges, userId: string): Promise<AlertRule> {
    return this.dataSource.transaction(async (manager) => {
      const rule = await manager.findOne(AlertRule, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw new NotFoundError('Alert rule', id);
      checkThreshold(rule.kind, changes.threshold);
      const before = summary(rule);
      Object.assign(rule, changes, { updatedBy: userId });
      await manager.save(rule);
      await this.audit.record(manager, { action: 'alert_rule.update', entityType: 'alert_rule', entityId: rule.id, footprintId: rule.footprintId, before, after: summary(rule) });
      return rule;
    });
  }
}

/** Inserts whichever default rules the footprint lacks; 404 for a footprint that does not exist. */
export async function ensureDefaultRules(manager: EntityManager, footprintId: string): Promise<void> {
  const defaults = RULE_KINDS.map((kind) => ({ kind, ...RULE_DEFINITIONS[kind] }));
  const inserted = await manager.query(
    `INSERT INTO alert_rule (footprint_id, kind, enabled, severity, threshold)
     SELECT f.id, d.kind, true, d.severity, d.threshold
     FROM footprint f, unnest($2::text[], $3::text[], $4::float8[]) AS d(kind, severity, threshold)
     WHERE f.id = $1
     ON CONFLICT (footprint_id, kind) DO NOTHING
     RETURNING footprint_id`,
    [footprintId, defaults.map((d) => d.kind), defaults.map((d) => d.severity), defaults.map((d) => d.threshold)],
  );
  if (inserted.length === 0 && !(await manager.query('SELECT 1 FROM footprint WHERE id = $1', [footprintId])).length) {
    throw new NotFoundError('Footprint', footprintId);
  }
}

export async function rulesOf(manager: EntityManager, footprintId: string): Promise<AlertRule[]> {
  const rules = await manager.find(AlertRule, { where: { footprintId } });
  return rules.sort((a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind));
}

function checkThreshold(kind: RuleKind, threshold: number | undefined): void {
  if (threshold === undefined) return;
  const { thresholdRange, thresholdUnit } = RULE_DEFINITIONS[kind];
  if (!thresholdRange) {
    throw new InvalidInputError(`The ${kind} rule follows the score bands and takes no threshold`, [{ field: 'threshold', problem: 'must not be set for this rule' }]);
  }
  const [min, max] = thresholdRange;
  if (threshold < min || threshold > max || (thresholdUnit === 'rounds' && !Number.isInteger(threshold))) {
    const problem = `must be ${thresholdUnit === 'rounds' ? 'a whole number' : 'a number'} of ${thresholdUnit} from ${min} to ${max}`;
    throw new InvalidInputError(`threshold ${problem}`, [{ field: 'threshold', problem }]);
  }
}
