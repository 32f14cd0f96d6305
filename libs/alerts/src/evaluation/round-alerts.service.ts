import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Alert } from '../alerts/alert.entity';
import { ACTIVE_STATUSES } from '../alerts/alert-status';
import { NotificationPlanner } from '../notifications/notification-planner';
import { ensureDefaultRules, rulesOf } from '../rules/alert-rules.service';
import { type ActiveAlert, evaluateRound, type Finding } from './evaluate-rules';
import { hasFinalScores, readRound, readRoundFacts, type RoundToEvaluate } from './round-facts';

export type EvaluationOutcome =
  | { status: 'evaluated'; roundId: string; raised: number; resolved: number }
  | { status: 'skipped'; roundId: string; reason: string };

/**
 * Alerts per INSERT: a statement carries at most 65,535 parameters (12 an alert), and a large round
 * can raise thousands (bench:scoring's synthetic round raises 17,715; as one statement it failed on every attempt).
 */
const ALERTS_PER_STATEMENT = 1_000;

/**
 * The 'round.alerts' job: a footprint's rules against a round's final scores, in one transaction
 * that raises alerts, creates their notifications and queues their sending, and resolves alerts
 * whose condition has cleared. Safe to run twice: an alert already raised for its rule, subject and
 * round is not raised again (unique key, ON CONFLICT DO NOTHING), so neither are its notifications.
 */
@Injectable()
export class RoundAlertsService {
  private readonly logger = new Logger(RoundAlertsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationPlanner,
  ) {}

  evaluate(roundId: string): Promise<EvaluationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const round = await readRound(manager, roundId);
      if (!round) throw new NotFoundError('Round', roundId);
      // One evaluation per footprint at a time: rounds scored back to back must not each miss the other's alerts.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`alerts:${round.footprintId}`]);
      if (!(await hasFinalScores(manager, roundId))) return { status: 'skipped', roundId, reason: 'the round has no final scores' };
      await ensureDefaultRules(manager, round.footprintId);
      const rules = await rulesOf(manager, round.footprintId);
      const facts = await readRoundFacts(manager, round);
      const active: ActiveAlert[] = await manager.query(
        `SELECT id, rule_id AS "ruleId", subject FROM alert
         WHERE footprint_id = $1 AND status = ANY($3::text[]) AND period < $2`,
        [round.footprintId, round.period, ACTIVE_STATUSES],
      );
      const { raise, resolve } = evaluateRound(rules, facts, active);
      const raised = await this.raise(manager, round, raise);
      await this.notifications.plan(manager, round.footprintId, raised);
      const resolved = await this.resolve(manager, round, resolve);
      if (raised.length || resolved) this.logger.log(`Round ${round.id} (${round.period}): ${raised.length} alerts raised, ${resolved} resolved`);
      return { status: 'evaluated', roundId, raised: raised.length, resolved };
    });
  }

  /**
   * Inserts the findings as open alerts; returns the ids of only those inserted now, not ones a previous
   * run raised. Ids, not the alerts read back: the planner needs no more, and a large round's thousands
   * of alerts with their details, read back while the round's facts were still held, weighed on the worker.
   */
  private async raise(manager: EntityManager, round: RoundToEvaluate, findings: Finding[]): Promise<string[]> {
    if (findings.length === 0) return [];
    const raisedAt = new Date();
    const ids: string[] = [];
    for (let start = 0; start < findings.length; start += ALERTS_PER_STATEMENT) {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Alert)
        .values(
          findings.slice(start, start + ALERTS_PER_STATEMENT).map((f) => ({
            footprintId: round.footprintId,
            roundId: round.id,
            period: round.period,
            ruleId: f.ruleId,
            kind: f.kind,
            severity: f.severity,
            subject: f.subject,
            subjectLabel: f.subjectLabel.slice(0, 300),
            summary: f.summary,
            // jsonb: TypeORM's deep-partial type cannot see through Record<string, unknown>.
            details: f.details as QueryDeepPartialEntity<Alert>['details'],
            status: 'open' as const,
            raisedAt,
          })),
        )
        .orIgnore()
        .returning(['id'])
        .execute();
      for (const row of result.raw as { id: string }[]) ids.push(row.id);
    }
    return ids;
  }

  private async resolve(manager: EntityManager, round: RoundToEvaluate, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await manager.query(
      `WITH cleared AS (
         UPDATE alert SET status = 'resolved', resolved_at = now(), resolution = 'cleared', resolved_in_round_id = $2
         WHERE id = ANY($1::uuid[]) AND status <> 'resolved' RETURNING id)
       SELECT id FROM cleared`,
      [ids, round.id],
    );
    return rows.length;
  }
}
