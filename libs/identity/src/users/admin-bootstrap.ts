import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Settings, SettingsService } from '@pp/core';
import { DataSource } from 'typeorm';
import { UsersService } from './users.service';

/** Any constant will do: it only serialises concurrent start-ups of several API instances. */
const BOOTSTRAP_LOCK = 7_302_118;

/**
 * Creates the first platform admin from BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, only
 * while no platform admin exists: there is never a default password.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    @Inject(SettingsService) private readonly settings: Settings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.settings.get('BOOTSTRAP_ADMIN_EMAIL', { infer: true });
    const password = this.settings.get('BOOTSTRAP_ADMIN_PASSWORD', { infer: true });
    if (email && password) await this.ensureAdmin(email, password);
  }

  /** True when it created the admin; false when a platform admin already existed. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if (await this.users.hasPlatformAdmin(manager)) return false;
      await this.users.create({ email, displayName: 'Platform admin', password, grants: [{ role: 'platform_admin' }] }, manager);
      return true;
    });
    if (created) this.logger.log(`Created the first platform admin, ${email}, from BOOTSTRAP_ADMIN_EMAIL; unset BOOTSTRAP_ADMIN_PASSWORD now`);
    return created;
  }
}
