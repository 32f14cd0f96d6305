import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Page, type PageQuery, paginate, type Settings, SettingsService, toTheMillisecond } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { hostOf, publicAddressesOf, RefusedTargetError, urlProblem } from './webhook-targets';

export interface NewWebhook {
  url: string;
  description?: string;
}

const summary = (endpoint: WebhookEndpoint) => ({ url: endpoint.url, description: endpoint.description, revokedAt: endpoint.revokedAt });

/** A footprint's webhook endpoints and their delivery log. */
@Injectable()
export class WebhooksService {
  private readonly allowPrivateTargets: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.allowPrivateTargets = settings.get('WEBHOOK_ALLOW_PRIVATE_TARGETS', { infer: true });
  }

  async footprintOf(id: string): Promise<string | null> {
    const endpoint = await this.dataSource.manager.findOne(WebhookEndpoint, { where: { id }, select: { id: true, footprintId: true } });
    return endpoint?.footprintId ?? null;
  }

  list(footprintId: string): Promise<WebhookEndpoint[]> {
    return this.dataSource.manager.find(WebhookEndpoint, { where: { footprintId }, order: { createdAt: 'ASC' } });
  }

  /** A new endpoint and its signing secret, which is returned here and never again. */
  async create(footprintId: string, input: NewWebhook, userId: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.checkTarget(input.url);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.query('SELECT 1 FROM footprint WHERE id = $1', [footprintId])).length) throw new NotFoundError('Footprint', footprintId);
      const endpoint = await manager.save(manager.create(WebhookEndpoint, { footprintId, url: input.url, description: input.description ?? '', secret, createdBy: userId, revokedAt: null }));
      await this.audit.record(manager, { action: 'webhook.create', entityType: 'webhook_endpoint', entityId: endpoint.id, footprintId, after: summary(endpoint) });
      return { endpoint, secret };
    });
  }

  async revoke(id: string): Promise<WebhookEndpoint> {
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await manager.findOne(WebhookEndpoint, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!endpoint) throw new NotFoundError('Webhook endpoint', id);
      if (endpoint.revokedAt) throw new ConflictError('The webhook endpoint is already revoked');
      const before = summary(endpoint);
      endpoint.revokedAt = new Date();
      await manager.save(endpoint);
      await this.audit.record(manager, { action: 'webhook.revoke', entityType: 'webhook_endpoint', entityId: id, footprintId: endpoint.footprintId, before, after: summary(endpoint) });
      return endpoint;
    });
  }

  deliveries(endpointId: string, page: PageQuery): Promise<Page<WebhookDelivery>> {
    const rows = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.endpoint_id = :endpointId', { endpointId });
    return paginate(rows, toTheMillisecond('d.attempted_at'), (d) => d.attemptedAt.toISOString(), page, 'DESC');
  }

  /** Refuses, naming the field, a URL that is malformed, not https, or resolves to a private address. */
  private async checkTarget(raw: string): Promise<void> {
    const refuse = (problem: string) => new InvalidInputError(`url ${problem}`, [{ field: 'url', problem }]);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw refuse('must be an absolute URL');
    }
    const problem = urlProblem(url, this.allowPrivateTargets);
    if (problem) throw refuse(problem);
    if (this.allowPrivateTargets) return;
    try {
      await publicAddressesOf(hostOf(url));
    } catch (error) {
      if (error instanceof RefusedTargetError) throw refuse(`must not resolve to a private, loopback or link-local address: ${error.message}`);
      throw refuse(`has a host that could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`);
    }
  }
}
