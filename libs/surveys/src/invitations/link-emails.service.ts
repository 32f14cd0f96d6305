import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, renderEmail } from '@pp/core';
import { ACCOUNT_MAIL, type AccountMail, type AccountMessage, AuditService } from '@pp/identity';
import { DataSource } from 'typeorm';
import { RoundContexts } from '../rounds/round-contexts';
import { type IssuedLink, RespondentLinksService } from './respondent-links.service';

/** Each address is one email sent while the request waits: a longer list goes in several requests. */
export const MAX_LINK_EMAILS_PER_REQUEST = 200;

export interface LinkEmailContext {
  period: string;
  footprintName: string;
  organisationName: string;
}

/** The email that carries one respondent's single-use link. */
export function respondentLinkEmail(to: string, link: Pick<IssuedLink, 'url' | 'expiresAt'>, context: LinkEmailContext): AccountMessage {
  const subject = `[Partnership Pulse] Your link to the ${context.period} pulse of ${context.footprintName}`;
  return {
    to,
    subject,
    ...renderEmail(subject, [
      { paragraph: `${context.organisationName} is asked how it sees the partnership of ${context.footprintName} in the ${context.period} pulse, and you are invited to answer for it.` },
      { paragraph: `This link is yours alone and answers once, until ${link.expiresAt.toISOString()}. It takes under ten minutes.` },
      { link: { label: `Answer the ${context.period} pulse`, url: link.url } },
      { paragraph: 'Your answers are not linked to this email address: it was used to send this message and is not kept.' },
    ]),
  };
}

/**
 * Emails one single-use respondent link to each address of a list. The messages are sent while the
 * request waits rather than through the outbox: an outbox row (kept in PostgreSQL, and its job in
 * Redis) would hold the address beside the token, and the response a link answers carries the
 * link's id, so the address could be matched to the answers. Here the address only passes through
 * memory on its way to the mail relay; the audit log records how many, never who.
 */
@Injectable()
export class LinkEmailsService {
  private readonly logger = new Logger(LinkEmailsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: RespondentLinksService,
    private readonly contexts: RoundContexts,
    private readonly audit: AuditService,
    @Optional() @Inject(ACCOUNT_MAIL) private readonly mail?: AccountMail,
  ) {}

  async send(roundId: string, input: { organisationId: string; emails: readonly string[]; expiresAt?: Date }, createdBy: string | null, now: Date): Promise<{ emailed: number; notEmailed: string[] }> {
    if (!this.mail?.configured) throw new ConflictError('Email is not set up on this server (SMTP_URL), so links cannot be emailed; download them as CSV instead');
    // An address listed twice (in any case) gets one link: the first spelling is kept.
    const seen = new Set<string>();
    const addresses = input.emails.filter((email) => !seen.has(email.toLowerCase()) && seen.add(email.toLowerCase()));
    // Checks the round, the organisation and the expiry, and records the issue in the audit log.
    const issued = await this.links.issue(roundId, { organisationId: input.organisationId, count: addresses.length, expiresAt: input.expiresAt }, createdBy, now);
    const { round, members } = await this.contexts.get(roundId);
    const [footprint]: { name: string }[] = await this.dataSource.query('SELECT name FROM footprint WHERE id = $1', [round.footprintId]);
    const context = { period: round.period, footprintName: footprint?.name ?? '', organisationName: members.get(input.organisationId)?.name ?? '' };
    const notEmailed: string[] = [];
    const withdrawn: string[] = [];
    for (const [index, address] of addresses.entries()) {
      const link = issued[index]!;
      try {
        await this.mail.send({ ...respondentLinkEmail(address, link, context), messageId: `<${randomUUID()}@pulse.local>` });
      } catch (error) {
        // The relay's message may quote the address, which must not reach the logs.
        this.logger.warn(`Could not email a respondent link of round ${roundId}: ${(error as { code?: string }).code ?? 'mail relay error'}`);
        notEmailed.push(address);
        withdrawn.push(link.id);
      }
    }
    if (withdrawn.length) {
      // Nobody holds these tokens: withdrawn, so only links someone received can answer.
      await this.dataSource.transaction(async (manager) => {
        await manager.query('DELETE FROM respondent_link WHERE id = ANY($1) AND used_at IS NULL', [withdrawn]);
        await this.audit.record(manager, { action: 'respondent_link.withdraw', entityType: 'round', entityId: roundId, footprintId: round.footprintId, after: { organisationId: input.organisationId, count: withdrawn.length } });
      });
    }
    return { emailed: addresses.length - notEmailed.length, notEmailed };
  }
}
