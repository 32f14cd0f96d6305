export * from './actions.module';
export * from './actions.service';
export * from './action-outcomes.service';
export * from './action-outcome';
export * from './action-link';
export * from './action-plan.entity';
export * from './action-update.entity';
export * from './action-status';
