import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InvitationJob } from '@pp/core';
import { DataSource } from 'typeorm';
import { Mailer } from './mailer';
import { type InvitationContext, invitationEmail } from './messages';

export type InvitationOutcome = { status: 'sent'; recipients: number } | { status: 'skipped'; reason: string };

/**
 * The survey engine's 'invitation.notify' and 'invitation.remind' jobs: each active submitter of
 * the invited organisation is emailed that the round is open, or reminded before it closes. A
 * retried job may email a recipient again (there is no row per recipient, unlike alerts), so each
 * message carries a Message-ID derived from the job and the recipient for mail clients to drop it.
 */
@Injectable()
export class InvitationMailer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(job: InvitationJob, kind: 'open' | 'reminder', jobId: string): Promise<InvitationOutcome> {
    if (!this.mailer.configured) return { status: 'skipped', reason: 'SMTP_URL is not set' };
    const [context]: (InvitationContext & { status: string })[] = await this.dataSource.query(
      `SELECT r.period, r.closes_at AS "closesAt", r.status, f.name AS "footprintName", f.code AS "footprintCode", o.name AS "organisationName"
       FROM invitation i JOIN round r ON r.id = i.round_id JOIN footprint f ON f.id = i.footprint_id JOIN organisation o ON o.id = i.organisation_id
       WHERE i.id = $1`,
      [job.invitationId],
    );
    if (!context) return { status: 'skipped', reason: 'the invitation does not exist' };
    if (context.status !== 'open') return { status: 'skipped', reason: `the round is ${context.status}` };
    // Read with SQL: the worker loads no identity module (it serves no HTTP).
    const submitters: { id: string; email: string; displayName: string }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id, u.email, u.display_name AS "displayName" FROM role_grant g JOIN user_account u ON u.id = g.user_id
       WHERE g.role = 'org_submitter' AND g.organisation_id = $1 AND u.status = 'active' ORDER BY u.email`,
      [job.organisationId],
    );
    for (const submitter of submitters) {
      await this.mailer.send(invitationEmail(kind, { ...context, invitationId: job.invitationId }, submitter, `${jobId}.${submitter.id}`, this.mailer));
    }
    return { status: 'sent', recipients: submitters.length };
  }
}
