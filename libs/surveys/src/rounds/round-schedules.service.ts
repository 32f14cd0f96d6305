import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, NotFoundError } from '@pp/core';
import { AuditService } from '@pp/identity';
import { Footprint } from '@pp/registry';
import { DataSource } from 'typeorm';
import { scheduledWindow } from './period';
import type { Round } from './round.entity';
import { RoundSchedule } from './round-schedule.entity';
import { RoundsService } from './rounds.service';

/**
 * Rounds closed in one transaction: a national quarter-end (42 footprints in England) fits in one,
 * and a larger deployment's transactions stay short.
 */
const CLOSE_BATCH = 100;

export interface ScheduleInput {
  instrumentId?: string | null;
  openDay?: number;
  durationDays?: number;
}

export interface SchedulerRun {
  opened: Round[];
  /** Footprints whose round could not open, and why (e.g. no members). */
  failed: { footprintId: string; problem: string }[];
}

/** Quarterly schedules and the two scheduled jobs: open the quarter's rounds, close rounds that are due. */
@Injectable()
export class RoundSchedulesService {
  private readonly logger = new Logger(RoundSchedulesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly audit: AuditService,
  ) {}

  async get(footprintId: string): Promise<RoundSchedule> {
    const schedule = await this.dataSource.manager.findOneBy(RoundSchedule, { footprintId });
    if (!schedule) throw new NotFoundError('Round schedule of footprint', footprintId);
    return schedule;
  }

  put(footprintId: string, input: ScheduleInput): Promise<RoundSchedule> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Footprint, { id: footprintId }))) throw new NotFoundError('Footprint', footprintId);
      const schedule = (await manager.findOneBy(RoundSchedule, { footprintId })) ?? manager.create(RoundSchedule, { footprintId });
      manager.merge(RoundSchedule, schedule, {
        instrumentId: input.instrumentId ?? null,
        openDay: input.openDay ?? 1,
        durationDays: input.durationDays ?? 21,
      });
      const saved = await manager.save(schedule);
      const after = { instrumentId: saved.instrumentId, openDay: saved.openDay, durationDays: saved.durationDays };
      await this.audit.record(manager, { action: 'round_schedule.update', entityType: 'round_schedule', entityId: saved.id, footprintId, after });
      return saved;
    });
  }

  remove(footprintId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const schedule = await manager.findOneBy(RoundSchedule, { footprintId });
      if (!schedule) throw new NotFoundError('Round schedule of footprint', footprintId);
      await manager.delete(RoundSchedule, { id: schedule.id });
      await this.audit.record(manager, { action: 'round_schedule.delete', entityType: 'round_schedule', entityId: schedule.id, footprintId });
    });
  }

  /**
   * Creates and opens this quarter's round for every scheduled footprint whose window has begun
   * and that has no round for the quarter yet (a lead's own round for the quarter is left alone).
   * Idempotent: a second run in the same quarter finds the round and does nothing.
   */
  async openScheduledRounds(now: Date): Promise<SchedulerRun> {
    const schedules = await this.dataSource.manager
      .createQueryBuilder(RoundSchedule, 's')
      .innerJoin('s.footprint', 'f')
      .where('f.archived_at IS NULL')
      .getMany();
    const run: SchedulerRun = { opened: [], failed: [] };
    for (const schedule of schedules) {
      const window = scheduledWindow(schedule, now);
      if (now < window.opensAt || now >= window.closesAt) continue;
      try {
        const round = await this.dataSource.transaction(async (manager) => {
          // Overlapping runs (two workers' ticks) take turns on the schedule's row, so the second
          // finds the first one's round rather than clashing with it on the period.
          const current = await manager.query('SELECT 1 FROM round_schedule WHERE id = $1 FOR UPDATE', [schedule.id]);
          if (!current.length) return null; // the lead removed the schedule meanwhile
          const existing = await manager.query('SELECT 1 FROM round WHERE footprint_id = $1 AND period = $2', [schedule.footprintId, window.period]);
          if (existing.length) return null;
          const draft = await this.rounds.createIn(manager, schedule.footprintId, { ...window, instrumentId: schedule.instrumentId ?? undefined, scheduled: true });
          return this.rounds.openIn(manager, draft.id, now);
        });
        if (round) run.opened.push(round);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`Scheduled round of footprint ${schedule.footprintId} for ${window.period} did not open: ${error.message}`);
        run.failed.push({ footprintId: schedule.footprintId, problem: error.message });
      }
    }
    return run;
  }

  /**
   * Closes every open round whose closing time has come, CLOSE_BATCH to a transaction (see
   * RoundsService.closeDue). Idempotent: a round already closed, by a lead or an overlapping tick,
   * is not due any more.
   */
  async closeDueRounds(now: Date): Promise<Round[]> {
    const closed: Round[] = [];
    for (;;) {
      const batch = await this.rounds.closeDue(now, CLOSE_BATCH);
      closed.push(...batch);
      if (batch.length < CLOSE_BATCH) return closed;
    }
  }
}
