import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { DatabaseNotifications } from './notifications';
import { DatabaseOutageWatch } from './outage-watch';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SettingsService],
      useFactory: (settings: Settings) => ({
        ...dataSourceOptions(settings.get('DATABASE_URL', { infer: true }), {
          DATABASE_POOL_SIZE: settings.get('DATABASE_POOL_SIZE', { infer: true }),
          DATABASE_IDLE_SECONDS: settings.get('DATABASE_IDLE_SECONDS', { infer: true }),
          DATABASE_CONNECT_TIMEOUT_MS: settings.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true }),
        }),
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [DatabaseNotifications, DatabaseOutageWatch],
  exports: [DatabaseNotifications],
})
export class DatabaseModule {}
