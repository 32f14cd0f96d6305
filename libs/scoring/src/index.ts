export * from './bands';
export * from './item-scoring';
export * from './network';
export * from './statistics';
export * from './trend';
