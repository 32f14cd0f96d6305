import { createHmac } from 'node:crypto';
import { appLink, renderEmail } from '@pp/core';
import type { Alert } from '../alerts/alert.entity';

/** What the words of a notification need besides the alert. */
export interface AlertContext {
  footprintName: string;
  footprintCode: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** The same words as `text`, every value escaped. */
  html: string;
  /** Deterministic, so a send retried after the relay accepted it is recognisable as the same message. */
  messageId: string;
}

export const WEBHOOK_EVENT = 'alert.raised';
export const SIGNATURE_HEADER = 'X-Pulse-Signature';
export const TIMESTAMP_HEADER = 'X-Pulse-Timestamp';

const SEVERITY_WORD = { info: 'Information', warning: 'Warning', critical: 'Critical' } as const;

/** The domain of the sender address, for Message-IDs; `pulse.local` when it has none. */
function senderDomain(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'pulse.local';
}

/** Where the email sends its reader: the web app's pages under APP_URL, and the sender for Message-IDs. */
export interface Sending {
  appUrl: string;
  from: string;
}

export function alertEmail(alert: Alert, context: AlertContext, lead: { email: string; displayName: string }, notificationId: string, sending: Sending): EmailMessage {
  const facts = Object.entries(alert.details)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value)}`);
  const subject = `[Partnership Pulse] ${SEVERITY_WORD[alert.severity]}: ${alert.summary} (${context.footprintCode}, ${alert.period})`;
  const body = renderEmail(subject, [
    { paragraph: `Dear ${lead.displayName},` },
    { paragraph: `${SEVERITY_WORD[alert.severity]} alert for ${context.footprintName} (${context.footprintCode}), round ${alert.period}:` },
    { paragraph: alert.summary },
    { list: [`Rule: ${alert.kind}`, `Subject: ${alert.subjectLabel}`, `Raised: ${alert.raisedAt.toISOString()}`] },
    { paragraph: 'The figures behind it:' },
    { list: facts },
    { link: { label: 'Acknowledge or resolve the alert in Partnership Pulse', url: appLink(sending.appUrl, `alerts/${alert.id}`) } },
    { link: { label: `See the ${alert.period} round`, url: appLink(sending.appUrl, `rounds/${alert.roundId}`) } },
    { paragraph: 'You receive this because you lead this footprint.' },
  ]);
  return { to: lead.email, subject, ...body, messageId: `<${notificationId}@${senderDomain(sending.from)}>` };
}

export interface InvitationContext {
  period: string;
  closesAt: Date;
  footprintName: string;
  footprintCode: string;
  organisationName: string;
}

/** A round's invitation or reminder to one submitter of an invited organisation: the link opens the form after sign-in. */
export function invitationEmail(
  kind: 'open' | 'reminder',
  context: InvitationContext & { invitationId: string },
  submitter: { email: string; displayName: string },
  messageKey: string,
  sending: Sending,
): EmailMessage {
  const closes = new Date(context.closesAt).toISOString();
  const opening = kind === 'open' ? `The ${context.period} pulse of ${context.footprintName} is open` : `Reminder: the ${context.period} pulse of ${context.footprintName} closes soon`;
  const subject = `[Partnership Pulse] ${opening}`;
  const body = renderEmail(subject, [
    { paragraph: `Dear ${submitter.displayName},` },
    { paragraph: `${opening}. ${context.organisationName} is invited to answer it until ${closes}.` },
    { paragraph: 'It takes under ten minutes: how your organisation sees the partnership, and each partner in it.' },
    { link: { label: `Answer the ${context.period} pulse for ${context.organisationName}`, url: appLink(sending.appUrl, `invitations/${context.invitationId}`) } },
    { paragraph: `You will be asked to sign in first. Every invitation of your organisation is at ${appLink(sending.appUrl, 'invitations')}.` },
    { paragraph: `You receive this because you answer for ${context.organisationName} in ${context.footprintName} (${context.footprintCode}).` },
  ]);
  return { to: submitter.email, subject, ...body, messageId: `<${messageKey}@${senderDomain(sending.from)}>` };
}

export interface ReportContext {
  roundId: string;
  period: string;
  footprintName: string;
  footprintCode: string;
}

/** A round's board report is ready: to one lead of the footprint, linking to the round's page, where it is downloaded. */
export function reportReadyEmail(context: ReportContext, lead: { email: string; displayName: string }, messageKey: string, sending: Sending): EmailMessage {
  const subject = `[Partnership Pulse] The ${context.period} board report of ${context.footprintName} is ready`;
  const body = renderEmail(subject, [
    { paragraph: `Dear ${lead.displayName},` },
    { paragraph: `Round ${context.period} of ${context.footprintName} (${context.footprintCode}) is scored, and its quarterly board report is ready: the Relationship Health Index and its dimensions, the heatmap and network map, the ties that changed most, the round's alerts and response rates.` },
    // The round's page, which downloads it: the PDF route wants the session's token, which a link in an email cannot carry.
    { link: { label: `Download the ${context.period} board report from the round's page`, url: appLink(sending.appUrl, `rounds/${context.roundId}`) } },
    { paragraph: 'Figures resting on too few respondents are withheld in the report, as on the dashboard.' },
    { paragraph: 'You receive this because you lead this footprint.' },
  ]);
  return { to: lead.email, subject, ...body, messageId: `<${messageKey}@${senderDomain(sending.from)}>` };
}

