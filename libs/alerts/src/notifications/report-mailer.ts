import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mailer } from './mailer';
import { type ReportContext, reportReadyEmail } from './messages';
import { leadsOf } from './recipients';

export type ReportNotifyOutcome = { status: 'sent'; recipients: number } | { status: 'skipped'; reason: string };

/**
 * The 'report.notify' job: tells each lead of the footprint that a round's board report is ready.
 * The job is queued once per round, with the report's first rendering; a retried job may email a
 * lead again, so each message's Message-ID is derived from the round and the lead for mail clients
 * to drop the repeat.
 */
@Injectable()
export class ReportMailer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(roundId: string): Promise<ReportNotifyOutcome> {
    if (!this.mailer.configured) return { status: 'skipped', reason: 'SMTP_URL is not set' };
    const [context]: (ReportContext & { footprintId: string })[] = await this.dataSource.query(
      `SELECT r.id AS "roundId", r.period, f.id AS "footprintId", f.name AS "footprintName", f.code AS "footprintCode"
       FROM board_report b JOIN round r ON r.id = b.round_id JOIN footprint f ON f.id = r.footprint_id WHERE b.round_id = $1`,
      [roundId],
    );
    if (!context) return { status: 'skipped', reason: 'the round has no board report' };
    const leads = await leadsOf(this.dataSource.manager, context.footprintId);
    for (const lead of leads) await this.mailer.send(reportReadyEmail(context, lead, `report.notify-${roundId}.${lead.id}`, this.mailer));
    return { status: 'sent', recipients: leads.length };
  }
}
