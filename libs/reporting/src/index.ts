export * from './reporting.module';
export * from './reporting-worker.module';
export * from './anonymity/round-gate-decisions';
export * from './board-report/board-reports.service';
export * from './board-report/board-report-job';
