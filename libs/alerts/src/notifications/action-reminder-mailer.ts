import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mailer } from './mailer';
import { type ActionReminderContext, actionReminderEmail } from './messages';
import { leadsOf } from './recipients';

export type ActionReminderOutcome = { status: 'sent'; recipients: number } | { status: 'skipped'; reason: string };

/**
 * The 'action.remind' job: emails an overdue action's owners, the footprint's active leads and the
 * active user who recorded it (the same people GET /me/actions/overdue lists it for). Queued once per
 * action by libs/actions' OverdueReminders; a retried job may email a recipient again, so each message
 * carries a Message-ID derived from the action and the recipient for mail clients to drop it.
 * Read with SQL, as the worker loads no actions or identity module for HTTP.
 */
@Injectable()
export class ActionReminderMailer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(actionId: string): Promise<ActionReminderOutcome> {
    if (!this.mailer.configured) return { status: 'skipped', reason: 'SMTP_URL is not set' };
    const [action]: (Omit<ActionReminderContext, 'actionId'> & { footprintId: string; createdBy: string; open: boolean })[] = await this.dataSource.query(
      `SELECT a.footprint_id AS "footprintId", a.created_by AS "createdBy", a.description, a.due_on::text AS "dueOn", a.status,
              a.status IN ('planned', 'in_progress') AS open,
              f.name AS "footprintName", f.code AS "footprintCode", o.name AS "ownerOrganisationName",
              CASE a.link_kind
                WHEN 'dyad' THEN 'the tie ' || rater.name || ' → ' || rated.name
                WHEN 'sector_pair' THEN 'the sector pair ' || a.rater_sector || ' → ' || a.rated_sector
                WHEN 'dimension' THEN 'dimension ' || a.dimension
                ELSE 'the alert ' || al.summary
              END AS about
       FROM action_plan a JOIN footprint f ON f.id = a.footprint_id JOIN organisation o ON o.id = a.owner_organisation_id
       LEFT JOIN organisation rater ON rater.id = a.rater_organisation_id LEFT JOIN organisation rated ON rated.id = a.rated_organisation_id
       LEFT JOIN alert al ON al.id = a.alert_id
       WHERE a.id = $1`,
      [actionId],
    );
    if (!action) return { status: 'skipped', reason: 'the action does not exist' };
    // Closed between the claim and the send: nothing is overdue any more.
    if (!action.open) return { status: 'skipped', reason: `the action is ${action.status}` };
    const owners = await leadsOf(this.dataSource.manager, action.footprintId, action.createdBy);
    for (const owner of owners) {
      await this.mailer.send(actionReminderEmail({ ...action, actionId }, owner, `action.remind.${actionId}.${owner.id}`, this.mailer));
    }
    return { status: 'sent', recipients: owners.length };
  }
}
