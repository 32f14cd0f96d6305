import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

/**
 * The audit log on its own, without the routes, guard and tokens of IdentityModule: what a process
 * with no HTTP API (the worker) imports so that its writes are audited like the API's.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
