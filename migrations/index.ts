import type { MigrationInterface } from 'typeorm';
import { Outbox1795300000000 } from './1795300000000-outbox';

/** Every migration, in order. A generated migration is reviewed, renamed for what it does and listed here. */
export const migrations: (new () => MigrationInterface)[] = [Outbox1795300000000];
