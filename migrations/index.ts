import type { MigrationInterface } from 'typeorm';

/** Every migration, in order. A generated migration is reviewed, renamed for what it does and listed here. */
export const migrations: (new () => MigrationInterface)[] = [];
