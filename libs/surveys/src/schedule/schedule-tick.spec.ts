import type { OverdueReminders } from '@pp/actions';
import type { StaleClaims } from '@pp/alerts';
import { currentRequest } from '@pp/identity';
import type { InvitationsService } from '../invitations/invitations.service';
import type { ExpiredReceipts } from '../responses/expired-receipts';
import type { RoundSchedulesService } from '../rounds/round-schedules.service';
import { ScheduleTick, SCHEDULER_ACTOR, TickFailedError } from './schedule-tick';

const NOW = new Date('2026-10-05T09:00:00Z');

/** Fakes that record each call with the instant and the actor it ran under, and can be told to fail. */
function fakes(failing: string[] = []) {
  const calls: { step: string; now: Date; system?: string; traceId?: string }[] = [];
  const record = (step: string, now: Date) => {
    calls.push({ step, now, system: currentRequest()?.system, traceId: currentRequest()?.requestId });
    if (failing.includes(step)) throw new Error(`${step} broke`);
  };
  const schedules = {
    openScheduledRounds: async (now: Date) => (record('open', now), { opened: [{ id: 'r-new' }], failed: [{ footprintId: 'f-empty', problem: 'no members' }] }),
    closeDueRounds: async (now: Date) => (record('close', now), [{ id: 'r-due' }, { id: 'r-due-2' }]),
  } as unknown as RoundSchedulesService;
  const invitations = {
    sendReminders: async (now: Date) => (record('remind', now), [{ roundId: 'r-soon', organisationIds: ['o1', 'o2'] }]),
  } as unknown as InvitationsService;
  const receipts = { delete: async (now: Date) => (record('receipts', now), 7) } as unknown as ExpiredReceipts;
  const actions = { queue: async (now: Date) => (record('actions', now), ['a1', 'a2', 'a3']) } as unknown as OverdueReminders;
  // The sweep takes no instant: a claim's age is measured by PostgreSQL's clock, which set claimed_at.
  const staleClaims = { sweep: async () => (record('claims', NOW), ['n1', 'n2']) } as unknown as StaleClaims;
  return { calls, tick: new ScheduleTick(schedules, invitations, receipts, actions, staleClaims) };
}

describe('ScheduleTick', () => {
  it('opens, closes, reminds, reminds of overdue actions, marks stale notification claims and drops receipts in that order, at one instant, as the scheduler', async () => {
    const { calls, tick } = fakes();
    const report = await tick.run(NOW, 'repeat:schedule-tick:1');
    expect(calls.map((c) => c.step)).toEqual(['open', 'close', 'remind', 'actions', 'claims', 'receipts']);
    expect(calls.every((c) => c.now === NOW && c.system === SCHEDULER_ACTOR && c.traceId === 'repeat:schedule-tick:1')).toBe(true);
    expect(report).toEqual({
      at: NOW.toISOString(),
      opened: ['r-new'],
      notOpened: [{ footprintId: 'f-empty', problem: 'no members' }],
      closed: ['r-due', 'r-due-2'],
      reminded: [{ roundId: 'r-soon', organisations: 2 }],
      receiptsDeleted: 7,
      actionsReminded: 3,
      claimsMarkedUnknown: 2,
      failed: [],
    });
    expect(currentRequest()).toBeUndefined();
  });

  it('still closes due rounds when opening fails, then fails the tick with what it did', async () => {
    const { calls, tick } = fakes(['open', 'receipts']);
    const error = await tick.run(NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickFailedError);
    expect((error as Error).message).toBe('Scheduler steps failed: open scheduled rounds: open broke; delete expired receipts: receipts broke');
    expect(calls.map((c) => c.step)).toEqual(['open', 'close', 'remind', 'actions', 'claims', 'receipts']);
    expect((error as TickFailedError).report).toMatchObject({ opened: [], closed: ['r-due', 'r-due-2'], receiptsDeleted: 0 });
  });
});
