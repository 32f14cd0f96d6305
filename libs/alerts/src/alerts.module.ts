import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ACCOUNT_MAIL, ResourceScopes } from '@pp/identity';
import { Alert } from './alerts/alert.entity';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AlertNotification } from './notifications/alert-notification.entity';
import { Mailer } from './notifications/mailer';
import { AlertRule } from './rules/alert-rule.entity';
import { AlertRulesController } from './rules/alert-rules.controller';
import { AlertRulesService } from './rules/alert-rules.service';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * The API side of alerts: rules, alerts and their lifecycle, each user's in-app alerts, webhook
 * endpoints. Global so that other libs (identity's invitations and resets) send mail through its Mailer.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AlertRule, Alert, AlertNotification, WebhookEndpoint, WebhookDelivery])],
  controllers: [AlertRulesController, AlertsController, WebhooksController],
  // Identity emails invitation and reset tokens through the same Mailer.
  providers: [AlertRulesService, AlertsService, WebhooksService, Mailer, { provide: ACCOUNT_MAIL, useExisting: Mailer }],
  exports: [Mailer, ACCOUNT_MAIL],
})
export class AlertsModule implements OnModuleInit {
  constructor(
    private readonly scopes: ResourceScopes,
    private readonly alerts: AlertsService,
    private readonly webhooks: WebhooksService,
    private readonly rules: AlertRulesService,
  ) {}

  /** Rules, alerts and webhook endpoints are reached through their footprint. */
  onModuleInit(): void {
    this.scopes.register('alert_rule', async (id) => {
      const footprintId = await this.rules.footprintOf(id);
      return footprintId ? [{ footprintId }] : null;
    });
    this.scopes.register('alert', async (id) => {
      const footprintId = await this.alerts.footprintOf(id);
      return footprintId ? [{ footprintId }] : null;
    });
    this.scopes.register('webhook', async (id) => {
      const footprintId = await this.webhooks.footprintOf(id);
      return footprintId ? [{ footprintId }] : null;
    });
  }
}