/** The JSON a webhook receives; `id` is the notification, the same on every retry, so receivers can drop repeats. */
export function webhookBody(alert: Alert, context: AlertContext, notificationId: string): string {
  return JSON.stringify({
    id: notificationId,
    event: WEBHOOK_EVENT,
    alert: {
      id: alert.id,
      footprint: { id: alert.footprintId, code: context.footprintCode, name: context.footprintName },
      round: { id: alert.roundId, period: alert.period },
      rule: alert.kind,
      severity: alert.severity,
      subject: alert.subject,
      subjectLabel: alert.subjectLabel,
      summary: alert.summary,
      details: alert.details,
      status: alert.status,
      raisedAt: alert.raisedAt.toISOString(),
    },
  });
}

/** `sha256=` and the hex HMAC-SHA256, keyed with the endpoint's secret, of `timestamp.body`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What an overdue action's reminder says: the action as its owners know it, and where it is. */
export interface ActionReminderContext {
  actionId: string;
  description: string;
  dueOn: string;
  status: string;
  /** The link in words, e.g. "the tie Council → Trust" or "dimension trust". */
  about: string;
  ownerOrganisationName: string;
  footprintName: string;
  footprintCode: string;
}

/** The one reminder an overdue action gets, to one of its owners (see libs/actions OverdueReminders). */
export function actionReminderEmail(context: ActionReminderContext, owner: { email: string; displayName: string }, messageKey: string, sending: Sending): EmailMessage {
  const subject = `[Partnership Pulse] Overdue action: ${context.description.slice(0, 80)} (${context.footprintCode}, due ${context.dueOn})`;
  const body = renderEmail(subject, [
    { paragraph: `Dear ${owner.displayName},` },
    { paragraph: `An action of ${context.footprintName} (${context.footprintCode}) was due on ${context.dueOn} and is still ${context.status.replace('_', ' ')}:` },
    { paragraph: context.description },
    { list: [`About: ${context.about}`, `Owner: ${context.ownerOrganisationName}`, `Due: ${context.dueOn}`] },
    { link: { label: 'Update the action in Partnership Pulse', url: appLink(sending.appUrl, `actions/${context.actionId}`) } },
    { paragraph: 'You receive this once, because you lead this footprint or recorded the action. Mark it done or dropped, or move its due date, in Partnership Pulse.' },
  ]);
  return { to: owner.email, subject, ...body, messageId: `<${messageKey}@${senderDomain(sending.from)}>` };
}
