import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxRelayModule } from '@pp/core';
import { Alert } from './alerts/alert.entity';
import { AlertsProcessor } from './evaluation/alerts.processor';
import { RoundAlertsService } from './evaluation/round-alerts.service';
import { AlertNotification } from './notifications/alert-notification.entity';
import { ActionReminderMailer } from './notifications/action-reminder-mailer';
import { InvitationMailer } from './notifications/invitation-mailer';
import { Mailer } from './notifications/mailer';
import { NotificationPlanner } from './notifications/notification-planner';
import { NotificationSender } from './notifications/notification-sender';
import { NotificationsProcessor } from './notifications/notifications.processor';
import { ReportMailer } from './notifications/report-mailer';
import { StaleClaims } from './notifications/stale-claims';
import { AlertRule } from './rules/alert-rule.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';

/** The worker side of alerts: the 'alerts' queue (evaluating rounds) and the 'notifications' queue (alerts, round invitations and reminders, overdue actions, board reports ready). */
@Module({
  // OutboxRelayModule for the queue connection settings.
  imports: [OutboxRelayModule, TypeOrmModule.forFeature([AlertRule, Alert, AlertNotification, WebhookEndpoint, WebhookDelivery])],
  providers: [Mailer, NotificationPlanner, NotificationSender, InvitationMailer, ActionReminderMailer, ReportMailer, RoundAlertsService, AlertsProcessor, NotificationsProcessor, StaleClaims],
  // StaleClaims: the scheduler's tick sweeps claims left without an outcome.
  exports: [RoundAlertsService, NotificationSender, StaleClaims],
})
export class AlertsWorkerModule {}
