import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type InvitationJob, JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { type ActionReminderOutcome, ActionReminderMailer } from './action-reminder-mailer';
import { type InvitationOutcome, InvitationMailer } from './invitation-mailer';
import { NotificationSender, type SendOutcome, type SendResult, UndeliverableError } from './notification-sender';
import { ReportMailer, type ReportNotifyOutcome } from './report-mailer';

type NotificationsPayload = JobPayloads['alert.notify' | 'invitation.notify' | 'invitation.remind' | 'action.remind' | 'report.notify'];
type NotificationsOutcome = SendOutcome | InvitationOutcome | ActionReminderOutcome | ReportNotifyOutcome;
type NotificationsJob = Job<NotificationsPayload, NotificationsOutcome, JobName>;
/** An alert notification's job, with what an attempt learnt but could not write to PostgreSQL (kept in Redis with the job). */
type AlertNotifyData = JobPayloads['alert.notify'] & { unrecorded?: SendResult };

/**
 * Runs the 'notifications' queue in the worker: alert notifications, the survey engine's round
 * invitations and reminders, overdue action plans' reminders and the leads' "board report ready"
 * emails. A failed send is retried with the queue's exponential backoff (DEFAULT_JOB_OPTIONS); the
 * last failure marks an alert notification failed. An alert notification is sent at most once
 * (NotificationSender): a retry never sends again what the relay may have accepted.
 */
@Injectable()
export class NotificationsProcessor extends QueueProcessor<NotificationsPayload, NotificationsOutcome> {
  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly sender: NotificationSender,
    private readonly invitations: InvitationMailer,
    private readonly actionReminders: ActionReminderMailer,
    private readonly reports: ReportMailer,
  ) {
    super('notifications', queueOptions, settings);
  }

  async process(job: NotificationsJob): Promise<NotificationsOutcome> {
    const attempt = job.attemptsMade + 1;
    try {
      switch (job.name) {
        case 'alert.notify': {
          const data = job.data as AlertNotifyData;
          return await this.sender.send(data.notificationId, {
            number: attempt,
            last: attempt >= (job.opts.attempts ?? 1),
            unrecorded: data.unrecorded,
            remember: (result) => job.updateData({ ...data, unrecorded: result } as AlertNotifyData),
          });
        }
        case 'invitation.notify':
          return await this.invitations.send(job.data as InvitationJob, 'open', job.id as string);
        case 'invitation.remind':
          return await this.invitations.send(job.data as InvitationJob, 'reminder', job.id as string);
        case 'action.remind':
          return await this.actionReminders.send((job.data as JobPayloads['action.remind']).actionId);
        case 'report.notify':
          return await this.reports.send((job.data as JobPayloads['report.notify']).roundId);
        default:
          throw new UnrecoverableError(`The notifications queue has no handler for ${job.name}`);
      }
    } catch (error) {
      if (error instanceof DomainError || error instanceof UndeliverableError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
