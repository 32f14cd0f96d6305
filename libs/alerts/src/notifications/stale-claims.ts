import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxRelay } from '@pp/core';
import type { JobState } from 'bullmq';
import { DataSource } from 'typeorm';
import { notifyJobId } from './notification-planner';
import { STALE_CLAIM_MS, unknownOutcomeError } from './notification-sender';

/** Claims looked at per tick: a backlog (after an outage) drains over a few ticks. */
const BATCH = 200;

/** A job in one of these states will run again, and its attempt settles the claim itself. */
const LIVE_STATES: ReadonlySet<JobState | 'unknown'> = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

interface StaleClaim {
  id: string;
  claimToken: string;
  claimedAt: Date;
}

/**
 * The scheduler tick's sweep of alert emails and webhooks left 'sending' with no attempt to come.
 * A retry that finds a stale claim marks it 'unknown' (NotificationSender), but when no retry comes
 * (the job was lost with Redis's data, or its worker died on its last attempt) nothing would: the
 * lead would see 'sending' for ever. The sweep applies the sender's rule and bound (STALE_CLAIM_MS)
 * to claims whose job is neither queued in the outbox nor waiting, delayed or running in BullMQ.
 * Marked under the same claim token, with rows another worker holds skipped, so two ticks side by
 * side mark each once, and an outcome recorded after all still replaces 'unknown'.
 */
@Injectable()
export class StaleClaims {
  private readonly logger = new Logger(StaleClaims.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /** The ids of the notifications marked 'unknown' now. Throws, marking nothing, when Redis cannot say which jobs live. */
  async sweep(): Promise<string[]> {
    const stale = await this.dataSource.query<StaleClaim[]>(
      `SELECT n.id, n.claim_token AS "claimToken", n.claimed_at AS "claimedAt" FROM alert_notification n
       WHERE n.status = 'sending' AND n.claimed_at < now() - make_interval(secs => $1)
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_id = $2 || n.id::text AND o.dispatched_at IS NULL)
       ORDER BY n.claimed_at LIMIT ${BATCH}`,
      // The job id's prefix, from the one function that names the job.
      [STALE_CLAIM_MS / 1000, notifyJobId('')],
    );
    if (stale.length === 0) return [];
    const queue = this.relay.queue('notifications');
    const states = await Promise.all(stale.map((claim) => queue.getJobState(notifyJobId(claim.id))));
    const orphans = stale.filter((_, i) => !LIVE_STATES.has(states[i]!));
    if (orphans.length === 0) return [];
    // An UPDATE's answer is its rows and their count.
    const [marked] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE alert_notification n SET status = 'unknown', last_error = o.message
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS o(id, claim_token, message)
       WHERE n.id = o.id AND n.id IN (
         SELECT id FROM alert_notification
         WHERE id = ANY($1::uuid[]) AND status = 'sending' AND claimed_at < now() - make_interval(secs => $4)
         FOR UPDATE SKIP LOCKED)
         AND n.claim_token = o.claim_token
       RETURNING n.id`,
      [orphans.map((c) => c.id), orphans.map((c) => c.claimToken), orphans.map((c) => unknownOutcomeError(c.claimedAt)), STALE_CLAIM_MS / 1000],
    );
    for (const { id } of marked) this.logger.warn(`Notification ${id}: a claim with no outcome and no job left to retry it; marked unknown, not sent again`);
    return marked.map((row) => row.id);
  }
}
