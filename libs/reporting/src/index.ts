export * from './reporting.module';
export * from './reporting-worker.module';
export * from './anonymity/round-gate-decisions';
