import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@pp/core';
import { DataSource } from 'typeorm';
import { isoDay, OPEN_ACTION_STATUSES } from './action-status';

/** Actions claimed per statement: a backlog drains over a few ticks instead of one long transaction. */
const BATCH = 500;

/**
 * Finds open actions past their due date that were never reminded, and queues one 'action.remind'
 * job for each (the notifications queue emails their owners; in the app they are listed by
 * GET /me/actions/overdue). The claim (reminded_at) and the job are written in one transaction, and
 * rows another worker is claiming are skipped, so two ticks side by side never remind twice; the
 * job id is the action's, so even a replayed claim queues nothing new.
 */
@Injectable()
export class OverdueReminders {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** The ids of the actions reminded now. Overdue from the day after the due date (UTC). */
  queue(now: Date): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE action_plan SET reminded_at = $2
         WHERE id IN (
           SELECT id FROM action_plan
           WHERE reminded_at IS NULL AND status = ANY($3::text[]) AND due_on < $1::date
           ORDER BY due_on, id LIMIT ${BATCH}
           FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [isoDay(now), now, OPEN_ACTION_STATUSES],
      );
      const ids = rows.map((r) => r.id);
      await this.outbox.enqueueAll(
        manager,
        'action.remind',
        ids.map((actionId) => ({ payload: { actionId }, jobId: `action.remind-${actionId}` })),
      );
      return ids;
    });
  }
}
