import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Page, paginate, type PageQuery } from '@pp/core';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor, Resource } from '../access/actor';
import type { Scope } from '../access/policy';
import { AuditService } from '../audit/audit.service';
import { ActorCache, type ReadActor } from '../auth/actor-cache';
import { newSecret, sha256 } from '../auth/secrets';
import { ApiKey } from './api-key.entity';
import { ApiKeyFootprint } from './api-key-footprint.entity';

/** Every key starts with this, so the guard tells keys from access tokens and scanners spot leaked keys. */
export const API_KEY_PREFIX = 'pp_';

const MAX_LIFETIME_DAYS = 730;
const DEFAULT_LIFETIME_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

export const footprintIdsOf = (key: ApiKey): string[] => key.footprints.map((f) => f.footprintId).sort();

const summary = (key: ApiKey) => ({
  name: key.name,
  prefix: key.prefix,
  footprintIds: footprintIdsOf(key),
  expiresAt: key.expiresAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export interface NewApiKey {
  name: string;
  footprintIds: string[];
  expiresAt?: string;
}

/** Read-only API keys for BI consumers. */
@Injectable()
export class ApiKeysService {
  private readonly markedUsed = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly actors: ActorCache,
  ) {}

  /** Creates a key; the returned `key` is the only time anyone sees it. */
  async create(input: NewApiKey, createdBy: Actor): Promise<{ apiKey: ApiKey; key: string }> {
    const expiresAt = this.expiry(input.expiresAt);
    const prefix = `${API_KEY_PREFIX}${newSecret().replace(/[-_]/g, '').slice(0, 10)}`;
    const key = `${prefix}_${newSecret()}`;
    return this.dataSource.transaction(async (manager) => {
      const apiKey = await manager.save(
        manager.create(ApiKey, {
          name: input.name,
          prefix,
          keyHash: sha256(key),
          footprints: [...new Set(input.footprintIds)].map((footprintId) => ({ footprintId })),
          createdByUserId: createdBy.kind === 'user' ? createdBy.id : null,
          expiresAt,
        }),
      );
      await this.recordPerFootprint(manager, apiKey, 'api_key.create', null);
      return { apiKey, key };
    });
  }

  /** Keys whose every footprint lies within the scope. */
  async list(page: PageQuery, scope: Scope): Promise<Page<ApiKey>> {
    const q = this.dataSource.getRepository(ApiKey).createQueryBuilder('k');
    if (!scope.all) {
      q.andWhere('NOT EXISTS (SELECT 1 FROM api_key_footprint f WHERE f.api_key_id = k.id AND NOT (f.footprint_id = ANY(:scopeFootprints)))', {
        scopeFootprints: scope.footprintIds,
      });
    }
    const result = await paginate(q, 'k.name', (key) => key.name, page);
    const footprints = await this.dataSource.getRepository(ApiKeyFootprint).findBy({ apiKeyId: In(result.items.map((k) => k.id)) });
    for (const key of result.items) key.footprints = footprints.filter((f) => f.apiKeyId === key.id);
    return result;
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ApiKey> {
    const key = await manager.getRepository(ApiKey).findOne({ where: { id }, relations: { footprints: true } });
    if (!key) throw new NotFoundError('API key', id);
    return key;
  }

  /** Revokes a key at once; it stays listed, marked revoked. */
  async revoke(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const key = await this.get(id, manager);
      if (key.revokedAt) throw new ConflictError('The API key is already revoked');
      const before = summary(key);
      key.revokedAt = new Date();
      await manager.update(ApiKey, id, { revokedAt: key.revokedAt });
      await this.recordPerFootprint(manager, key, 'api_key.revoke', before);
    });
    this.actors.forget(id);
  }

  /**
   * The actor for a presented key, or null when it is unknown, revoked or expired. Kept in
   * ActorCache until the key expires or changes (revoked, its footprints changed: PostgreSQL notifies).
   */
  async authenticate(key: string): Promise<Actor | null> {
    const hash = sha256(key);
    const actor = await this.actors.get(`api_key:${hash}`, () => this.read(hash));
    if (actor) await this.markUsed(actor.id);
    return actor;
  }

  private async read(hash: string): Promise<ReadActor | null> {
    const found = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.footprints', 'f')
      .where('k.key_hash = :hash AND k.revoked_at IS NULL AND k.expires_at > now()', { hash })
      .getOne();
    if (!found) return null;
    const grants = footprintIdsOf(found).map((footprintId) => ({ role: 'api_key' as const, footprintId }));
    return { actor: { kind: 'api_key', id: found.id, label: found.prefix, grants }, validUntil: found.expiresAt };
  }

  /** Writing on every request would turn each read into a write; once a minute (per process) shows a key is in use. */
  private async markUsed(id: string): Promise<void> {
    const now = Date.now();
    if ((this.markedUsed.get(id) ?? 0) > now - 60_000) return;
    if (this.markedUsed.size >= 10_000) this.markedUsed.clear();
    this.markedUsed.set(id, now);
    await this.dataSource.query(
      "UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
      [id],
    );
  }

  /** The footprints of a key, for the policy: a lead may see or revoke a key only if they lead all of them. */
  async scopeOf(id: string): Promise<Resource[] | null> {
    const rows = await this.dataSource.getRepository(ApiKeyFootprint).findBy({ apiKeyId: id });
    return rows.length ? rows.map(({ footprintId }) => ({ footprintId })) : null;
  }

  /** An entry per footprint, so each footprint's leads see what happened to keys reading it. */
  private async recordPerFootprint(manager: EntityManager, key: ApiKey, action: string, before: Record<string, unknown> | null): Promise<void> {
    for (const footprintId of footprintIdsOf(key)) {
      await this.audit.record(manager, { action, entityType: 'api_key', entityId: key.id, footprintId, before, after: summary(key) });
    }
  }

  private expiry(requested: string | undefined): Date {
    const now = Date.now();
    if (!requested) return new Date(now + DEFAULT_LIFETIME_DAYS * DAY_MS);
    const at = new Date(requested);
    if (at.getTime() <= now || at.getTime() > now + MAX_LIFETIME_DAYS * DAY_MS) {
      const problem = `must be in the future and within ${MAX_LIFETIME_DAYS} days`;
      throw new InvalidInputError(`expiresAt ${problem}`, [{ field: 'expiresAt', problem }]);
    }
    return at;
  }
}
