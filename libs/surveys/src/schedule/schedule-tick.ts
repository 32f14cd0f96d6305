import { Injectable } from '@nestjs/common';
import { OverdueReminders } from '@pp/actions';
import { StaleClaims } from '@pp/alerts';
import { runAsSystem } from '@pp/identity';
import { InvitationsService } from '../invitations/invitations.service';
import { ExpiredReceipts } from '../responses/expired-receipts';
import { RoundSchedulesService } from '../rounds/round-schedules.service';
import { runInOrder, type StepFailure } from './run-in-order';

/** Who the audit log names for the scheduler's writes (actor type `system`). */
export const SCHEDULER_ACTOR = 'scheduler';

/** What one tick did; kept with its job, so an operator can read it. */
export interface TickReport {
  at: string;
  /** Rounds created and opened from their footprint's schedule. */
  opened: string[];
  /** Scheduled rounds that could not open (e.g. a footprint with no members), and why. */
  notOpened: { footprintId: string; problem: string }[];
  closed: string[];
  /** Rounds whose short-of-respondents organisations were reminded, with how many organisations. */
  reminded: { roundId: string; organisations: number }[];
  receiptsDeleted: number;
  /** Overdue action plans whose owners were reminded (once each). */
  actionsReminded: number;
  /** Alert emails and webhooks left 'sending' with no attempt to come, marked 'unknown'. */
  claimsMarkedUnknown: number;
  failed: StepFailure[];
}

export class TickFailedError extends Error {
  constructor(readonly report: TickReport) {
    super(`Scheduler steps failed: ${report.failed.map((f) => `${f.step}: ${f.error}`).join('; ')}`);
  }
}

/**
 * The scheduler's work at one instant, in order: open the quarter's scheduled rounds, close the
 * rounds whose closing time has come, remind organisations short of respondents in rounds about
 * to close, remind the owners of overdue action plans, mark alert notifications left 'sending' with no attempt
 * to come 'unknown', drop expired Idempotency-Key receipts. Every step is safe to run twice or side by side
 * (row locks, unique keys, deterministic job ids), so overlapping ticks of two workers do no harm.
 * Writes are audited as the system's `scheduler`.
 */
@Injectable()
export class ScheduleTick {
  constructor(
    private readonly schedules: RoundSchedulesService,
    private readonly invitations: InvitationsService,
    private readonly receipts: ExpiredReceipts,
    private readonly overdueActions: OverdueReminders,
    private readonly staleClaims: StaleClaims,
  ) {}

  /** Runs every step; throws TickFailedError, carrying the report, when any of them failed. */
  run(now: Date, traceId?: string): Promise<TickReport> {
    return runAsSystem(SCHEDULER_ACTOR, traceId, async () => {
      const report: TickReport = { at: now.toISOString(), opened: [], notOpened: [], closed: [], reminded: [], receiptsDeleted: 0, actionsReminded: 0, claimsMarkedUnknown: 0, failed: [] };
      report.failed = await runInOrder([
        [
          'open scheduled rounds',
          async () => {
            const run = await this.schedules.openScheduledRounds(now);
            report.opened = run.opened.map((round) => round.id);
            report.notOpened = run.failed;
          },
        ],
        [
          'close due rounds',
          async () => {
            report.closed = (await this.schedules.closeDueRounds(now)).map((round) => round.id);
          },
        ],
        [
          'send reminders',
          async () => {
            const sent = await this.invitations.sendReminders(now);
            report.reminded = sent.map((s) => ({ roundId: s.roundId, organisations: s.organisationIds.length }));
          },
        ],
        [
          'remind overdue actions',
          async () => {
            report.actionsReminded = (await this.overdueActions.queue(now)).length;
          },
        ],
        [
          'mark stale notification claims unknown',
          async () => {
            report.claimsMarkedUnknown = (await this.staleClaims.sweep()).length;
          },
        ],
        [
          'delete expired receipts',
          async () => {
            report.receiptsDeleted = await this.receipts.delete(now);
          },
        ],
      ]);
      if (report.failed.length) throw new TickFailedError(report);
      return report;
    });
  }
}
