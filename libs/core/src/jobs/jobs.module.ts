import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { Outbox } from './outbox';
import { OutboxMessage } from './outbox-message.entity';
import { JOB_QUEUE_OPTIONS, type JobQueueOptions, OutboxRelay } from './outbox-relay';

/** Producers (api and worker): `Outbox.enqueue` inside the caller's transaction. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [Outbox],
  exports: [Outbox],
})
export class OutboxModule {}

/** The worker side: the relay from the outbox to BullMQ. */
@Module({
  providers: [
    {
      provide: JOB_QUEUE_OPTIONS,
      inject: [SettingsService],
      useFactory: (settings: Settings): JobQueueOptions => ({
        // Fail fast while Redis is down: the relay backs off and the rows wait in PostgreSQL.
        connection: { url: settings.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: 1 },
        prefix: settings.get('QUEUE_PREFIX', { infer: true }),
        notificationAttempts: settings.get('NOTIFICATION_ATTEMPTS', { infer: true }),
      }),
    },
    OutboxRelay,
  ],
  exports: [OutboxRelay, JOB_QUEUE_OPTIONS],
})
export class OutboxRelayModule {}
